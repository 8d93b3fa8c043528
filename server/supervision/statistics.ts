// Counts leaders ask for, for a province or a unit, a procedure (or all, one row each) and a
// period of receipt: received, online vs counter, completed on time and late, refused, withdrawn,
// in progress, overdue, apology notices, mean and 90th-percentile processing time.
//
// One query over `cases`, no rollup: the covering indexes of migration 0003 make it an
// index-only scan over exactly the cases counted, so the figures are never stale (a rollup
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
import type { Queryable } from "../db/database.js";
import { type Instant, type LocalDate, type WorkingCalendar, atLocalTime } from "../../engine/calendar.js";

export interface StatisticsFilter {
  /** Exactly one of province and units (a unit with its merged predecessors). */
  province?: string;
  units?: string[];
  procedureId?: string;
  /** Local dates, inclusive. */
  from: LocalDate;
  to: LocalDate;
  asOf: Instant;
}

export interface StatisticsRow {
  procedureId: string | null;
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
  p90ProcessingHours: number | null;
  /** VND owed by the cohort after exemptions, collected so far, and the rest. */
  feesDue: number;
  feesCollected: number;
  feesOutstanding: number;
}

export interface Statistics {
  filter: { province: string | null; units: string[] | null; procedureId: string | null; from: LocalDate; to: LocalDate; asOf: Instant };
  total: StatisticsRow;
  byProcedure: StatisticsRow[];
}

/** The SQL and its parameters (exported for EXPLAIN in the benchmark and the plan test). */
export function statisticsQuery(f: StatisticsFilter, cal: WorkingCalendar): { sql: string; params: unknown[] } {
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
  // One procedure: a single group. All procedures: one row each plus the total (grouping set ()).
  const groups = f.procedureId !== undefined ? "group by procedure_id" : "group by grouping sets ((procedure_id), ())";
  const sql = `
    select grouping(procedure_id) as total, procedure_id,
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
      avg(${seconds}) filter (where outcome = 'completed') as avg_seconds,
      percentile_cont(0.9) within group (order by ${seconds}) filter (where outcome = 'completed') as p90_seconds
    from cases
    where ${where.join(" and ")}
    ${groups}
    order by grouping(procedure_id), procedure_id`;
  return { sql, params };
}

export async function queryStatistics(q: Queryable, f: StatisticsFilter, cal: WorkingCalendar): Promise<Statistics> {
  const { sql, params } = statisticsQuery(f, cal);
  const r = await q.query<Record<string, unknown>>(sql, params);
  const rows = r.rows.map(toRow);
  const filter = { province: f.province ?? null, units: f.units ?? null, procedureId: f.procedureId ?? null, from: f.from, to: f.to, asOf: f.asOf };
  if (f.procedureId !== undefined) {
    const only = rows[0] ?? { ...toRow({}), procedureId: f.procedureId };
    return { filter, total: { ...only, procedureId: null }, byProcedure: [only] };
  }
  const totalIndex = r.rows.findIndex((x) => Number(x.total) === 1);
  return { filter, total: totalIndex >= 0 ? rows[totalIndex]! : toRow({}), byProcedure: rows.filter((_, i) => i !== totalIndex) };
}

const CSV_COLUMNS: Array<[string, keyof StatisticsRow]> = [
  ["procedure", "procedureId"], ["received", "received"], ["online", "online"], ["counter", "counter"], ["online_share", "onlineShare"],
  ["completed", "completed"], ["completed_on_time", "completedOnTime"], ["completed_late", "completedLate"], ["refused", "refused"],
  ["withdrawn", "withdrawn"], ["in_progress", "inProgress"], ["overdue", "overdue"], ["apologies", "apologies"],
  ["avg_processing_hours", "avgProcessingHours"], ["p90_processing_hours", "p90ProcessingHours"],
  ["fees_due", "feesDue"], ["fees_collected", "feesCollected"], ["fees_outstanding", "feesOutstanding"],
];

/** RFC 4180 CSV: the filter repeated on every line (so a sheet can stack exports), one line per procedure, then the total ("*"). */
export function statisticsCsv(s: Statistics): string {
  const scope = [s.filter.province ?? "", (s.filter.units ?? []).join(" "), s.filter.from, s.filter.to, s.filter.asOf];
  const head = ["province", "units", "from", "to", "as_of", ...CSV_COLUMNS.map(([h]) => h)];
  const line = (r: StatisticsRow, label: string) => [...scope, ...CSV_COLUMNS.map(([, k]) => (k === "procedureId" ? label : r[k]))];
  const rows = [head, ...s.byProcedure.map((r) => line(r, r.procedureId ?? "")), line(s.total, "*")];
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toRow(x: Record<string, unknown>): StatisticsRow {
  const n = (k: string) => Number(x[k] ?? 0);
  const h = (k: string) => (x[k] === null || x[k] === undefined ? null : Math.round((Number(x[k]) / 3600) * 100) / 100);
  const received = n("received");
  const online = n("online");
  return {
    procedureId: (x.procedure_id as string | null | undefined) ?? null,
    received, online, counter: received - online,
    onlineShare: received === 0 ? null : Math.round((online / received) * 10_000) / 10_000,
    completed: n("completed"), completedOnTime: n("completed_on_time"), completedLate: n("completed_late"),
    refused: n("refused"), withdrawn: n("withdrawn"), inProgress: n("in_progress"), overdue: n("overdue"), apologies: n("apologies"),
    avgProcessingHours: h("avg_seconds"), p90ProcessingHours: h("p90_seconds"),
    feesDue: n("fees_due"), feesCollected: n("fees_collected"), feesOutstanding: n("fees_due") - n("fees_collected"),
  };
}

function startOf(date: LocalDate, cal: WorkingCalendar): Instant {
  return atLocalTime(date, "00:00", cal);
}

function addDays(date: LocalDate, n: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

