// A province's units over HTTP (server/units/admin.ts): list (administrators and auditors),
// create, rename, dissolve and import (administrators at the province). POST /units/merge is
// supervision's (routes/supervision.ts): this router leaves that path to it.
import { Router, type NextFunction, type Request, type Response } from "express";
import type { AppDeps } from "../app.js";
import { bodyObject } from "../app.js";
import { requireRole } from "../auth.js";
import { MotcuaError, fieldError } from "../../../engine/errors.js";
import { UnitAdmin } from "../../units/admin.js";

/** Units are the province's own: only its administration at the province changes them. */
function provinceAdmin(req: Request, _res: Response, next: NextFunction) {
  const p = req.principal!;
  if (!p.roles.includes("admin") || p.unitLevel !== "province") return next(new MotcuaError("auth.forbidden", "needs role 'admin' at a province"));
  next();
}

export function unitRoutes(d: AppDeps): Router {
  const r = Router();
  const units = new UnitAdmin({ db: d.db, logKey: d.tlog.key, clock: d.clock });
  // ?kind=&all=true (dissolved and merged units too)
  r.get("/", requireRole("admin", "auditor"), async (req, res) => {
    const q = req.query as Record<string, unknown>;
    if (q.all !== undefined && q.all !== "true" && q.all !== "false") throw fieldError("/query/all", "enum", "true or false");
    if (q.kind !== undefined && typeof q.kind !== "string") throw fieldError("/query/kind", "type", "given once");
    res.json({ items: await units.list(req.principal!, { ...(typeof q.kind === "string" ? { kind: q.kind } : {}), all: q.all === "true" }) });
  });
  r.post("/", provinceAdmin, async (req, res) => {
    res.status(201).json({ unit: await units.create(req.principal!, bodyObject(req)) });
  });
  // {units: [...]} or {csv}, with dryRun?
  r.post("/import", provinceAdmin, async (req, res) => {
    const out = await units.import(req.principal!, bodyObject(req));
    res.status(out.dryRun ? 200 : 201).json(out);
  });
  r.get("/:code", requireRole("admin", "auditor"), async (req, res) => {
    res.json({ unit: await units.get(req.principal!, req.params.code as string) });
  });
  r.patch("/:code", provinceAdmin, async (req, res) => {
    res.json({ unit: await units.rename(req.principal!, req.params.code as string, bodyObject(req)) });
  });
  r.post("/:code/dissolve", provinceAdmin, async (req, res) => {
    res.json({ unit: await units.dissolve(req.principal!, req.params.code as string, bodyObject(req)) });
  });
  return r;
}
