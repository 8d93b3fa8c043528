// Statistics on 1,000,000 cases on the PostgreSQL server: the exact query GET /statistics runs
// (server/supervision/statistics.ts), timed for a province + procedure + quarter, a whole
// province + quarter, and one commune + quarter (median of several warm runs), with the
// EXPLAIN (ANALYZE, BUFFERS) plan summarised; the dashboard's whole answer for the same three;
// then one scheduler pass over the same million
// (firing the overdue timeouts, marking overdue cases) and the cost of a steady-state pass.
//
// A scratch database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres
// as the admin connection) is created, migrated, filled with the catalog, 350 communes in three
// provinces and 1,000,000 cases made by one INSERT ... SELECT over generate_series (seeded
// random(), so runs are comparable), VACUUM ANALYZEd, measured, and dropped whatever happens.
// Run alone with `npx tsx bench/statistics.ts` (prints the full plans), or `npm run bench statistics`.
// BENCH_STATISTICS_CASES changes the volume; BENCH_KEEP_DB=1 keeps the database for inspection.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { round, runSql } from "./support/sql.js";
import { openDatabase } from "../server/db/connect.js";
import type { Database } from "../server/db/database.js";
import { loadCatalog } from "../server/catalog/load.js";
import { generateLogKey } from "../server/audit/log-key.js";
import { BREAKDOWNS_WORK_MEM, queryStatistics, statisticsQuery, type StatisticsFilter } from "../server/supervision/statistics.js";
import { Scheduler } from "../server/scheduler/scheduler.js";
import { wire } from "../server/wire.js";
import { createLogger } from "../server/log.js";
import type { WorkingCalendar } from "../engine/calendar.js";
import { readFileSync } from "node:fs";

const CASES = Number(process.env.BENCH_STATISTICS_CASES ?? 1_000_000);
const RUNS = 7;
const PROVINCES: Array<[code: string, communes: number]> = [["01", 126], ["79", 168], ["48", 56]];
export const AS_OF = "2026-07-01T03:00:00.000Z";
const root = new URL("../", import.meta.url);

