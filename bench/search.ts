// Case search on the PostgreSQL server at 1,000,000 cases: the exact query GET /cases/search runs
// (server/store/case-search.ts), for a commune official and a province official, looking up an
// unaccented full name, a personal ID number, a phone number and a case code of cases that exist;
// p50 and p99 over many warm queries, with one EXPLAIN (ANALYZE, BUFFERS) plan summarised.
//
// A scratch database (BENCH_DATABASE_URL as the admin connection) is migrated, given 350 communes
// and the cases by one INSERT ... SELECT over generate_series (Vietnamese names drawn from common
// parts with a seeded random(), so runs compare), the search index built after the load (as a
// bulk import would), VACUUM ANALYZEd, measured and dropped. BENCH_SEARCH_CASES changes the volume.
// `npx tsx bench/search.ts` or `npm run bench -- search`.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { round, runSql } from "./support/sql.js";
import { openDatabase } from "../server/db/connect.js";
import type { Database } from "../server/db/database.js";
import { searchCases } from "../server/store/case-search.js";
import { loadCatalog } from "../server/catalog/load.js";
import { generateLogKey } from "../server/audit/log-key.js";

const CASES = Number(process.env.BENCH_SEARCH_CASES ?? 1_000_000);
const QUERIES = 200;
const PROVINCES: Array<[code: string, communes: number]> = [["01", 126], ["79", 168], ["48", 56]];
const SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"];
const MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang"];
const SECONDS = ["Anh", "Bảo", "Gia", "Hoài", "Khánh", "Kim", "Mai", "Nhật", "Phương", "Quốc", "Thu", "Thùy", "Tuấn", "Xuân", "Hải", "Diệu", "Trọng", "Thành", "Bích", "Công"];
const GIVENS = ["An", "Bình", "Châu", "Dũng", "Đạt", "Giang", "Hà", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương", "Khoa", "Lan", "Linh", "Long", "Mạnh", "Nam", "Nga", "Ngân",
  "Nhung", "Phúc", "Quân", "Quyên", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trí", "Trung", "Tú", "Uyên", "Vân", "Việt", "Vinh", "Yến", "Hiền", "Duy", "Lộc"];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const unaccented = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D");

export async function benchSearch(): Promise<Record<string, string | number>> {
  const admin = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `motcua_bench_search_${Date.now().toString(36)}`;
  await runSql(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  let db: Database | undefined;
  try {
    db = await openDatabase({ url: url.toString() });
    await loadCatalog(db, await generateLogKey("motcua.bench/log"), new URL("../procedures/", import.meta.url).pathname, "2025-06-01T00:00:00.000Z");
    const out: Record<string, string | number> = { "search.cases": CASES };
    console.error(`search: generating ${CASES.toLocaleString("en")} cases on ${url.host}…`);
    let t = performance.now();
    await generate(url.toString());
    out["search.generate_s"] = round((performance.now() - t) / 1000);
    t = performance.now();
    // On a connection of its own: the service's pool has a statement timeout an index build exceeds.
    await runSql(url.toString(), "set maintenance_work_mem = '256MB'; create index cases_search on cases using gin (to_tsvector('simple', case_search_text(code, data)))");
    out["search.index_build_s"] = round((performance.now() - t) / 1000);
    await runSql(url.toString(), "vacuum analyze cases");
    out["search.index_mb"] = (await db.query<{ mb: number }>("select round(pg_relation_size('cases_search') / 1048576.0)::int as mb")).rows[0]!.mb;

    // Targets: real cases picked at random, looked up as a clerk would type them.
    const sample = (await db.query<{ unit: string; code: string; name: string; pid: string; phone: string }>(
      `select unit, code, data #>> '{child,fullName}' as name, data #>> '{mother,personalId}' as pid, data #>> '{declarant,phone}' as phone
         from cases tablesample bernoulli (1) repeatable (7) limit $1`, [QUERIES])).rows;
    const provinceUnits = (await db.query<{ code: string }>("select code from units where province = '01'")).rows.map((x) => x.code);
    const kinds: Array<[string, (s: (typeof sample)[number]) => string]> = [
      ["name_unaccented", (s) => unaccented(s.name).toLowerCase()],
      ["personal_id", (s) => s.pid],
      ["phone", (s) => s.phone],
      ["case_code", (s) => s.code],
    ];
    for (const [kind, typed] of kinds) {
      for (const scope of ["commune", "province"] as const) {
        const times: number[] = [];
        let found = 0;
        for (const s of sample) {
          const units = scope === "commune" ? [s.unit] : s.unit.startsWith("01-") ? provinceUnits : [s.unit];
          const q0 = performance.now();
          const rows = await searchCases(db, { units, text: typed(s), limit: 20 });
          times.push(performance.now() - q0);
          if (rows.some((r) => r.code === s.code)) found++;
        }
        times.sort((a, b) => a - b);
        out[`search.${kind}.${scope}.p50_ms`] = round(percentile(times, 0.5), 2);
        out[`search.${kind}.${scope}.p99_ms`] = round(percentile(times, 0.99), 2);
        if (found !== sample.length) throw new Error(`search ${kind} (${scope}) missed ${sample.length - found} of ${sample.length} cases that exist`);
      }
    }
    const s = sample.find((x) => x.unit.startsWith("01-")) ?? sample[0]!;
    const plan = await db.query<{ "QUERY PLAN": string }>(
      `explain (analyze, buffers) select * from cases where unit = any($1) and to_tsvector('simple', case_search_text(code, data)) @@ phraseto_tsquery('simple', search_fold($2)) order by received_at desc, id limit 20`,
      [provinceUnits, unaccented(s.name)],
    );
    out["search.plan_name_province"] = plan.rows.map((x) => x["QUERY PLAN"]).filter((l) => /Scan|Execution/.test(l)).map((l) => l.trim().replace(/\s+\(cost=[^)]*\)/, "")).join(" | ");
    out["search.queries_per_figure"] = sample.length;
    return out;
  } finally {
    await db?.close();
    // BENCH_KEEP_DB=1 keeps the database for inspection (its name is printed).
    if (process.env.BENCH_KEEP_DB === "1") console.error(`kept database ${name}`);
    else await runSql(admin, `drop database if exists ${name} with (force)`);
  }
}

