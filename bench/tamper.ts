// `npm run bench -- tamper`: 1,000 random single-field tampers over completed cases on the
// PostgreSQL server (BENCH_DATABASE_URL, default the local one). Each picks a random row of a
// table that holds case or audit facts, a random column that carries a fact, and a random change
// (a leaf deep inside a JSON value, a shifted time, a number off by one, a null, another case's
// value), applies it with foreign keys off, runs every verifier, and puts it back. Goal: every
// tamper detected, with a finding that names where (an entry, a column, a field).
import { pathToFileURL } from "node:url";
import request from "supertest";
import { startTestServer, type TestServer } from "../test/support/server.js";
import { birthRegistration, loginAll } from "../test/support/flows.js";
import { FACT_TABLES, allFailures, columnsOf, restoreTable, snapshotTable, tamper, type ColumnInfo, type Failure } from "../test/support/tamper.js";

const TAMPERS = Number(process.env.TAMPERS ?? 1000);
const CASES = 6;

export async function benchTamper(): Promise<Record<string, string | number>> {
  process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const s = await startTestServer({ kind: "postgres" });
  try {
    const t = await loginAll(s);
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) ids.push(await birthRegistration(s, t));
    for (const id of ids) await request(s.app).get(`/cases/${id}`).set("authorization", `Bearer ${t.hotich}`);
    await s.tlog.publishCheckpoint(s.now);
    const verifiers = { db: s.db, tlog: s.tlog, trust: async () => s.pki.trust, now: () => s.now };
    if ((await allFailures(verifiers, ids)).length > 0) throw new Error("the untouched cases do not verify");

    const columns = (await columnsOf(s.db, Object.keys(FACT_TABLES))).filter((c) => !FACT_TABLES[c.table]!.operational?.[c.column]);
    const random = seeded(20261202);
    let detected = 0;
    let refused = 0;
    let unchanged = 0;
    let named = 0;
    const undetected: string[] = [];
    const examples: string[] = [];
    const t0 = performance.now();
    for (let n = 0; n < TAMPERS; n++) {
      if (n % 100 === 0) console.error(`   tamper ${n}/${TAMPERS}…`);
      const col = columns[Math.floor(random() * columns.length)]!;
      const rows = await keysOf(s, col.table, ids);
      const target = rows[Math.floor(random() * rows.length)]!;
      const other = rows[Math.floor(random() * rows.length)]!;
      const saved = await snapshotTable(s.db, col.table);
      try {
        const change = await randomChange(s, col, target, other, random);
        if (!change) {
          unchanged++;
          continue;
        }
        if ((await tamper(s.db, change.sql, change.params)) === "refused") {
          refused++;
          continue;
        }
        const found = await allFailures(verifiers, ids);
        if (found.length === 0) {
          undetected.push(`${col.table}.${col.column} (${change.label})`);
          continue;
        }
        detected++;
        if (found.some(namesPlace)) named++;
        if (examples.length < 5) examples.push(`${col.table}.${col.column} ${change.label} -> ${describe(found[0]!)}`);
      } finally {
        await restoreTable(s.db, col.table, saved);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    for (const e of examples) console.error(`   e.g. ${e}`);
    for (const u of undetected.slice(0, 20)) console.error(`   UNDETECTED: ${u}`);
    return {
      "tampers tried": TAMPERS,
      "applied (the database took the change)": detected + undetected.length,
      detected,
      undetected: undetected.length,
      "detected with the entry, column or field named": named,
      "refused by the database (constraints)": refused,
      "no change (value already so)": unchanged,
      "columns in play": columns.length,
      "seconds": seconds.toFixed(1),
    };
  } finally {
    await s.close();
  }
}

/** Each row of `table` that belongs to the cases (or, for the log and the catalog, any row), as a where clause. */
async function keysOf(s: TestServer, table: string, ids: string[]): Promise<string[]> {
  const key = FACT_TABLES[table]!.key.filter((k) => k !== "case_id" || table === "audit_entries");
  const scope: Record<string, string> = {
    cases: "id = any($1)", audit_entries: "case_id = any($1)", register_entries: "case_id = any($1)", outbox: "case_id = any($1)",
    registry_entries: "entry ->> 'action' = 'read' or stream like 'procedure:%'", log_leaves: "true", log_checkpoints: "true",
    procedure_versions: "id = 'civil-status.birth-registration'",
  };
  const r = await s.db.query<{ w: string }>(`select ${key.map((k) => `format('"${k}" = %L', "${k}")`).join(" || ' and ' || ")} as w from ${table} where ${scope[table]}`, scope[table]!.includes("$1") ? [ids] : []);
  return r.rows.map((x) => x.w);
}

async function randomChange(s: TestServer, col: ColumnInfo, where: string, other: string, random: () => number): Promise<{ sql: string; params: unknown[]; label: string } | undefined> {
  const c = `"${col.column}"`;
  const current = (await s.db.query<{ v: unknown }>(`select ${c} as v from ${col.table} where ${where}`)).rows[0]?.v;
  const mode = random();
  if (mode < 0.15 && col.nullable && current !== null) return { sql: `update ${col.table} set ${c} = null where ${where}`, params: [], label: "nulled" };
  if (mode < 0.3 && where !== other) {
    const same = (await s.db.query<{ same: boolean }>(`select (select ${c} from ${col.table} where ${where}) is not distinct from (select ${c} from ${col.table} where ${other}) as same`)).rows[0]!.same;
    if (!same) return { sql: `update ${col.table} set ${c} = (select ${c} from ${col.table} where ${other}) where ${where}`, params: [], label: "swapped with another row's" };
  }
  if (col.type === "jsonb" && current !== null && typeof current === "object") {
    const changed = structuredClone(current);
    const path = changeLeaf(changed, random);
    return path ? { sql: `update ${col.table} set ${c} = $1::jsonb where ${where}`, params: [JSON.stringify(changed)], label: `leaf ${path} changed` } : undefined;
  }
  switch (col.type) {
    case "integer":
    case "bigint":
      return { sql: `update ${col.table} set ${c} = coalesce(${c}, 0) + ${random() < 0.5 ? 1 : -1} where ${where}`, params: [], label: "off by one" };
    case "boolean":
      return { sql: `update ${col.table} set ${c} = not coalesce(${c}, false) where ${where}`, params: [], label: "flipped" };
    case "timestamp with time zone":
      return { sql: `update ${col.table} set ${c} = coalesce(${c}, now()) + interval '1 second' * $1 where ${where}`, params: [Math.ceil(random() * 86_400)], label: "time shifted" };
    default:
      if (typeof current !== "string") return undefined;
      return { sql: `update ${col.table} set ${c} = $1 where ${where}`, params: [mutateText(current, random)], label: "one character changed" };
  }
}

/** Changes one random leaf of a JSON value in place; returns its pointer. */
function changeLeaf(v: unknown, random: () => number, at = ""): string | undefined {
  const kids = v && typeof v === "object" ? Object.keys(v as object) : [];
  if (kids.length === 0) return undefined;
  const k = kids[Math.floor(random() * kids.length)]!;
  const o = v as Record<string, unknown>;
  const x = o[k];
  if (x !== null && typeof x === "object" && Object.keys(x).length > 0 && random() < 0.8) return changeLeaf(x, random, `${at}/${k}`);
  o[k] = typeof x === "string" ? mutateText(x, random) : typeof x === "number" ? x + 1 : typeof x === "boolean" ? !x : x === null ? "x" : null;
  return `${at}/${k}`;
}

function mutateText(s: string, random: () => number): string {
  if (s.length === 0) return "x";
  const i = Math.floor(random() * s.length);
  const ch = s[i] === "a" ? "b" : "a";
  return s.slice(0, i) + ch + s.slice(i + 1);
}

function namesPlace(f: Failure): boolean {
  return typeof f.params.column === "string" || typeof f.params.pointer === "string" || typeof f.params.seq === "number" || f.source.includes(" entry ");
}

function describe(f: Failure): string {
  return `${f.source}: ${f.reason} ${JSON.stringify(f.params)}`;
}

/** A small deterministic generator (mulberry32), so a run can be repeated. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await benchTamper());
}
