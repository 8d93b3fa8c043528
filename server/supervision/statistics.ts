// Counts leaders ask for, for a province or a unit, a procedure (or all) and a period of receipt:
// received, online vs counter, completed on time and late, refused, withdrawn, in progress,
// overdue, apology notices, mean and 90th-percentile processing time, fees; broken down by
// procedure, by unit and by day, week or month of receipt (the console's dashboard draws these).
//
// Two queries over `cases` (by procedure; by unit and period), no rollup: the covering indexes
// of migrations 0003 and 0017 make each an index-only scan over exactly the cases counted, so the figures are never stale (a rollup
// would have to change at every commit that closes or re-dates a case). bench/statistics.ts
// measures it on 1,000,000 cases and prints the plan.
//
// Definitions (the cohort is the cases received in the period; their status is taken at `asOf`):
// - late: completed after its due date (moved by pauses and lawful extensions, which are not
//   lateness), or marked late for missing the deadline an apology notice announced; on time otherwise.
// - overdue: still open and past its due date, unless the clock was paused before the due date.
// - processing time: received_at to closed_at of completed cases, elapsed hours.
// - fees: what the cohort owes after exemptions (fee_due), and how much of it is paid so far
//   (fee_collected; migration 0017 adds both to the covering indexes).
import type { Database, Queryable } from "../db/database.js";
import { type Instant, type LocalDate, type WorkingCalendar, atLocalTime } from "../../engine/calendar.js";

export type StatisticsInterval = "day" | "week" | "month";

export interface StatisticsFilter {
  /** Exactly one of province and units (a unit with its merged predecessors). */
  province?: string;
  units?: string[];
  procedureId?: string;
  /** Local dates, inclusive. */
  from: LocalDate;
  to: LocalDate;
  asOf: Instant;
  /** The series' step; by default a day up to a month, a week up to half a year, else a month. */
  interval?: StatisticsInterval;
}

/** The figures of one group of cases (a procedure, a unit, a period or all). */
export interface StatisticsCounts {
  received: number;
  online: number;
  counter: number;
  onlineShare: number | null;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  refused: number;
  withdrawn: number;
  inProgress: number;
  overdue: number;
  apologies: number;
  avgProcessingHours: number | null;
  /** VND owed by the cohort after exemptions, collected so far, and the rest. */
  feesDue: number;
  feesCollected: number;
  feesOutstanding: number;
}

/** A procedure's row or the total: with the 90th percentile, which the breakdowns leave out (see statisticsQuery). */
export interface StatisticsRow extends StatisticsCounts {
  procedureId: string | null;
  p90ProcessingHours: number | null;
}

export interface UnitStatisticsRow extends StatisticsCounts {
  unit: string;
}

export interface PeriodStatisticsRow extends StatisticsCounts {
  /** First local day of the period (a Monday for weeks, the 1st for months; may precede `from`). */
  start: LocalDate;
}

export interface Statistics {
  filter: { province: string | null; units: string[] | null; procedureId: string | null; from: LocalDate; to: LocalDate; asOf: Instant };
  total: StatisticsRow;
  byProcedure: StatisticsRow[];
  byUnit: UnitStatisticsRow[];
  /** Every period of the filter, empty ones included, so a chart has no holes. */
  series: { interval: StatisticsInterval; periods: PeriodStatisticsRow[] };
}

/** A day up to a month, a week up to half a year, else a month: about 5 to 40 bars on a chart. */
export function defaultInterval(from: LocalDate, to: LocalDate): StatisticsInterval {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  return days <= 31 ? "day" : days <= 183 ? "week" : "month";
}

/**
 * Which of the two queries: "procedures" (one row per procedure and the total, with the 90th
 * percentile) or "breakdowns" (by unit and by period of receipt, in one grouping-sets pass).
 * The breakdowns leave the percentile out: an ordered-set aggregate forces a sort of every
 * counted case per grouping set, which made a province's quarter five times slower; without it
 * PostgreSQL aggregates both sets by hashing in a single scan.
 */
export type StatisticsPart = "procedures" | "breakdowns";

