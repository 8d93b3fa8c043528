// Names for the codes a console would otherwise show raw (01-ba-dinh, o-hotich): the units of the
// caller's province and the officials of the units the caller may see. Officials' names are not a
// citizen's personal data, so this is not a recorded read.
import { Router } from "express";
import type { AppDeps } from "../app.js";
import { visibleUnits } from "../../store/units.js";

export function directoryRoutes(d: AppDeps): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const p = req.principal!;
    const units = await d.db.query<{ code: string; name: string }>("select code, name from units where province = $1 order by code", [p.province]);
    const officials = await d.db.query<{ id: string; full_name: string; unit: string }>("select id, full_name, unit from officials where unit = any($1) order by id", [await visibleUnits(d.db, p)]);
    res.json({ units: units.rows, officials: officials.rows.map((o) => ({ id: o.id, fullName: o.full_name, unit: o.unit })) });
  });
  return r;
}
