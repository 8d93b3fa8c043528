// The auditor's read-only API: history with evidence, verification with a per-entry result,
// search, evidence bundles, checkpoints and RFC 9162 proofs.
import { Router, type Request } from "express";
import type { AppDeps } from "../app.js";
import { requireRole } from "../auth.js";
import { MotcuaError } from "../../../engine/errors.js";
import { visibleUnits } from "../../store/units.js";
import { getCase } from "../../store/cases.js";
import { buildBundle } from "../../audit/bundle.js";
import { verifyStoredCase } from "../../audit/verify-case.js";
import { listRegistry } from "../../audit/registry.js";

export function auditRoutes(d: AppDeps): Router {
  const r = Router();
  r.use(requireRole("auditor"));

  const visibleCase = async (req: Request) => {
    const c = await getCase(d.db, req.params.id as string);
    if (!c || !(await visibleUnits(d.db, req.principal!)).includes(c.unit)) throw new MotcuaError("case.not_found", req.params.id as string);
    return c;
  };

  r.get("/cases/:id", async (req, res) => {
    const c = await visibleCase(req);
    const b = await buildBundle(d.db, d.tlog, c.id, d.clock());
    const views = await d.db.query("select official_id, at from case_views where case_id = $1 order by at", [c.id]);
    res.json({ case: c, procedure: { id: b.procedure.id, version: b.procedure.version }, entries: b.entries, views: views.rows });
  });

  r.post("/cases/:id/verify", async (req, res) => {
    const c = await visibleCase(req);
    // Verify against what the log holds now: sequence and checkpoint first so fresh steps are covered.
    await d.tlog.publishCheckpoint(d.clock());
    res.json((await verifyStoredCase(d, c.id, d.clock())).report);
  });

  r.get("/cases/:id/bundle", async (req, res) => {
    const c = await visibleCase(req);
    await d.tlog.publishCheckpoint(d.clock());
    const bundle = await buildBundle(d.db, d.tlog, c.id, d.clock());
    res.set("content-disposition", `attachment; filename="evidence-${c.code}.json"`).json(bundle);
  });

  r.get("/entries", async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const units = await visibleUnits(d.db, req.principal!);
    const where = ["unit = any($1)"];
    const params: unknown[] = [q.unit ? units.filter((u) => u === q.unit) : units];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace("?", `$${params.length}`));
    };
    if (q.official) add("actor_id = ?", q.official);
    if (q.procedure) add("procedure like ?", `${q.procedure}@%`);
    if (q.action) add("action = ?", q.action);
    for (const [name, op] of [["from", ">="], ["to", "<"]] as const) {
      const v = q[name];
      if (v === undefined) continue;
      if (Number.isNaN(Date.parse(v))) throw new MotcuaError("request.invalid", `${name} must be an ISO date`, { errors: [{ pointer: `/query/${name}`, rule: "format", message: "must be an ISO-8601 date-time" }] });
      add(`at ${op} ?`, v);
    }
    const limit = q.limit === undefined ? 100 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new MotcuaError("request.invalid", "limit must be an integer from 1 to 1000", { errors: [{ pointer: "/query/limit", rule: "maximum", message: "must be an integer from 1 to 1000" }] });
    }
    const rows = await d.db.query(`select case_id, seq, entry, log_index from audit_entries where ${where.join(" and ")} order by at desc, case_id, seq limit ${limit}`, params);
    res.json({ items: rows.rows.map((x) => ({ caseId: x.case_id, seq: x.seq, logIndex: x.log_index === null ? null : Number(x.log_index), entry: x.entry })) });
  });

  r.get("/registry/:stream", async (req, res) => {
    res.json({ items: await listRegistry(d.db, req.params.stream as string) });
  });

  r.get("/checkpoints/latest", async (_req, res) => {
    const cp = await d.tlog.latestCheckpoint();
    if (!cp) throw new MotcuaError("request.not_found", "no checkpoint has been published yet");
    res.json(cp);
  });
  r.post("/checkpoints", async (_req, res) => {
    res.status(201).json((await d.tlog.publishCheckpoint(d.clock())) ?? null);
  });
  r.get("/log-key", (_req, res) => {
    res.json({ name: d.tlog.key.name, publicKeyPem: d.tlog.key.publicKeyPem });
  });

  r.get("/proofs/inclusion", async (req, res) => {
    const index = intParam(req.query.index, "index", 0);
    const size = intParam(req.query.size, "size", 1);
    if (index >= size) throw new MotcuaError("request.invalid", "index must be below size", { errors: [{ pointer: "/query/index", rule: "maximum", message: "must be below size" }] });
    await checkSize(d, size);
    res.json({ index, size, proof: await d.tlog.inclusionProof(index, size) });
  });
  r.get("/proofs/consistency", async (req, res) => {
    const from = intParam(req.query.from, "from", 1);
    const to = intParam(req.query.to, "to", 1);
    if (from > to) throw new MotcuaError("request.invalid", "from must not exceed to", { errors: [{ pointer: "/query/from", rule: "maximum", message: "must not exceed to" }] });
    await checkSize(d, to);
    res.json({ from, to, proof: await d.tlog.consistencyProof(from, to) });
  });
  return r;
}

function intParam(v: unknown, name: string, min: number): number {
  const n = Number(v);
  if (typeof v !== "string" || !Number.isSafeInteger(n) || n < min) {
    throw new MotcuaError("request.invalid", `${name} must be an integer >= ${min}`, { errors: [{ pointer: `/query/${name}`, rule: "minimum", message: `must be an integer >= ${min}` }] });
  }
  return n;
}

async function checkSize(d: AppDeps, size: number): Promise<void> {
  await d.tlog.sync();
  if (size > d.tlog.size) throw new MotcuaError("request.invalid", `the log has ${d.tlog.size} leaves`, { errors: [{ pointer: "/query/size", rule: "maximum", message: `must be at most ${d.tlog.size}` }] });
}
