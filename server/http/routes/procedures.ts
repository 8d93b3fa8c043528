// The procedure catalog: list, read a version, validate a draft, publish a new version (admin).
import { Router } from "express";
import type { AppDeps } from "../app.js";
import { bodyObject } from "../app.js";
import { requireRole } from "../auth.js";
import { MotcuaError } from "../../../engine/errors.js";
import { lintProcedure } from "../../../engine/procedure/lint.js";
import { hasErrors } from "../../../engine/diagnostics.js";
import { catalogVersions, getVersion, listVersions, versionInForce } from "../../store/procedures.js";
import { publishProcedure } from "../../catalog/publish.js";
import { migrateCases } from "../../catalog/migrate-cases.js";
import { isPositivePgInteger } from "../../db/integers.js";
import type { Procedure } from "../../../schemas/generated/procedure.js";

export function procedureRoutes(d: AppDeps): Router {
  const r = Router();
  r.get("/", async (_req, res) => {
    const now = d.clock();
    const items = (await catalogVersions(d.db, now)).map((v) => ({
      id: v.id, version: v.version, title: v.definition.title, level: v.definition.level, publishedAt: v.publishedAt,
      inForce: Date.parse(v.inForceFrom) <= Date.parse(now), inForceFrom: v.inForceFrom,
      ...(v.upcoming ? { upcoming: { version: v.upcoming.version, inForceFrom: v.upcoming.inForceFrom } } : {}),
    }));
    res.json({ items });
  });
  r.post("/validate", (req, res) => {
    const diagnostics = lintProcedure(req.body);
    res.json({ valid: !hasErrors(diagnostics), diagnostics });
  });
  r.post("/", requireRole("admin"), async (req, res) => {
    const doc = bodyObject(req);
    const now = d.clock();
    const out = await publishProcedure(d.db, d.tlog.key, doc, req.principal!.id, now, d.cases.calendar);
    // The server's clock decides: a client comparing with a time it loaded earlier would be wrong.
    res.status(out.created ? 201 : 200).json({ ...out, inForce: Date.parse(out.inForceFrom) <= Date.parse(now) });
  });
  // Moving open cases to a newer version: an explicit, audited decision (see catalog/migrate-cases.ts).
  r.post("/:id/migrate", requireRole("admin"), async (req, res) => {
    res.json(await migrateCases({ db: d.db, cases: d.cases, clock: d.clock, key: d.tlog.key }, req.principal!, req.params.id as string, bodyObject(req)));
  });
  r.get("/:id", async (req, res) => {
    // Without a version: the one new dossiers are received under now (a version published ahead of
    // its effective date is listed by /versions, not served here before its day).
    const version = parseVersion(req.query.version, "/query/version");
    const v = version === undefined ? await versionInForce(d.db, req.params.id, d.clock()) : await getVersion(d.db, req.params.id, version);
    if (!v) throw new MotcuaError("procedure.not_found", `${req.params.id}${version ? "@" + version : " (no version in force)"}`);
    res.json(v);
  });
  r.get("/:id/versions", async (req, res) => {
    const items = (await listVersions(d.db, req.params.id)).map((v) => ({ version: v.version, contentHash: v.contentHash, publishedAt: v.publishedAt, publishedBy: v.publishedBy, inForceFrom: v.inForceFrom }));
    if (items.length === 0) throw new MotcuaError("procedure.not_found", req.params.id);
    res.json({ items });
  });
  r.get("/:id/versions/:version", async (req, res) => {
    const v = await getVersion(d.db, req.params.id, parseVersion(req.params.version, "/path/version")!);
    if (!v) throw new MotcuaError("procedure.not_found", `${req.params.id}@${req.params.version}`);
    res.json(v as { definition: Procedure });
  });
  return r;
}

/** `pointer` names where the version came from, like /query/limit for the inbox. */
function parseVersion(v: unknown, pointer: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  // Versions are PostgreSQL integers: a larger number is refused here, not by the database (22003).
  if (!isPositivePgInteger(n)) throw new MotcuaError("request.invalid", "version must be an integer from 1 to 2147483647", { errors: [{ pointer, rule: "maximum", message: "must be an integer from 1 to 2147483647" }] });
  return n;
}