/** The SQL and its parameters (exported for EXPLAIN in the benchmark and the plan test). */
export function statisticsQuery(f: StatisticsFilter, cal: WorkingCalendar, part: StatisticsPart = "procedures"): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (f.province !== undefined) where.push(`province = ${p(f.province)}`);
  else where.push(`unit = any(${p(f.units ?? [])}::text[])`);
  if (f.procedureId !== undefined) where.push(`procedure_id = ${p(f.procedureId)}`);
  where.push(`received_at >= ${p(startOf(f.from, cal))}`, `received_at < ${p(startOf(addDays(f.to, 1), cal))}`);
  const asOf = p(f.asOf);
  const lateExpr = "(late or closed_at > due_at)";
  // date_part gives float8 seconds; extract() gives numeric, twice as slow to sort for the percentile.
  const seconds = "date_part('epoch', closed_at - received_at)";
  let keys: string;
  let groups: string;
  let p90 = "";
  if (part === "procedures") {
    keys = "grouping(procedure_id) as total, procedure_id";
    // One procedure: a single group. All procedures: one row each plus the total (grouping set ()).
    groups = f.procedureId !== undefined ? "group by procedure_id order by procedure_id" : "group by grouping sets ((procedure_id), ()) order by grouping(procedure_id), procedure_id";
    p90 = `, percentile_cont(0.9) within group (order by ${seconds}) filter (where outcome = 'completed') as p90_seconds`;
  } else {
    // The period of receipt in the calendar's zone; the same text in select and group by.
    const period = `date_trunc(${p(f.interval ?? defaultInterval(f.from, f.to))}, received_at at time zone ${p(cal.timeZone)})`;
    keys = `grouping(unit) as by_period, unit, to_char(${period}, 'YYYY-MM-DD') as period`;
    groups = `group by grouping sets ((unit), (${period})) order by 1, 2, 3`;
  }
  const sql = `
    select ${keys},
      count(*)::int as received,
      count(*) filter (where channel = 'online')::int as online,
      count(*) filter (where outcome = 'completed')::int as completed,
      count(*) filter (where outcome = 'completed' and not ${lateExpr})::int as completed_on_time,
      count(*) filter (where outcome = 'completed' and ${lateExpr})::int as completed_late,
      count(*) filter (where outcome = 'refused')::int as refused,
      count(*) filter (where outcome = 'withdrawn')::int as withdrawn,
      count(*) filter (where closed_at is null)::int as in_progress,
      count(*) filter (where closed_at is null and due_at < ${asOf}::timestamptz and (paused_at is null or paused_at > due_at))::int as overdue,
      count(*) filter (where late)::int as apologies,
      coalesce(sum(fee_due), 0)::bigint as fees_due,
      coalesce(sum(fee_collected), 0)::bigint as fees_collected,
      avg(${seconds}) filter (where outcome = 'completed') as avg_seconds${p90}
    from cases
    where ${where.join(" and ")}
    ${groups}`;
  return { sql, params };
}

/**
 * Memory for the breakdowns' hash table. The planner takes the number of periods for the number
 * of distinct receipt times (a function of one column gets that column's statistics), about one
 * group per case, so with the default 4 MB it sorts every counted case twice, spilling to disk:
 * 250 ms for a province's quarter at 1,000,000 cases against 140 ms hashed (bench/statistics.ts).
 * The real table holds a few hundred groups; the setting only lets the planner believe it fits.
 */
export const BREAKDOWNS_WORK_MEM = "32MB";

/** Both queries at once, on two pooled connections (one after the other on PGlite's single one). */
export async function queryStatistics(db: Database, f: StatisticsFilter, cal: WorkingCalendar): Promise<Statistics> {
  const run = (q: Queryable, part: StatisticsPart) => {
    const { sql, params } = statisticsQuery(f, cal, part);
    return q.query<Record<string, unknown>>(sql, params);
  };
  const [procedures, breakdowns] = await Promise.all([
    run(db, "procedures"),
    db.tx(async (q) => {
      await q.query(`set local work_mem = '${BREAKDOWNS_WORK_MEM}'`);
      return run(q, "breakdowns");
    }),
  ]);
  const filter = { province: f.province ?? null, units: f.units ?? null, procedureId: f.procedureId ?? null, from: f.from, to: f.to, asOf: f.asOf };
  const withP90 = (x: Record<string, unknown>) => ({ ...counts(x), p90ProcessingHours: hours(x.p90_seconds) });
  const totalRow = procedures.rows.find((x) => Number(x.total) === 1);
  let byProcedure = procedures.rows.filter((x) => Number(x.total) === 0).map((x) => ({ procedureId: x.procedure_id as string, ...withP90(x) }));
  // One procedure asked for: its row is the total, and it is there even when nothing was received.
  if (f.procedureId !== undefined) byProcedure = [{ ...withP90(procedures.rows[0] ?? {}), procedureId: f.procedureId }];
  const total = { procedureId: null, ...(f.procedureId !== undefined ? withP90(procedures.rows[0] ?? {}) : withP90(totalRow ?? {})) };
  const byUnit = breakdowns.rows.filter((x) => Number(x.by_period) === 0).map((x) => ({ unit: x.unit as string, ...counts(x) }));
  const interval = f.interval ?? defaultInterval(f.from, f.to);
  const found = new Map(breakdowns.rows.filter((x) => Number(x.by_period) === 1).map((x) => [x.period as string, counts(x)]));
  const periods = periodStarts(f.from, f.to, interval).map((start) => ({ start, ...(found.get(start) ?? counts({})) }));
  return { filter, total, byProcedure, byUnit, series: { interval, periods } };
}

