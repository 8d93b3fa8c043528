// Case rows <-> the engine's CaseState. Only columns: the engine's state is small and typed.
import type { Queryable } from "../db/database.js";
import type { AuditEntry, CaseState } from "../../engine/case.js";
import type { OutboxEffect, RegisterEffect } from "../../engine/apply.js";
import { withPredecessors } from "./units.js";
import { feeFigures } from "../../engine/fee.js";

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

export function rowToCase(r: Record<string, unknown>): CaseState {
  return {
    id: String(r.id),
    code: String(r.code),
    procedureId: String(r.procedure_id),
    procedureVersion: Number(r.procedure_version),
    unit: String(r.unit),
    province: String(r.province),
    channel: r.channel as CaseState["channel"],
    state: String(r.state),
    data: r.data as CaseState["data"],
    documents: r.documents as CaseState["documents"],
    version: Number(r.version),
    seq: Number(r.seq),
    auditHead: String(r.audit_head),
    receivedAt: iso(r.received_at),
    originalDueAt: iso(r.original_due_at),
    dueAt: iso(r.due_at),
    pausedAt: isoOrNull(r.paused_at),
    pausedWorkingDays: Number(r.paused_working_days),
    stateEnteredAt: iso(r.state_entered_at),
    assignee: (r.assignee as string | null) ?? null,
    closedAt: isoOrNull(r.closed_at),
    outcome: (r.outcome as CaseState["outcome"]) ?? null,
    // Optional supervision fields (0003) appear only when set, so untouched cases keep their shape.
    ...(r.assignee_role != null ? { assigneeRole: String(r.assignee_role) } : {}),
    ...(r.apology != null ? { apology: r.apology as CaseState["apology"] } : {}),
    ...(r.late === true ? { late: true } : {}),
    ...(r.register != null ? { register: r.register as CaseState["register"] } : {}),
    ...(r.due_provisional === true ? { dueProvisional: true } : {}),
    ...(r.rounds != null ? { rounds: r.rounds as CaseState["rounds"] } : {}),
    ...(r.extensions != null ? { extensions: r.extensions as CaseState["extensions"] } : {}),
    ...(r.task != null ? { task: r.task as CaseState["task"] } : {}),
    ...(r.parts != null ? { parts: r.parts as CaseState["parts"] } : {}),
    ...(r.parent != null ? { parent: r.parent as CaseState["parent"] } : {}),
    ...(r.fee != null ? { fee: r.fee as CaseState["fee"] } : {}),
    ...(r.applicant != null ? { applicant: r.applicant as CaseState["applicant"] } : {}),
  };
}

/**
 * A case and whether `official` may see it, in one round trip: their unit and every unit merged
 * into it (closed cases stay under the unit that decided them), or the whole province for a
 * province-level official.
 */
export async function getCaseSeenBy(q: Queryable, idOrCode: string, official: { unit: string; province: string; unitLevel: string }): Promise<{ case: CaseState; visible: boolean; taskForCaller: boolean } | undefined> {
  const r = await q.query(
    `${withPredecessors(2)}
     select c.*, (($3::boolean and c.province = $4::text) or c.unit in (select code from u)) as visible_to_caller,
            coalesce(c.task ->> 'unit' in (select code from u), false) as task_for_caller
       from cases c where c.id = $1 or c.code = $1`,
    [idOrCode, official.unit, official.unitLevel === "province", official.province],
  );
  const row = r.rows[0];
  return row ? { case: rowToCase(row), visible: row.visible_to_caller === true, taskForCaller: row.task_for_caller === true } : undefined;
}

export async function getCase(q: Queryable, idOrCode: string): Promise<CaseState | undefined> {
  const r = await q.query("select * from cases where id = $1 or code = $1", [idOrCode]);
  return r.rows[0] ? rowToCase(r.rows[0]) : undefined;
}

const INSERT_CASE = `insert into cases (id, code, province, unit, original_unit, procedure_id, procedure_version, state, owner_role, channel, version, seq,
       audit_head, data, documents, received_at, original_due_at, due_at, paused_at, paused_working_days, state_entered_at, assignee, closed_at, outcome,
       assignee_role, apology, late, register, due_provisional, rounds, extensions, task, parts, parent, fee, fee_due, fee_collected, applicant)
     values ($1,$2,$3,$4,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,$33,$34,$35,$36,$37)`;

function insertParams(c: CaseState, ownerRole: string | null): unknown[] {
  return [c.id, c.code, c.province, c.unit, c.procedureId, c.procedureVersion, c.state, ownerRole, c.channel, c.version, c.seq, c.auditHead,
    JSON.stringify(c.data), JSON.stringify(c.documents), c.receivedAt, c.originalDueAt, c.dueAt, c.pausedAt, c.pausedWorkingDays, c.stateEnteredAt,
    c.assignee, c.closedAt, c.outcome, c.assigneeRole ?? null, c.apology ? JSON.stringify(c.apology) : null, c.late ?? false, jsonOrNull(c.register),
    c.dueProvisional ?? false, jsonOrNull(c.rounds), jsonOrNull(c.extensions), jsonOrNull(c.task), jsonOrNull(c.parts), jsonOrNull(c.parent), jsonOrNull(c.fee), ...feeColumns(c), jsonOrNull(c.applicant)];
}