export async function benchStatistics(opts: { printPlans?: boolean } = {}): Promise<Record<string, string | number>> {
  const admin = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `motcua_bench_stats_${Date.now().toString(36)}`;
  await runSql(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  let db: Database | undefined;
  try {
    db = await openDatabase({ url: url.toString() });
    const cal = JSON.parse(readFileSync(new URL("procedures/calendars/VN.json", root), "utf8")) as WorkingCalendar;
    const logKey = await generateLogKey("motcua.bench/log");
    await loadCatalog(db, logKey, new URL("procedures/", root).pathname, "2025-06-01T00:00:00.000Z");
    const out: Record<string, string | number> = { "statistics.cases": CASES, "statistics.server": (await db.query<{ server_version: string }>("show server_version")).rows[0]!.server_version };

    let t = performance.now();
    console.error(`statistics: generating ${CASES.toLocaleString("en")} cases on ${new URL(url).host} (about a minute on 2 cores)…`);
    await generate(url.toString());
    out["statistics.generate_s"] = round((performance.now() - t) / 1000);
    t = performance.now();
    await db.query("vacuum analyze cases");
    out["statistics.vacuum_analyze_s"] = round((performance.now() - t) / 1000);

    const quarter = { from: "2026-01-01", to: "2026-03-31", asOf: AS_OF };
    const scenarios: Array<[string, StatisticsFilter]> = [
      ["province_procedure_quarter", { ...quarter, province: "01", procedureId: "civil-status.copy-certification" }],
      ["province_quarter", { ...quarter, province: "01" }],
      ["unit_quarter", { ...quarter, units: ["01-x001"] }],
    ];
    // Each of the two queries (by procedure with the total; by unit and period of receipt) alone.
    for (const [label, f] of scenarios) {
      for (const part of ["procedures", "breakdowns"] as const) {
        const { sql, params } = statisticsQuery(f, cal, part);
        const name = part === "procedures" ? label : `${label}.breakdowns`;
        // As queryStatistics runs it: the breakdowns with their work_mem, in a transaction.
        const query = <T>(text: string) =>
          part === "procedures" ? db!.query<T>(text, params) : db!.tx(async (q) => (await q.query(`set local work_mem = '${BREAKDOWNS_WORK_MEM}'`), q.query<T>(text, params)));
        const times: number[] = [];
        let total = 0;
        for (let i = 0; i < RUNS; i++) {
          const s = performance.now();
          const r = await query<{ total?: number; by_period?: number; received: number }>(sql);
          times.push(performance.now() - s);
          // The total row, or (breakdowns) the sum over the periods: both are the cases counted.
          total = part === "procedures" ? Number((r.rows.find((x) => Number(x.total) === 1) ?? r.rows[0])?.received ?? 0) : r.rows.filter((x) => Number(x.by_period) === 1).reduce((n, x) => n + Number(x.received), 0);
        }
        times.sort((a, b) => a - b);
        out[`statistics.${name}.cases_counted`] = total;
        out[`statistics.${name}.max_ms`] = round(times[times.length - 1]!, 2);
        out[`statistics.${name}.median_ms`] = round(times[Math.floor(times.length / 2)]!, 2);
        const plan = await query<{ "QUERY PLAN": unknown }>(`explain (analyze, buffers, format json) ${sql}`);
        out[`statistics.${name}.plan`] = summarise(plan.rows[0]!["QUERY PLAN"]);
        if (opts.printPlans) {
          const text = await query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${sql}`);
          console.log(`\n-- ${name}\n${text.rows.map((x) => x["QUERY PLAN"]).join("\n")}`);
        }
      }
    }
    // The dashboard's whole answer (GET /statistics without the HTTP layer): the query with every
    // breakdown and the shaping into tiles, series (empty periods filled) and tables.
    for (const [label, f] of scenarios) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        await queryStatistics(db, f, cal);
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      out[`dashboard.${label}.median_ms`] = round(times[Math.floor(times.length / 2)]!, 2);
      out[`dashboard.${label}.max_ms`] = round(times[times.length - 1]!, 2);
    }
    // The scheduler on the same million: the first pass fires every overdue timeout and marks every
    // overdue or due-soon open case; a steady-state pass then finds nothing to do (its cost is the scan).
    const w = wire({ db, jwtSecret: new TextEncoder().encode("bench".repeat(8)), logKey, clock: () => AS_OF, log: createLogger("silent") });
    const sched = new Scheduler({ db, cases: w.cases, clock: () => AS_OF, log: w.log, name: "bench", batchSize: 500 });
    out["scheduler.open_cases"] = (await db.query<{ n: number }>("select count(*)::int as n from cases where closed_at is null")).rows[0]!.n;
    t = performance.now();
    const first = await sched.tick();
    out["scheduler.first_tick_s"] = round((performance.now() - t) / 1000, 2);
    out["scheduler.first_tick.timeouts_fired"] = first.timeouts.fired;
    out["scheduler.first_tick.marked"] = first.marks.overdue + first.marks.dueSoon;
    const steady: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      const r = await sched.tick();
      steady.push(performance.now() - t);
      if (r.timeouts.fired + r.marks.overdue + r.marks.dueSoon + r.marks.cleared > 0) throw new Error("a steady-state tick found work");
    }
    out["scheduler.steady_tick_median_ms"] = round(steady.sort((a, b) => a - b)[2]!, 1);
    out["statistics.table_mb"] = (await db.query<{ mb: number }>("select round(pg_table_size('cases') / 1048576.0)::int as mb")).rows[0]!.mb;
    out["statistics.index_mb"] = (await db.query<{ mb: number }>("select round(pg_indexes_size('cases') / 1048576.0)::int as mb")).rows[0]!.mb;
    return out;
  } finally {
    await db?.close();
    // BENCH_KEEP_DB=1 keeps the database for inspection (its name is printed).
    if (process.env.BENCH_KEEP_DB === "1") console.error(`kept database ${name}`);
    else await runSql(admin, `drop database if exists ${name} with (force)`);
  }
}

/** Units, then the cases, each in one statement on one connection (setseed applies per session). */
export async function generate(url: string, cases = CASES): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const [p, n] of PROVINCES) {
      await c.query("insert into units (code, name, level, kind, province) values ($1, $2, 'province', 'province', $1)", [p, `Tỉnh ${p}`]);
      await c.query(
        `insert into units (code, name, level, province)
         select $1 || '-x' || lpad(k::text, 3, '0'), 'Xã ' || k, 'commune', $1 from generate_series(1, $2) k`,
        [p, n],
      );
    }
    const communes = (await c.query<{ code: string }>("select code from units where level = 'commune' order by code")).rows.map((x) => x.code);
    await c.query("select setseed(0.42)");
    // Procedure mix after the reported volumes: copy certification dominates, then extracts and births.
    // Received over a year of working hours; 80% online; processing ~ exponential, mean 6 h;
    // about 3% declared late by an apology; cases received in the last ten days are mostly open;
    // one open case in twenty waits on the citizen (the older ones are past their 30-day timeout);
    // copy certifications and extracts owe a fee, paid by the completed ones.
    await c.query(
      `with v as (select id, max(version) as version from procedure_versions group by id)
       insert into cases (id, code, province, unit, original_unit, procedure_id, procedure_version, state, owner_role, channel, version, seq,
         audit_head, data, documents, received_at, original_due_at, due_at, paused_at, paused_working_days, state_entered_at, assignee,
         closed_at, outcome, late, fee_due, fee_collected)
       select 'bench-' || i, 'HS-B' || i, left(unit, 2), unit, unit, procedure_id, (select version from v where v.id = h.procedure_id),
         case outcome when 'completed' then 'archived' when 'refused' then 'refused' when 'withdrawn' then 'withdrawn'
           else case when waiting then 'awaiting-supplement' else 'verification' end end,
         case when outcome is null then case when waiting then 'reception' else 'civil-status' end end,
         case when r_channel < 0.8 then 'online' else 'counter' end, 5, 5, repeat('0', 64), '{}'::jsonb, '[]'::jsonb,
         received_at, due_at, due_at, case when waiting and outcome is null then received_at + interval '1 hour' end, 0,
         case when waiting and outcome is null then received_at + interval '1 hour' else received_at end, null,
         case when outcome is not null then received_at + processing end, outcome,
         coalesce(outcome = 'completed' and r_late > 0.97, false),
         fee, case when outcome = 'completed' then fee end
       from (
         select i, unit, procedure_id, received_at, r_channel, r_late, processing, i % 20 = 0 as waiting,
           case procedure_id when 'civil-status.copy-certification' then 6000 when 'civil-status.extract-copy' then 16000 end as fee,
           date_trunc('day', received_at) + interval '10 hours' + (case when procedure_id = 'civil-status.marital-status-confirmation' then 3 else 0 end) * interval '1 day' as due_at,
           case
             when received_at > timestamptz '2026-06-20' and r_outcome < 0.6 then null
             when r_outcome < 0.90 then 'completed' when r_outcome < 0.94 then 'refused' when r_outcome < 0.97 then 'withdrawn'
           end as outcome
         from (
           select i,
             ($1::text[])[1 + floor(random() * $2)::int] as unit,
             (select case when r < 0.45 then 'civil-status.copy-certification' when r < 0.60 then 'civil-status.extract-copy'
                          when r < 0.75 then 'civil-status.birth-registration' when r < 0.80 then 'civil-status.death-registration'
                          when r < 0.88 then 'civil-status.marriage-registration' else 'civil-status.marital-status-confirmation' end
                from (select random() + i * 0 as r) x) as procedure_id,
             timestamptz '2025-07-01 01:00+00' + floor(random() * 365) * interval '1 day' + random() * interval '8 hours' as received_at,
             random() as r_channel, random() as r_outcome, random() as r_late,
             -ln(1 - random()) * interval '6 hours' as processing
           from generate_series(1, $3) i) g) h`,
      [communes, communes.length, cases],
    );
  } finally {
    await c.end();
  }
}

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Heap Fetches"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

/** "Index Only Scan using cases_stats_province, rows 40143, heap fetches 0; buffers hit 190 read 0; execution 21.3 ms". */
function summarise(json: unknown): string {
  const top = (json as Array<{ Plan: PlanNode; "Execution Time": number; "Planning Time": number }>)[0]!;
  const scans: string[] = [];
  const walk = (n: PlanNode) => {
    if (/Scan/.test(n["Node Type"])) {
      scans.push(`${n["Node Type"]}${n["Index Name"] ? ` using ${n["Index Name"]}` : ""}, rows ${n["Actual Rows"]}${n["Heap Fetches"] !== undefined ? `, heap fetches ${n["Heap Fetches"]}` : ""}`);
    }
    n.Plans?.forEach(walk);
  };
  walk(top.Plan);
  return `${scans.join(" + ")}; buffers hit ${top.Plan["Shared Hit Blocks"] ?? 0} read ${top.Plan["Shared Read Blocks"] ?? 0}; planning ${round(top["Planning Time"], 2)} ms, execution ${round(top["Execution Time"], 2)} ms`;
}



if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchStatistics({ printPlans: true });
  console.log("");
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(52)} ${v}`);
}
