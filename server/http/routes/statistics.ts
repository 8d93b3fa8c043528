// GET /statistics?province=|unit=&procedure=&from=YYYY-MM-DD&to=YYYY-MM-DD&format=json|csv
// Province figures for province-level officials of that province; a unit's (with the units
// merged into it) for whoever may see that unit.
import { Router, type Request } from "express";
import type { AppDeps } from "../app.js";
import { MotcuaError } from "../../../engine/errors.js";
import { isLocalDate } from "../../../engine/calendar.js";
import { queryStatistics, statisticsCsv, type StatisticsFilter } from "../../supervision/statistics.js";
import { unitWithPredecessors, visibleUnits } from "../../store/units.js";

const MAX_DAYS = 3 * 366;

export function statisticsRoutes(d: AppDeps): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const f = await readFilter(d, req);
    const stats = await queryStatistics(d.db, f, d.cases.calendar);
    if ((req.query.format ?? "json") === "csv") {
      const name = `statistics-${f.province ?? (req.query.unit as string)}-${f.from}-${f.to}.csv`;
      res.type("text/csv; charset=utf-8").set("content-disposition", `attachment; filename="${name}"`).send(statisticsCsv(stats));
      return;
    }
    res.json(stats);
  });
  return r;
}

async function readFilter(d: AppDeps, req: Request): Promise<StatisticsFilter> {
  const q = req.query as Record<string, unknown>;
  const p = req.principal!;
  for (const k of ["province", "unit", "procedure", "from", "to", "format"]) if (q[k] !== undefined && typeof q[k] !== "string") throw invalid(k, "must be given once");
  if (q.format !== undefined && q.format !== "json" && q.format !== "csv") throw invalid("format", "must be json or csv");
  if ((q.province === undefined) === (q.unit === undefined)) throw invalid("province", "give exactly one of province and unit");
  for (const k of ["from", "to"]) if (!isLocalDate(q[k])) throw invalid(k, "must be a date YYYY-MM-DD");
  const from = q.from as string;
  const to = q.to as string;
  if (to < from) throw invalid("to", "must not be before from");
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS) throw invalid("to", `a period is at most ${MAX_DAYS} days`);
  const base = { from, to, asOf: d.clock(), ...(typeof q.procedure === "string" ? { procedureId: q.procedure } : {}) };
  if (typeof q.province === "string") {
    if (p.unitLevel !== "province" || p.province !== q.province) throw new MotcuaError("auth.forbidden", `province ${q.province} figures are for its provincial officials`);
    return { ...base, province: q.province };
  }
  const unit = q.unit as string;
  if (!(await visibleUnits(d.db, p)).includes(unit)) throw new MotcuaError("auth.forbidden", `unit ${unit} is outside your jurisdiction`);
  return { ...base, units: await unitWithPredecessors(d.db, unit) };
}

function invalid(name: string, message: string): MotcuaError {
  return new MotcuaError("request.invalid", message, { errors: [{ pointer: `/query/${name}`, rule: "format", message }] });
}