/** fee_due and fee_collected: the fee's figures for statistics' covering indexes (migration 0017). */
const feeColumns = (c: CaseState): [number | null, number | null] => {
  const f = feeFigures(c.fee);
  return [f.feeDue, f.feeCollected];
};

const jsonOrNull = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

/** The audit entry's columns selected from a row named by `from` (the CTE of the case write), starting at parameter $n. */
function entryFrom(from: string, n: number): string {
  const p = (k: number, type: string) => `$${n + k}::${type}`;
  return `insert into audit_entries (case_id, seq, province, unit, actor_id, action, procedure, at, hash, prev_hash, entry, seal)
     select id, ${p(0, "integer")}, ${p(1, "text")}, ${p(2, "text")}, ${p(3, "text")}, ${p(4, "text")}, ${p(5, "text")}, ${p(6, "timestamptz")}, ${p(7, "text")}, ${p(8, "text")}, ${p(9, "jsonb")}, ${p(10, "text")} from ${from}`;
}

/** `seal` is the server's signature over the record (see engine/audit/leaf.ts sealMessage). */
function entryParams(c: CaseState, e: AuditEntry, seal: string): unknown[] {
  return [e.seq, c.province, c.unit, e.actor.id, e.action, e.procedure, e.at, e.hash, e.prevHash, JSON.stringify(e), seal];
}

/** One insert per message, taking the case's id and province from the statement's CTE `from`; `at` adds a parameter. */
function outboxParts(messages: OutboxEffect[], at: (v: unknown) => string, from: string, createdAt: string): string[] {
  return messages.map((m, i) => `outbox_${i} as (insert into outbox (id, case_id, province, topic, payload, created_at)
       select ${at(m.id)}::text, id, province, ${at(m.topic)}::text, ${at(JSON.stringify(m.payload))}::jsonb, ${at(createdAt)}::timestamptz from ${from})`);
}

/**
 * A new case and its first audit entry in one statement (atomic without a transaction around it),
 * with the intake's outbox messages (the citizen's notice) and the tracking secret's hash.
 */
export async function insertCaseWithEntry(q: Queryable, c: CaseState, ownerRole: string | null, e: AuditEntry, seal: string,
  fx: { outbox?: OutboxEffect[]; trackingHash?: string } = {}): Promise<void> {
  const params = insertParams(c, ownerRole);
  const at = (v: unknown) => `$${params.push(v)}`;
  const parts = [`created as (${INSERT_CASE} returning id, province)`];
  parts.push(...outboxParts(fx.outbox ?? [], at, "created", e.at));
  if (fx.trackingHash) {
    parts.push(`tracking as (insert into case_tracking (case_id, province, secret_hash, issued_at)
       select id, province, ${at(fx.trackingHash)}::text, ${at(e.at)}::timestamptz from created)`);
  }
  await q.query(`with ${parts.join(",\n")} ${entryFrom("created", params.length + 1)}`, [...params, ...entryParams(c, e, seal)]);
}

const UPDATE_CASE = `update cases set state = $3, owner_role = $4, version = $5, seq = $6, audit_head = $7, data = $8, documents = $9, due_at = $10,
       paused_at = $11, paused_working_days = $12, state_entered_at = $13, assignee = $14, closed_at = $15, outcome = $16, unit = $17,
       assignee_role = $18, apology = $19, late = $20, procedure_version = $21, register = $22, due_provisional = $23,
       rounds = $24, extensions = $25, task = $26, parts = $27, fee = $28, fee_due = $29, fee_collected = $30
     where id = $1 and version = $2`;

function updateParams(c: CaseState, expectedVersion: number, ownerRole: string | null): unknown[] {
  return [c.id, expectedVersion, c.state, ownerRole, c.version, c.seq, c.auditHead, JSON.stringify(c.data), JSON.stringify(c.documents), c.dueAt,
    c.pausedAt, c.pausedWorkingDays, c.stateEnteredAt, c.assignee, c.closedAt, c.outcome, c.unit,
    c.assigneeRole ?? null, c.apology ? JSON.stringify(c.apology) : null, c.late ?? false, c.procedureVersion, jsonOrNull(c.register), c.dueProvisional ?? false,
    jsonOrNull(c.rounds), jsonOrNull(c.extensions), jsonOrNull(c.task), jsonOrNull(c.parts), jsonOrNull(c.fee), ...feeColumns(c)];
}

/**
 * The optimistic update and the audit append as one statement: the entry is inserted only for
 * the row the version check matched, so a lost race appends nothing, and a step with nothing
 * else to write needs no BEGIN/COMMIT (three round trips fewer per action).
 */
