// Tampering with the database as someone with write access would (foreign keys off, as a superuser
// can), and collecting what every verifier finds afterwards. Shared by the column-enumerating test
// (test/api/tamper-coverage.test.ts) and the 1,000-tamper run (`npm run bench -- tamper`).
import type { Database, Queryable } from "../../server/db/database.js";
import type { TransparencyLog } from "../../server/audit/log.js";
import type { TrustStore } from "../../engine/signature/types.js";
import { verifyStoredCase } from "../../server/audit/verify-case.js";
import { verifyLog } from "../../server/audit/verify-log.js";
import { isMotcuaError } from "../../engine/errors.js";

/** Tables that hold case or audit facts, and the columns no check covers (with the reason why not). */
export const FACT_TABLES: Record<string, { key: string[]; operational?: Record<string, string> }> = {
  cases: {
    key: ["id"],
    operational: {
      deadline_mark: "which deadline notice the scheduler last sent; the status itself is computed from due_at",
      deadline_marked_at: "when that notice went out (scheduler bookkeeping)",
    },
  },
  audit_entries: { key: ["case_id", "seq"] },
  register_entries: { key: ["unit", "register", "book", "entry", "case_id"] },
  outbox: {
    key: ["id", "case_id"],
    operational: {
      attempts: "delivery bookkeeping of the outbox worker",
      delivered_at: "delivery bookkeeping of the outbox worker",
      last_error: "delivery bookkeeping of the outbox worker",
      next_attempt_at: "delivery bookkeeping of the outbox worker",
      locked_until: "the worker's lease on the message",
      locked_by: "the worker's lease on the message",
    },
  },
  registry_entries: { key: ["stream", "seq"] },
  log_leaves: { key: ["idx"] },
  log_checkpoints: { key: ["size"], operational: { created_at: "when the server signed the checkpoint; not part of the signed note, shown for information" } },
  procedure_versions: { key: ["id", "version"] },
};

/** Tables with no facts of a case's record, and why. A new table must be listed in one of the two. */
export const OTHER_TABLES: Record<string, string> = {
  units: "the administrative units (reference data; unit merges are audited as case steps)",
  officials: "accounts: who may act next, not what was recorded",
  official_certificates: "certificates officials may sign with; each registration is a registry record checked with the log",
  idempotency_keys: "stored first responses for retries; expire",
  timer_claims: "a scheduler process's lease on a timeout",
  deadline_notices: "notices the scheduler sent to queues; derived from due dates",
  unit_merges: "the merge decision's summary; each moved case carries a system:unit-merge entry",
  login_failures: "the login throttle's window",
  schema_migrations: "migration bookkeeping",
  case_tracking: "the hash of the citizen's tracking secret: a credential for reading the dossier's progress, replaced when a new one is issued; no fact of the case",
  attachments: "an index of stored files by hash (uploader, name, size, type): the case's chain binds the document's sha256, the file on disk is addressed by it, and its type is sniffed again from the bytes at download",
  receipt_counters: "the last receipt number each unit used in a year; every receipt number is recorded in its case (fee.payment), bound to the chain",
};

export interface Failure {
  source: string;
  reason: string;
  params: Record<string, unknown>;
}

export interface Verifiers {
  db: Database;
  tlog: TransparencyLog;
  trust: () => Promise<TrustStore>;
  now: () => string;
}