/** Units, then the cases with their dossiers, in one statement each (setseed applies per session). */
async function generate(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const [p, n] of PROVINCES) {
      await c.query("insert into units (code, name, level, kind, province) values ($1, $2, 'province', 'province', $1)", [p, `Tỉnh ${p}`]);
      await c.query(`insert into units (code, name, level, province) select $1 || '-x' || lpad(k::text, 3, '0'), 'Xã ' || k, 'commune', $1 from generate_series(1, $2) k`, [p, n]);
    }
    const communes = (await c.query<{ code: string }>("select code from units where level = 'commune' order by code")).rows.map((x) => x.code);
    // The index is built after the load, as for a bulk import: maintaining it row by row is slower.
    await c.query("drop index cases_search");
    await c.query("select setseed(0.42)");
    const pick = (arr: string) => `(${arr})[1 + floor(random() * array_length(${arr}, 1))::int]`;
    await c.query(
      `insert into cases (id, code, province, unit, original_unit, procedure_id, procedure_version, state, owner_role, channel, version, seq,
         audit_head, data, documents, received_at, original_due_at, due_at, paused_working_days, state_entered_at, closed_at, outcome)
       select 'bench-' || i, 'HS-B' || lpad(i::text, 7, '0'), left(unit, 2), unit, unit, 'civil-status.birth-registration',
         (select max(version) from procedure_versions where id = 'civil-status.birth-registration'),
         case when i % 3 = 0 then 'verification' else 'archived' end, case when i % 3 = 0 then 'civil-status' end,
         'counter', 5, 5, repeat('0', 64),
         jsonb_build_object(
           'child', jsonb_build_object('fullName', child, 'dateOfBirth', '2026-02-20', 'sex', 'nam', 'placeOfBirth', 'Bệnh viện Phụ sản Hà Nội'),
           'mother', jsonb_build_object('fullName', mother, 'personalId', pid, 'residence', 'Phường ' || unit || ', Hà Nội'),
           'declarant', jsonb_build_object('fullName', mother, 'personalId', pid, 'phone', phone, 'relationship', 'me')),
         '[]'::jsonb, received, received, received, 0, received,
         case when i % 3 <> 0 then received + interval '3 days' end, case when i % 3 <> 0 then 'completed' end
       from (
         select i, ($1::text[])[1 + floor(random() * $2)::int] as unit,
           ${pick("$4::text[]")} || ' ' || ${pick("$5::text[]")} || ' ' || ${pick("$6::text[]")} || ' ' || ${pick("$7::text[]")} as child,
           ${pick("$4::text[]")} || ' Thị ' || ${pick("$6::text[]")} || ' ' || ${pick("$7::text[]")} as mother,
           '0' || lpad(floor(random() * 1e11)::bigint::text, 11, '0') as pid,
           '09' || lpad(floor(random() * 1e8)::bigint::text, 8, '0') as phone,
           timestamptz '2025-07-01 01:00+00' + floor(random() * 365) * interval '1 day' as received
         from generate_series(1, $3) i) g`,
      [communes, communes.length, CASES, SURNAMES, MIDDLES, SECONDS, GIVENS],
    );
  } finally {
    await c.end();
  }
}


if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.table(await benchSearch());