export async function updateCaseAppendEntry(q: Queryable, c: CaseState, expectedVersion: number, ownerRole: string | null, e: AuditEntry, seal: string): Promise<boolean> {
  const params = updateParams(c, expectedVersion, ownerRole);
  const r = await q.query(`with updated as (${UPDATE_CASE} returning id) ${entryFrom("updated", params.length + 1)}`, [...params, ...entryParams(c, e, seal)]);
  return r.rowCount === 1;
}

/**
 * An applied step with its register entry and outbox messages in ONE statement: atomic without a
 * transaction, so three round trips fewer than BEGIN / update / insert... / COMMIT. The case row is
 * locked with its version check first (`cur`); the register entry is written only for that row
 * and the case only if the entry was free (or already this dossier's); the messages and the audit
 * entry follow the update. Nothing is written unless everything is. Returns false when nothing
 * was (a stale version, or the register number is another dossier's: the caller tells which).
 */
export async function updateCaseWithEffects(q: Queryable, c: CaseState, expectedVersion: number, ownerRole: string | null, e: AuditEntry, seal: string,
  fx: { register?: RegisterEffect; outbox: OutboxEffect[] }): Promise<boolean> {
  const params: unknown[] = updateParams(c, expectedVersion, ownerRole);
  const at = (v: unknown) => `$${params.push(v)}`;
  const parts: string[] = [];
  let update = UPDATE_CASE;
  if (fx.register) {
    const r = fx.register;
    parts.push(`cur as (select id from cases where id = $1 and version = $2 for update)`);
    parts.push(`reg as (insert into register_entries (unit, register, book, entry, province, case_id, seq, at)
       select ${at(r.unit)}::text, ${at(r.register)}::text, ${at(r.book)}::text, ${at(r.entry)}::text, ${at(c.province)}::text, id, ${at(e.seq)}::integer, ${at(e.at)}::timestamptz from cur
       on conflict (unit, register, book, entry) do update set seq = excluded.seq, at = excluded.at where register_entries.case_id = excluded.case_id
       returning 1)`);
    update += " and exists (select 1 from reg)";
  }
  parts.push(`updated as (${update} returning id, province)`);
  parts.push(...outboxParts(fx.outbox, at, "updated", e.at));
  const entryAt = params.length + 1;
  const r = await q.query(`with ${parts.join(",\n")} ${entryFrom("updated", entryAt)}`, [...params, ...entryParams(c, e, seal)]);
  return r.rowCount === 1;
}

export async function listEntries(q: Queryable, caseId: string): Promise<AuditEntry[]> {
  const r = await q.query<{ entry: AuditEntry }>("select entry from audit_entries where case_id = $1 order by seq", [caseId]);
  return r.rows.map((x) => x.entry);
}

export interface InboxFilter {
  units: string[];
  state?: string;
  procedureId?: string;
  overdueAt?: string;
  /** Only cases whose due date was computed past the calendar's announced schedule. */
  provisional?: boolean;
  open?: boolean;
  limit: number;
  /** Keyset cursor: (due_at, id) of the last row of the previous page. */
  after?: { dueAt: string; id: string };
}

export async function listCases(q: Queryable, f: InboxFilter): Promise<CaseState[]> {
  // A task another unit asked of one of these units is in their queue too (the route shows only its declared part).
  const where = ["(unit = any($1) or task ->> 'unit' = any($1))"];
  const params: unknown[] = [f.units];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace("?", `$${params.length}`));
  };
  if (f.state) add("state = ?", f.state);
  if (f.procedureId) add("procedure_id = ?", f.procedureId);
  if (f.open !== false) where.push("closed_at is null");
  if (f.overdueAt) add("due_at < ? and paused_at is null", f.overdueAt);
  if (f.provisional) where.push("due_provisional");
  if (f.after) {
    params.push(f.after.dueAt, f.after.id);
    where.push(`(due_at, id) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(f.limit);
  const r = await q.query(`select * from cases where ${where.join(" and ")} order by due_at, id limit $${params.length}`, params);
  return r.rows.map(rowToCase);
}

/** The parent of a part, locked for the rest of the transaction: the part's closing and the parent's record of it commit together. */
export async function lockCase(q: Queryable, id: string): Promise<CaseState | undefined> {
  const r = await q.query("select * from cases where id = $1 for update", [id]);
  return r.rows[0] ? rowToCase(r.rows[0]) : undefined;
}

/** The live state of a submission's parts, for the parent's view. */
export async function partStates(q: Queryable, ids: string[]): Promise<Map<string, Pick<CaseState, "state" | "dueAt" | "closedAt" | "outcome">>> {
  if (ids.length === 0) return new Map();
  const r = await q.query("select id, state, due_at, closed_at, outcome from cases where id = any($1)", [ids]);
  return new Map(r.rows.map((x) => [String(x.id), { state: String(x.state), dueAt: iso(x.due_at), closedAt: isoOrNull(x.closed_at), outcome: (x.outcome as CaseState["outcome"]) ?? null }]));
}