/** Everything every verifier reports for these cases, and for the whole log. */
export async function allFailures(v: Verifiers, caseIds: string[]): Promise<Failure[]> {
  const out: Failure[] = [];
  const deps = { db: v.db, tlog: v.tlog, cases: { trustStore: v.trust } };
  for (const id of caseIds) {
    try {
      const { report } = await verifyStoredCase(deps, id, v.now());
      for (const e of report.entries) for (const c of e.checks) if (!c.ok && !c.pending) out.push({ source: `case ${id} entry ${e.seq}`, reason: c.reason, params: c.params ?? {} });
      for (const f of report.findings) out.push({ source: `case ${id}`, reason: f.reason, params: f.params ?? {} });
      for (const r of [...report.reads, ...(report.procedure ? [report.procedure] : [])]) {
        for (const c of r.checks) if (!c.ok && !c.pending) out.push({ source: `case ${id} record ${r.stream}`, reason: c.reason, params: c.params ?? {} });
      }
      if (!report.checkpoint.ok) out.push({ source: `case ${id}`, reason: report.checkpoint.reason, params: { table: "log_checkpoints" } });
    } catch (e) {
      if (!isMotcuaError(e) || e.code !== "case.not_found") throw e;
      // The auditor knows the case from the log and the entry search; its row is gone.
      out.push({ source: `case ${id}`, reason: "case.row-missing", params: { table: "cases" } });
    }
  }
  for (const f of (await verifyLog(v.db, v.tlog)).findings) out.push({ source: "log", reason: f.reason, params: f.params ?? {} });
  return out;
}

/** Does a failure name `table.column` (or, for a row deleted or forged, the table)? */
export function names(f: Failure, table: string, column?: string): boolean {
  const col = f.params.column;
  if (column) return col === `${table}.${column}`;
  return f.params.table === table || (typeof col === "string" && col.startsWith(`${table}.`));
}

/** Runs `sql` with foreign keys and triggers off, as an attacker with superuser access could. */
export async function tamper(db: Database, sql: string, params: unknown[] = []): Promise<"done" | "refused"> {
  try {
    await db.tx(async (q: Queryable) => {
      await q.query("set local session_replication_role = replica");
      await q.query(sql, params);
    });
    return "done";
  } catch (e) {
    const code = (e as { code?: string }).code;
    // Constraint violations: the database itself refused the change.
    if (code && /^(23|22)/.test(code)) return "refused";
    throw e;
  }
}

/** A copy of a table's rows, to put back after a tamper. */
export async function snapshotTable(db: Database, table: string): Promise<unknown[]> {
  return (await db.query<{ r: unknown }>(`select to_jsonb(t) as r from ${table} t`)).rows.map((x) => x.r);
}

export async function restoreTable(db: Database, table: string, rows: unknown[]): Promise<void> {
  await db.tx(async (q) => {
    await q.query("set local session_replication_role = replica");
    await q.query(`delete from ${table}`);
    await q.query(`insert into ${table} select * from jsonb_populate_recordset(null::${table}, $1::jsonb)`, [JSON.stringify(rows)]);
  });
}

export interface ColumnInfo {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

export async function columnsOf(db: Database, tables: string[]): Promise<ColumnInfo[]> {
  const r = await db.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    `select table_name, column_name, data_type, is_nullable from information_schema.columns
      where table_schema = 'public' and table_name = any($1) order by table_name, ordinal_position`,
    [tables],
  );
  return r.rows.map((x) => ({ table: x.table_name, column: x.column_name, type: x.data_type, nullable: x.is_nullable === "YES" }));
}

/** A different value of the column's type, as SQL over the current value `c`. */
export function changedValue(col: ColumnInfo): string {
  const c = `"${col.column}"`;
  switch (col.type) {
    case "integer":
    case "bigint":
      // Far enough not to collide with a neighbour's key (the last row's seq + 1 is tried on its own).
      return `coalesce(${c}, 0) + 1000`;
    case "boolean":
      return `not coalesce(${c}, false)`;
    case "timestamp with time zone":
      return `coalesce(${c}, timestamptz '2026-06-01T00:00:00Z') + interval '1 hour'`;
    case "jsonb":
      return `case jsonb_typeof(${c}) when 'array' then ${c} || '[{"tampered": true}]'::jsonb when 'object' then ${c} || '{"tampered": true}'::jsonb else '{"tampered": true}'::jsonb end`;
    default:
      return col.column === "channel" ? `case when ${c} = 'online' then 'counter' else 'online' end` : `coalesce(${c}, '') || '-x'`;
  }
}
