// Tamper coverage that cannot rot: every column of every table holding case or audit facts is read
// from the database catalog and tampered with (changed, nulled, swapped with another case's, its row
// deleted, a forged row inserted), and some verifier must report a finding that names it. A column
// added later that no check covers fails this test until it is checked, or listed as operational
// with the reason why it carries no fact.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { birthRegistration, loginAll, type Tokens } from "../support/flows.js";
import { KINDS } from "../support/http.js";
import { BIRTH_VERSION } from "../support/birth.js";
import {
  FACT_TABLES, OTHER_TABLES, allFailures, changedValue, columnsOf, names, restoreTable, snapshotTable, tamper, type ColumnInfo, type Failure,
} from "../support/tamper.js";

describe.each(KINDS)("tamper coverage on %s", (kind) => {
  let s: TestServer;
  let t: Tokens;
  let a: string;
  let b: string;
  /** For each table, the row of case A to tamper with and its counterpart to swap with. */
  let rows: Record<string, { where: string; partner: string; forge: string }>;

  beforeAll(async () => {
    s = await startTestServer({ kind });
    t = await loginAll(s);
    a = await birthRegistration(s, t);
    b = await birthRegistration(s, t);
    for (const id of [a, b]) await request(s.app).get(`/cases/${id}`).set("authorization", `Bearer ${t.hotich}`).expect(200);
    await s.tlog.publishCheckpoint(s.now);
    const one = async (sql: string, params: unknown[] = []) => (await s.db.query<Record<string, unknown>>(sql, params)).rows[0]!;
    const readOf = async (id: string) => String((await one("select stream from registry_entries where entry ->> 'action' = 'read' and entry -> 'data' -> 'cases' @> $1::jsonb", [JSON.stringify([id])])).stream);
    const signSeq = Number((await one("select seq from audit_entries where case_id = $1 and action = 'sign'", [a])).seq);
    const leafOf = async (id: string) => Number((await one("select log_index from audit_entries where case_id = $1 and seq = $2", [id, signSeq])).log_index);
    const maxIdx = Number((await one("select max(idx) as m from log_leaves")).m);
    const maxSize = Number((await one("select max(size) as m from log_checkpoints")).m);
    const q = (v: string) => `'${v}'`;
    rows = {
      cases: { where: `id = ${q(a)}`, partner: `id = ${q(b)}`, forge: "jsonb_build_object('id', t.id || '-forged', 'code', t.code || '-F')" },
      audit_entries: { where: `case_id = ${q(a)} and seq = ${signSeq}`, partner: `case_id = ${q(b)} and seq = ${signSeq}`, forge: "jsonb_build_object('seq', t.seq + 100, 'seal', null, 'log_index', null)" },
      register_entries: { where: `case_id = ${q(a)}`, partner: `case_id = ${q(b)}`, forge: "jsonb_build_object('entry', t.entry || '-forged')" },
      outbox: { where: `case_id = ${q(a)}`, partner: `case_id = ${q(b)}`, forge: "jsonb_build_object('id', t.id || '-forged')" },
      registry_entries: { where: `stream = ${q(await readOf(a))}`, partner: `stream = ${q(await readOf(b))}`, forge: "jsonb_build_object('stream', t.stream || '-forged', 'log_index', null)" },
      log_leaves: { where: `idx = ${await leafOf(a)}`, partner: `idx = ${await leafOf(b)}`, forge: `jsonb_build_object('idx', ${maxIdx + 1}, 'seq', t.seq + 1000)` },
      log_checkpoints: { where: `size = ${maxSize}`, partner: `size = (select min(size) from log_checkpoints)`, forge: `jsonb_build_object('size', ${maxSize + 5}, 'note', t.note || 'x')` },
      procedure_versions: { where: `id = 'civil-status.birth-registration' and version = ${BIRTH_VERSION}`, partner: "id = 'civil-status.copy-certification' and version = 1", forge: "jsonb_build_object('version', 99)" },
    };
  });
  afterAll(() => s?.close());

  const verifiers = () => ({ db: s.db, tlog: s.tlog, trust: async () => s.pki.trust, now: () => s.now });

  it("is untouched before any tamper: no verifier finds anything", async () => {
    expect(await allFailures(verifiers(), [a, b])).toEqual([]);
  });

  it("knows every table of the schema: a new one must be classified", async () => {
    const r = await s.db.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'");
    const unknown = r.rows.map((x) => x.table_name).filter((n) => !(n in FACT_TABLES) && !(n in OTHER_TABLES));
    expect(unknown, "list each new table in FACT_TABLES (and cover its columns) or in OTHER_TABLES with the reason").toEqual([]);
    // Any table that names a case holds facts of it, unless stated otherwise with a reason.
    const withCase = await s.db.query<{ table_name: string }>("select distinct table_name from information_schema.columns where table_schema = 'public' and column_name = 'case_id'");
    for (const { table_name } of withCase.rows) expect(table_name in FACT_TABLES || table_name in OTHER_TABLES).toBe(true);
  });

  it("names every tampered column of every fact table, and every deleted or forged row", async () => {
    const columns = await columnsOf(s.db, Object.keys(FACT_TABLES));
    const undetected: string[] = [];
    const refused: string[] = [];
    let tried = 0;
    const attempt = async (label: string, table: string, sql: string, expectName: (f: Failure) => boolean, caseIds = [a, b]) => {
      const saved = await snapshotTable(s.db, table);
      try {
        if ((await tamper(s.db, sql)) === "refused") {
          refused.push(label);
          return;
        }
        tried++;
        const found = await allFailures(verifiers(), caseIds);
        if (!found.some(expectName)) undetected.push(`${label}: ${found.length ? found.map((f) => `${f.reason} ${JSON.stringify(f.params)}`).join("; ") : "nothing found"}`);
      } finally {
        await restoreTable(s.db, table, saved);
      }
    };
    const same = async (table: string, col: ColumnInfo, other: string): Promise<boolean> => {
      const r = await s.db.query<{ same: boolean }>(`select (select "${col.column}" from ${table} where ${rows[table]!.where}) is not distinct from (${other}) as same`);
      return r.rows[0]!.same;
    };
    for (const col of columns) {
      const spec = FACT_TABLES[col.table]!;
      if (spec.operational?.[col.column]) continue;
      const row = rows[col.table]!;
      // A key column changed moves the row: the verifiers see one row gone and another appear.
      const expectName = (f: Failure) => names(f, col.table, spec.key.includes(col.column) ? undefined : col.column);
      const label = `${col.table}.${col.column}`;
      await attempt(`${label} changed`, col.table, `update ${col.table} set "${col.column}" = ${changedValue(col)} where ${row.where}`, expectName);
      if (col.nullable && !(await same(col.table, col, `select null::${col.type}`))) await attempt(`${label} nulled`, col.table, `update ${col.table} set "${col.column}" = null where ${row.where}`, expectName);
      if (!(await same(col.table, col, `select "${col.column}" from ${col.table} where ${row.partner}`))) {
        await attempt(`${label} swapped`, col.table,
          `update ${col.table} set "${col.column}" = (select "${col.column}" from ${col.table} where ${row.partner}) where ${row.where}`, expectName);
      }
    }
    // The issue's case: the last entry renumbered by one.
    await attempt("audit_entries.seq of the last row renumbered", "audit_entries",
      `update audit_entries set seq = seq + 1 where case_id = '${a}' and seq = (select max(seq) from audit_entries where case_id = '${a}')`, (f) => names(f, "audit_entries", "seq"));
    for (const table of Object.keys(FACT_TABLES)) {
      const row = rows[table]!;
      // A checkpoint is re-signed by the next publication: deleting one hides nothing.
      if (table !== "log_checkpoints") await attempt(`${table} row deleted`, table, `delete from ${table} where ${row.where}`, (f) => names(f, table) || (table === "log_leaves" && f.reason === "log.leaf-missing"));
      await attempt(`${table} row forged`, table,
        `insert into ${table} select * from jsonb_populate_record(null::${table}, (select to_jsonb(t) || ${row.forge} from ${table} t where ${row.where}))`,
        (f) => names(f, table) || f.params.index !== undefined, [a, b, `${a}-forged`]);
    }
    expect(undetected, `undetected tampers (of ${tried}; refused by the database: ${refused.join(", ") || "none"})`).toEqual([]);
    // A floor, so the enumeration cannot quietly shrink (119 tampers when this was written).
    expect(tried).toBeGreaterThan(100);
  }, 300_000);
});
