// The rows a step's commit wrote beside the case (register lines, outbox messages) against what its
// entry says it wrote. A register line moved to another number, a message whose payload was edited
// before it went out to a national system, a row deleted or slipped in: each is a finding naming
// the table and column.
import type { AuditEntry, EntryEffect } from "../case.js";
import { hashJson } from "../hash.js";
import type { OutboxRow, RegisterRow } from "./bundle.js";
import type { CommittedCase } from "./case-state.js";
import type { Finding } from "./findings.js";

type RegisterEffect = Extract<EntryEffect, { type: "register" }>;
type OutboxEffect = Extract<EntryEffect, { type: "outbox" }>;

const registerKey = (r: { unit: string; register: string; book: string; entry: string }) => JSON.stringify([r.unit, r.register, r.book, r.entry]);

/** `states[i]` is the case after entry i as rebuilt from the chain (its province). */
export function verifyRegisterRows(rows: readonly RegisterRow[], entries: readonly AuditEntry[], states: ReadonlyArray<CommittedCase | undefined>): Finding[] {
  // The latest entry that wrote each line: recording again under the dossier's own number moves the line's seq.
  const expected = new Map<string, { effect: RegisterEffect; entry: AuditEntry; province: unknown }>();
  entries.forEach((e, i) => {
    for (const eff of e.effects ?? []) if (eff.type === "register") expected.set(registerKey(eff), { effect: eff, entry: e, province: states[i]?.province });
  });
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const key = registerKey(row);
    seen.add(key);
    const want = expected.get(key);
    if (!want) {
      findings.push({ reason: "register.row-unexpected", params: { table: "register_entries", book: row.book, entry: row.entry }, detail: `register line ${row.book}/${row.entry} names this case but no entry wrote it` });
      continue;
    }
    const column = firstDifferent([
      ["case_id", row.caseId, want.entry.caseId],
      ["seq", row.seq, want.entry.seq],
      ["at", Date.parse(row.at), Date.parse(want.entry.at)],
      ...(want.province !== undefined ? ([["province", row.province, want.province]] as Columns) : []),
    ]);
    if (column) findings.push({ reason: "register.row-mismatch", params: { column: `register_entries.${column}`, seq: want.entry.seq, book: row.book, entry: row.entry }, detail: `register line ${row.book}/${row.entry}: ${column} differs from entry ${want.entry.seq}` });
  }
  for (const [key, want] of expected) {
    if (!seen.has(key)) findings.push({ reason: "register.row-missing", params: { table: "register_entries", seq: want.entry.seq, book: want.effect.book, entry: want.effect.entry }, detail: `entry ${want.entry.seq} wrote register line ${want.effect.book}/${want.effect.entry}, which is missing` });
  }
  return findings;
}

export function verifyOutboxRows(rows: readonly OutboxRow[], entries: readonly AuditEntry[], states: ReadonlyArray<CommittedCase | undefined>): Finding[] {
  const expected = new Map<string, { effect: OutboxEffect; entry: AuditEntry; province: unknown }>();
  entries.forEach((e, i) => {
    for (const eff of e.effects ?? []) if (eff.type === "outbox") expected.set(eff.id, { effect: eff, entry: e, province: states[i]?.province });
  });
  // Messages written before entries named them (scheme 1) cannot be told from slipped-in ones.
  const allNamed = entries.every((e) => e.v === 2);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    seen.add(row.id);
    const want = expected.get(row.id);
    if (!want) {
      if (allNamed) findings.push({ reason: "outbox.row-unexpected", params: { table: "outbox", id: row.id }, detail: `message ${row.id} names this case but no entry wrote it` });
      continue;
    }
    const column = firstDifferent([
      ["case_id", row.caseId, want.entry.caseId],
      ["topic", row.topic, want.effect.topic],
      ["payload", safeHash(row.payload), want.effect.payloadHash],
      ["created_at", Date.parse(row.createdAt), Date.parse(want.entry.at)],
      ...(want.province !== undefined ? ([["province", row.province, want.province]] as Columns) : []),
    ]);
    if (column) findings.push({ reason: "outbox.row-mismatch", params: { column: `outbox.${column}`, seq: want.entry.seq, id: row.id }, detail: `message ${row.id}: ${column} differs from what entry ${want.entry.seq} wrote` });
  }
  for (const [id, want] of expected) {
    if (!seen.has(id)) findings.push({ reason: "outbox.row-missing", params: { table: "outbox", seq: want.entry.seq, id }, detail: `entry ${want.entry.seq} wrote message ${id}, which is missing` });
  }
  return findings;
}

type Columns = Array<[string, unknown, unknown]>;

function firstDifferent(columns: Columns): string | undefined {
  return columns.find(([, a, b]) => a !== b)?.[0];
}

function safeHash(v: unknown): string {
  try {
    return hashJson(v);
  } catch {
    return "";
  }
}
