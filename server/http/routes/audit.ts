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
import { verifyLog } from "../../audit/verify-log.js";
import type { SealedRecord } from "../../../engine/audit/bundle.js";

/** What a read record says: who, when, through which route, which purpose. */
function readSummary(r: SealedRecord) {
  const data = r.entry.data as { route?: string; purpose?: string; cases?: string[] };
  return { stream: r.entry.stream, actorId: r.entry.actor.id, at: r.entry.at, route: data.route ?? null, purpose: data.purpose ?? null, cases: data.cases?.length ?? 0 };
}

export function auditRoutes(d: AppDeps): Router {
  const r = Router();
  r.use(requireRole("auditor"));

  const visibleCase = async (req: Request) => {
    const c = await getCase(d.db, req.params.id as string);
    if (!c || !(await visibleUnits(d.db, req.principal!)).includes(c.unit)) throw new MotcuaError("case.not_found", req.params.id as string);
    return c;
  };

  // An auditor may state why they look (an inspection's reference); it is kept in the read record.
  const purposeOf = (req: Request): string | undefined => {
    const p = (req.query as Record<string, unknown>).purpose;
    if (p === undefined) return undefined;
    if (typeof p !== "string" || p.length > 500) throw new MotcuaError("request.invalid", "purpose must be a text of at most 500 characters", { errors: [{ pointer: "/query/purpose", rule: "maxLength", message: "at most 500 characters" }] });
    return p.trim() || undefined;
  };

  r.get("/cases/:id", async (req, res) => {
    const c = await visibleCase(req);
    const b = await buildBundle(d.db, d.tlog, c.id, d.clock());
    await d.reads.record(req.principal!, "GET /audit/cases/{id}", [c.id], purposeOf(req));
    res.json({ case: c, procedure: { id: b.procedure.id, version: b.procedure.version }, entries: b.entries, reads: (b.reads ?? []).map(readSummary) });
  });

  // Who read the case's personal data, each read record checked (hash, seal, place in the log).
  r.get("/cases/:id/reads", async (req, res) => {
    const c = await visibleCase(req);
    const { bundle, report } = await verifyStoredCase(d, c.id, d.clock());
    res.json({ items: (bundle.reads ?? []).map((x, i) => ({ ...readSummary(x), ok: report.reads[i]!.ok, checks: report.reads[i]!.checks })) });
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
    await d.reads.record(req.principal!, "GET /audit/cases/{id}/bundle", [c.id], purposeOf(req));
    res.set("content-disposition", `attachment; filename="evidence-${c.code}.json"`).json(bundle);
  });

  r.get("/entries", async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const units = await visibleUnits(d.db, req.principal!);
    // The province is implied by the units; said again so the newest entries come from audit_entries_by_province.
    const scope = q.unit ? units.filter((u) => u === q.unit) : units;
    // One unit as equality, so audit_entries_by_unit yields the newest first (with `any` PostgreSQL sorts them all).
    const where = [scope.length === 1 ? "unit = $1" : "unit = any($1)", "province = $2"];
    const params: unknown[] = [scope.length === 1 ? scope[0] : scope, req.principal!.province];
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
    // Entries carry what each step received (dossier data): one read record for the page.
    await d.reads.record(req.principal!, "GET /audit/entries", rows.rows.map((x) => String(x.case_id)), purposeOf(req));
    // Case codes, so that people read "HS-…" rather than a UUID.
    const codes = new Map((await d.db.query<{ id: string; code: string }>("select id, code from cases where id = any($1)", [[...new Set(rows.rows.map((x) => String(x.case_id)))]])).rows.map((c) => [c.id, c.code]));
    res.json({ items: rows.rows.map((x) => ({ caseId: x.case_id, caseCode: codes.get(String(x.case_id)) ?? null, seq: x.seq, logIndex: x.log_index === null ? null : Number(x.log_index), entry: x.entry })) });
  });

  // The whole log against the rows it was built from (server/audit/verify-log.ts).
  r.post("/log/verify", async (_req, res) => {
    await d.tlog.publishCheckpoint(d.clock());
    res.json(await verifyLog(d.db, d.tlog));
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
