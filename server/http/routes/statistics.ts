// GET /statistics?province=|unit=&procedure=&from=YYYY-MM-DD&to=YYYY-MM-DD&interval=day|week|month
//   &format=json|csv&by=procedure|unit|period (by: which breakdown the CSV lists; JSON has them all)
// Province figures for province-level officials of that province; a unit's (with the units
// merged into it) for whoever may see that unit.
import { Router, type Request } from "express";
import type { AppDeps } from "../app.js";
import { MotcuaError, fieldError } from "../../../engine/errors.js";
import { isLocalDate } from "../../../engine/calendar.js";
import { periodStarts, queryStatistics, statisticsCsv, type StatisticsBreakdown, type StatisticsFilter, type StatisticsInterval } from "../../supervision/statistics.js";
import { unitWithPredecessors, visibleUnits } from "../../store/units.js";

const MAX_DAYS = 3 * 366;
/** A chart of more bars than this is unreadable and its answer large: ask for a longer interval. */
const MAX_PERIODS = 400;
const INTERVALS = ["day", "week", "month"];
const BREAKDOWNS = ["procedure", "unit", "period"];

export function statisticsRoutes(d: AppDeps): Router {
  const r = Router();
  r.get("/", async (req, res) => {
    const f = await readFilter(d, req);
    const stats = await queryStatistics(d.db, f, d.cases.calendar);
    if ((req.query.format ?? "json") === "csv") {
      const by = (req.query.by ?? "procedure") as StatisticsBreakdown;
      const name = `statistics-${f.province ?? (req.query.unit as string)}-${f.from}-${f.to}${by === "procedure" ? "" : `-by-${by}`}.csv`;
      res.type("text/csv; charset=utf-8").set("content-disposition", `attachment; filename="${name}"`).send(statisticsCsv(stats, by));
      return;
    }
    res.json(stats);
  });
  return r;
}

async function readFilter(d: AppDeps, req: Request): Promise<StatisticsFilter> {
  const q = req.query as Record<string, unknown>;
  const p = req.principal!;
  for (const k of ["province", "unit", "procedure", "from", "to", "format", "interval", "by"]) if (q[k] !== undefined && typeof q[k] !== "string") throw invalid(k, "must be given once");
  if (q.format !== undefined && q.format !== "json" && q.format !== "csv") throw invalid("format", "must be json or csv");
  if (q.interval !== undefined && !INTERVALS.includes(q.interval as string)) throw invalid("interval", "must be day, week or month");
  if (q.by !== undefined && !BREAKDOWNS.includes(q.by as string)) throw invalid("by", "must be procedure, unit or period");
  // JSON carries every breakdown; a `by` there would be silently ignored, so it is refused.
  if (q.by !== undefined && q.format !== "csv") throw invalid("by", "applies to format=csv only (JSON has every breakdown)");
  if ((q.province === undefined) === (q.unit === undefined)) throw invalid("province", "give exactly one of province and unit");
  for (const k of ["from", "to"]) if (!isLocalDate(q[k])) throw invalid(k, "must be a date YYYY-MM-DD");
  const from = q.from as string;
  const to = q.to as string;
  if (to < from) throw invalid("to", "must not be before from");
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS) throw invalid("to", `a period is at most ${MAX_DAYS} days`);
  const interval = q.interval as StatisticsInterval | undefined;
  if (interval !== undefined && periodStarts(from, to, interval).length > MAX_PERIODS) throw invalid("interval", `a series has at most ${MAX_PERIODS} periods: choose a longer interval`);
  const base = {
    from, to, asOf: d.clock(),
    ...(typeof q.procedure === "string" ? { procedureId: q.procedure } : {}),
    ...(interval !== undefined ? { interval } : {}),
  };
  if (typeof q.province === "string") {
    if (p.unitLevel !== "province" || p.province !== q.province) throw new MotcuaError("auth.forbidden", `province ${q.province} figures are for its provincial officials`);
    return { ...base, province: q.province };
  }
  const unit = q.unit as string;
  if (!(await visibleUnits(d.db, p)).includes(unit)) throw new MotcuaError("auth.forbidden", `unit ${unit} is outside your jurisdiction`);
  return { ...base, units: await unitWithPredecessors(d.db, unit) };
}

const invalid = (name: string, message: string) => fieldError(`/query/${name}`, "format", message);
