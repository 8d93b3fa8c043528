// The tracking page's answer, without an account: the dossier code and the secret printed on the
// receipt open that dossier's progress (engine/citizen-view.ts), nothing else. A wrong code and a
// wrong secret are the same 404 after the same work (server/cases/tracking-secret.ts), so the
// route tells nobody which codes exist; and each address gets a few tries a minute.
import { Router } from "express";
import type { AppDeps } from "../app.js";
import { bodyObject } from "../app.js";
import { MotcuaError, type FieldError } from "../../../engine/errors.js";
import { citizenView } from "../../../engine/citizen-view.js";
import { listEntries } from "../../store/cases.js";
import { getTracked } from "../../store/tracking.js";
import { getUnit } from "../../store/units.js";
import { secretMatches } from "../../cases/tracking-secret.js";
import { publicRateLimit } from "../public-rate-limit.js";

export function trackRoutes(d: AppDeps): Router {
  const r = Router();
  r.use(publicRateLimit(d.publicChecksPerMinute, "tracking requests"));
  r.post("/", async (req, res) => {
    const body = bodyObject(req);
    const errors: FieldError[] = [];
    for (const k of ["code", "secret"] as const) {
      const v = body[k];
      if (typeof v !== "string" || v.trim().length === 0 || v.length > 64) errors.push({ pointer: `/${k}`, rule: "type", message: `must be the ${k === "code" ? "dossier code" : "tracking secret"} printed on the receipt` });
    }
    if (errors.length > 0) throw new MotcuaError("request.invalid", "the dossier code and the tracking secret are both needed", { errors });
    const found = await getTracked(d.db, String(body.code).trim().toUpperCase());
    const tracked = found?.hash ? { caseId: found.case.id, hash: found.hash } : undefined;
    if (!secretMatches(tracked, String(body.secret)) || !found) throw new MotcuaError("case.not_found", "no dossier has this code and tracking secret");
    const c = found.case;
    const cp = await d.cases.compiled(d.db, c);
    const unit = await getUnit(d.db, c.unit);
    const view = citizenView(cp, c, await listEntries(d.db, c.id), { now: d.clock(), calendar: d.cases.calendar });
    res.set("cache-control", "no-store").json({ ...view, unitName: unit?.name ?? c.unit });
  });
  return r;
}