/** The first local day of every period touching [from, to]: Mondays for weeks (ISO, as date_trunc), the 1st for months. */
export function periodStarts(from: LocalDate, to: LocalDate, interval: StatisticsInterval): LocalDate[] {
  let d = new Date(`${from}T00:00:00Z`);
  if (interval === "week") d = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000);
  if (interval === "month") d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const end = Date.parse(`${to}T00:00:00Z`);
  const out: LocalDate[] = [];
  while (d.getTime() <= end) {
    out.push(d.toISOString().slice(0, 10));
    d = interval === "month" ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)) : new Date(d.getTime() + (interval === "week" ? 7 : 1) * 86_400_000);
  }
  return out;
}

// p90_processing_hours is empty on unit and period lines (the breakdowns leave it out).
const CSV_COLUMNS: Array<[string, Exclude<keyof StatisticsRow, "procedureId">]> = [
  ["received", "received"], ["online", "online"], ["counter", "counter"], ["online_share", "onlineShare"],
  ["completed", "completed"], ["completed_on_time", "completedOnTime"], ["completed_late", "completedLate"], ["refused", "refused"],
  ["withdrawn", "withdrawn"], ["in_progress", "inProgress"], ["overdue", "overdue"], ["apologies", "apologies"],
  ["avg_processing_hours", "avgProcessingHours"], ["p90_processing_hours", "p90ProcessingHours"],
  ["fees_due", "feesDue"], ["fees_collected", "feesCollected"], ["fees_outstanding", "feesOutstanding"],
];

export type StatisticsBreakdown = "procedure" | "unit" | "period";

/**
 * RFC 4180 CSV: the filter repeated on every line (so a sheet can stack exports), one line per
 * procedure, unit or period (`by`), then the total ("*").
 */
export function statisticsCsv(s: Statistics, by: StatisticsBreakdown = "procedure"): string {
  const scope = [s.filter.province ?? "", (s.filter.units ?? []).join(" "), s.filter.from, s.filter.to, s.filter.asOf];
  const head = ["province", "units", "from", "to", "as_of", by, ...CSV_COLUMNS.map(([h]) => h)];
  const line = (r: StatisticsCounts & Partial<StatisticsRow>, label: string) => [...scope, label, ...CSV_COLUMNS.map(([, k]) => r[k])];
  const rows: Array<[StatisticsCounts & Partial<StatisticsRow>, string]> =
    by === "unit" ? s.byUnit.map((r) => [r, r.unit]) : by === "period" ? s.series.periods.map((r) => [r, r.start]) : s.byProcedure.map((r) => [r, r.procedureId ?? ""]);
  return [head, ...rows.map(([r, label]) => line(r, label)), line(s.total, "*")].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Seconds as hours to two decimals; null when there was nothing to measure. */
function hours(v: unknown): number | null {
  return v === null || v === undefined ? null : Math.round((Number(v) / 3600) * 100) / 100;
}

function counts(x: Record<string, unknown>): StatisticsCounts {
  const n = (k: string) => Number(x[k] ?? 0);
  const received = n("received");
  const online = n("online");
  return {
    received, online, counter: received - online,
    onlineShare: received === 0 ? null : Math.round((online / received) * 10_000) / 10_000,
    completed: n("completed"), completedOnTime: n("completed_on_time"), completedLate: n("completed_late"),
    refused: n("refused"), withdrawn: n("withdrawn"), inProgress: n("in_progress"), overdue: n("overdue"), apologies: n("apologies"),
    avgProcessingHours: hours(x.avg_seconds),
    feesDue: n("fees_due"), feesCollected: n("fees_collected"), feesOutstanding: n("fees_due") - n("fees_collected"),
  };
}

function startOf(date: LocalDate, cal: WorkingCalendar): Instant {
  return atLocalTime(date, "00:00", cal);
}

function addDays(date: LocalDate, n: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

