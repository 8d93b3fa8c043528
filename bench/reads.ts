// Reads at national scale: the pages officials and auditors open all day, over HTTP on a
// database holding 1,000,000 cases (BENCH_READS_CASES) and two audit entries per case, on the
// PostgreSQL server. The cases are bench/statistics.ts's (350 communes in three provinces, a
// year of intake); each page is asked 200 times by one client over keep-alive, as a commune
// officer and as a provincial auditor, and its p50/p99 printed with the plan of the statement
// that dominated it (EXPLAIN ANALYZE BUFFERS of the statement with the most time over the runs, with its mean).
// Every read is recorded as the real server records it (read audit on).
// Run alone with `npx tsx bench/reads.ts`, or `npm run bench -- reads`.
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { SignJWT } from "jose";
import { round, runSql } from "./support/sql.js";
import { openDatabase } from "../server/db/connect.js";
import type { Database, Queryable } from "../server/db/database.js";
import { loadCatalog } from "../server/catalog/load.js";
import { generateLogKey } from "../server/audit/log-key.js";
import { wire } from "../server/wire.js";
import { createLogger } from "../server/log.js";
import { AS_OF, generate } from "./statistics.js";

const CASES = Number(process.env.BENCH_READS_CASES ?? 1_000_000);
const RUNS = 200;
const SECRET = new TextEncoder().encode("bench-reads-secret-bench-reads-secret");
const root = new URL("../", import.meta.url);

/** Every statement a request sent, with its time, so the slowest can be explained afterwards. */
interface Sent {
  sql: string;
  params?: unknown[];
  ms: number;
}
let capture: Sent[] | undefined;

function recording(db: Database): Database {
  const timed = (q: Queryable): Queryable["query"] => async (sql, params) => {
    const t = performance.now();
    try {
      return await q.query(sql, params);
    } finally {
      capture?.push({ sql, params, ms: performance.now() - t });
    }
  };
  return { ...db, kind: db.kind, query: timed(db), tx: (fn, o) => db.tx((q) => fn({ query: timed(q) }), o), close: () => db.close() } as Database;
}

