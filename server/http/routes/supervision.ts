// Supervision over HTTP: apology notices, claiming and releasing, a supervisor's assignment,
// taking over a departed official's open cases, the queue view, unit merges and deadline notices.
// Mounted at the root: its paths span /cases, /officials, /units, /queue and /notices.
import { Router, type Request } from "express";
import type { AppDeps } from "../app.js";
import { bodyObject } from "../app.js";
import { SupervisionService } from "../../supervision/service.js";
import { mergeUnits } from "../../supervision/unit-merge.js";
import { visibleUnits } from "../../store/units.js";

export function supervisionRoutes(d: AppDeps): Router {
  const r = Router();
  const s = new SupervisionService({ db: d.db, cases: d.cases, clock: d.clock });
  const id = (v: unknown) => String(v);
  // Claim and release carry at most an expectedVersion: an empty POST is fine.
  const optionalBody = (req: Request) => (req.body === undefined ? {} : bodyObject(req));

  // {reason, newAppointment: "YYYY-MM-DD", expectedVersion?}: the role owning the current state, or a supervisor.
  r.post("/cases/:id/apology", async (req, res) => {
    res.json(await s.apology(req.principal!, id(req.params.id), bodyObject(req)));
  });
  // An official takes the case from its unit + role queue, or gives it back.
  r.post("/cases/:id/claim", async (req, res) => {
    res.json(await s.assignment(req.principal!, id(req.params.id), optionalBody(req), "claim"));
  });
  r.post("/cases/:id/release", async (req, res) => {
    res.json(await s.assignment(req.principal!, id(req.params.id), optionalBody(req), "release"));
  });
  // {officialId: string | null}: a supervisor of the case's unit.
  r.post("/cases/:id/assign", async (req, res) => {
    res.json(await s.assignment(req.principal!, id(req.params.id), bodyObject(req), "reassign"));
  });
  // {to?: officialId | null, reason?}: a supervisor of the official's unit.
  r.post("/officials/:id/reassign-open-cases", async (req, res) => {
    res.json(await s.reassignOpenCases(req.principal!, id(req.params.id), bodyObject(req)));
  });
  // {from: [codes], into: code}: an administrator of the same province.
  r.post("/units/merge", async (req, res) => {
    res.json(await mergeUnits({ db: d.db, cases: d.cases, clock: d.clock }, req.principal!, bodyObject(req)));
  });
  r.get("/queue", async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    res.json(await s.queue(req.principal!, { unit: q.unit, role: q.role }));
  });
  // The latest deadline notices of the units the caller sees.
  r.get("/notices", async (req, res) => {
    const units = await visibleUnits(d.db, req.principal!);
    const rows = await d.db.query(
      `select case_id as "caseId", unit, owner_role as "queue", assignee as "holder", kind, due_at as "dueAt", at
         from deadline_notices where unit = any($1) order by at desc, id desc limit 200`,
      [units],
    );
    res.json({ items: rows.rows });
  });
  return r;
}