export async function benchReads(): Promise<Record<string, string | number>> {
  const admin = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `motcua_bench_reads_${Date.now().toString(36)}`;
  await runSql(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  let db: Database | undefined;
  let close: (() => Promise<void>) | undefined;
  try {
    db = await openDatabase({ url: url.toString() });
    const logKey = await generateLogKey("motcua.bench/log");
    await loadCatalog(db, logKey, new URL("procedures/", root).pathname, "2025-06-01T00:00:00.000Z");
    const out: Record<string, string | number> = { "reads.cases": CASES };
    let t = performance.now();
    console.error(`reads: generating ${CASES.toLocaleString("en")} cases and ${(2 * CASES).toLocaleString("en")} audit entries…`);
    await generate(url.toString(), CASES);
    await runSql(url.toString(), ENTRIES_AND_OFFICIALS);
    await runSql(url.toString(), "vacuum analyze");
    out["reads.generate_s"] = round((performance.now() - t) / 1000);

    const w = wire({ db: recording(db), jwtSecret: SECRET, logKey, clock: () => AS_OF, log: createLogger("silent") });
    const server = w.app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    close = () => new Promise((r) => server.close(() => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const commune = await token("o-bench-commune");
    const province = await token("o-bench-province");
    const someCase = (await db.query<{ id: string }>("select id from cases where unit = '01-x001' and closed_at is null order by id limit 1")).rows[0]!.id;
    const pages: Array<[label: string, who: string, path: string]> = [
      ["inbox page (commune officer, 50 open cases by due date)", commune, "/cases?limit=50"],
      ["inbox page (provincial auditor, all 126 communes)", province, "/cases?limit=50"],
      ["inbox page, overdue only (commune)", commune, "/cases?limit=50&overdue=true"],
      ["case view (commune)", commune, `/cases/${someCase}`],
      ["case history (commune)", commune, `/cases/${someCase}/history`],
      ["audit search by official (commune auditor, 100 entries)", commune, "/audit/entries?official=o-x-01-x001-1&limit=100"],
      ["audit search, a unit's latest entries (commune auditor)", commune, "/audit/entries?limit=100"],
      ["audit search, a province's latest entries (provincial auditor)", province, "/audit/entries?limit=100"],
      ["statistics, commune quarter", commune, "/statistics?unit=01-x001&from=2026-01-01&to=2026-03-31"],
      ["statistics, province quarter", province, "/statistics?province=01&from=2026-01-01&to=2026-03-31"],
    ];
    for (const [label, who, path] of pages) {
      const times: number[] = [];
      // Per statement text: its time summed over the runs, and one instance to explain.
      const bySql = new Map<string, { total: number; sample: Sent }>();
      for (let i = 0; i < RUNS; i++) {
        capture = [];
        const s = performance.now();
        const r = await fetch(base + path, { headers: { authorization: `Bearer ${who}` } });
        const body = await r.text();
        times.push(performance.now() - s);
        if (r.status !== 200) throw new Error(`${path}: ${r.status} ${body.slice(0, 300)}`);
        for (const x of capture) {
          // The read record and the signed-in official's lookup (every route has both) count in the p50/p99, not as the page's plan.
          if (/^\s*insert/i.test(x.sql) || /from officials o join units/.test(x.sql)) continue;
          const k = bySql.get(x.sql) ?? bySql.set(x.sql, { total: 0, sample: x }).get(x.sql)!;
          k.total += x.ms;
        }
      }
      capture = undefined;
      times.sort((a, b) => a - b);
      out[`reads.${label} p50 ms`] = round(times[Math.floor(RUNS / 2)]!, 2);
      out[`reads.${label} p99 ms`] = round(times[Math.ceil(RUNS * 0.99) - 1]!, 2);
      const main = [...bySql.values()].sort((a, b) => b.total - a.total)[0];
      if (main) out[`reads.${label} plan`] = await plan(db, { ...main.sample, ms: main.total / RUNS });
    }
    out["reads.audit_entries_mb"] = (await db.query<{ mb: number }>("select round(pg_total_relation_size('audit_entries') / 1048576.0)::int as mb")).rows[0]!.mb;
    return out;
  } finally {
    await close?.();
    await db?.close();
    if (process.env.BENCH_KEEP_DB === "1") console.error(`kept database ${name}`);
    else await runSql(admin, `drop database if exists ${name} with (force)`);
  }
}

// Two entries per case (intake by the commune's first clerk, then a step by its second), each
// with a body of the size a birth declaration's entry has; one commune officer and one provincial
// auditor, who sign in with bench tokens.
const ENTRIES_AND_OFFICIALS = `
insert into audit_entries (case_id, seq, province, unit, actor_id, action, procedure, at, hash, prev_hash, entry, log_index, seal)
select c.id, s, c.province, c.unit, 'o-x-' || c.unit || '-' || s, case s when 1 then 'intake' else 'accept' end, c.procedure_id || '@1',
  c.received_at + (s - 1) * interval '20 minutes', md5(c.id || s) || md5(c.id), case s when 1 then repeat('0', 64) else md5(c.id || 1) || md5(c.id) end,
  jsonb_build_object('v', 2, 'caseId', c.id, 'seq', s, 'action', case s when 1 then 'intake' else 'accept' end,
    'body', jsonb_build_object('data', jsonb_build_object('note', repeat('x', 900)))), null, 'bench'
from cases c cross join generate_series(1, 2) s;
insert into officials (id, username, password_hash, full_name, unit, roles) values
  ('o-bench-commune', 'bench-commune', 'x', 'Bench Commune', '01-x001', array['reception','civil-status','leader','auditor']),
  ('o-bench-province', 'bench-province', 'x', 'Bench Province', '01', array['auditor','leader']);
`;

function token(sub: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(sub).setIssuer("motcua").setIssuedAt(now).setExpirationTime(now + 3600).sign(SECRET);
}

async function plan(db: Database, s: Sent): Promise<string> {
  const r = await db.query<{ "QUERY PLAN": Array<{ Plan: PlanNode; "Execution Time": number }> }>(`explain (analyze, buffers, format json) ${s.sql}`, s.params);
  const top = r.rows[0]!["QUERY PLAN"][0]!;
  const scans: string[] = [];
  const walk = (n: PlanNode) => {
    if (/Scan|Sort/.test(n["Node Type"])) scans.push(`${n["Node Type"]}${n["Index Name"] ? ` using ${n["Index Name"]}` : ""}${n["Relation Name"] && !n["Index Name"] ? ` on ${n["Relation Name"]}` : ""} (rows ${n["Actual Rows"]})`);
    n.Plans?.forEach(walk);
  };
  walk(top.Plan);
  return `${round(s.ms, 2)} ms: ${scans.join(" + ")}; buffers hit ${top.Plan["Shared Hit Blocks"] ?? 0} read ${top.Plan["Shared Read Blocks"] ?? 0}; execution ${round(top["Execution Time"], 2)} ms`;
}

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Actual Rows"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}



if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchReads();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(72)} ${v}`);
}
