// Columns copied out of sealed records for searching (an auditor finds an official's steps by
// actor_id, a unit's by unit) must say what the sealed record says: a changed copy would hide a
// step from a search while the record itself still verifies.
import type { AuditEntry } from "../case.js";
import type { RegistryEntry } from "./registry-entry.js";
import type { EntryRow, RecordRow } from "./bundle.js";
import type { CommittedCase } from "./case-state.js";
import { failed, passed, type Check } from "./findings.js";

type Expected = Array<[column: string, row: unknown, sealed: unknown]>;

/**
 * One copy that differs was changed itself; when several differ at once, the sealed record in the
 * row is not the one its copies were made from (swapped in from another row), and that is named.
 */
function compare(table: string, expected: Expected): Check {
  const differ = expected.filter(([, row, sealed]) => !same(row, sealed));
  if (differ.length === 0) return passed("row", "row.ok", "the row's columns match the sealed record");
  if (differ.length > 1) {
    return failed("row", "row.record-replaced", `the ${table} row's ${differ.map(([c]) => c).join(", ")} differ from its sealed record: the record is not the one they were copied from`, { column: `${table}.entry` });
  }
  const [[column, row, sealed]] = differ as [Expected[number]];
  return failed("row", "row.column-mismatch", `the ${table} row's ${column} (${String(row)}) differs from the sealed record's (${String(sealed)})`, { column: `${table}.${column}` });
}

/** `state` is the case after this entry as the chain rebuilds it (unit and province come from it). */
export function entryRowCheck(row: EntryRow, e: AuditEntry, state: CommittedCase | undefined): Check {
  return compare("audit_entries", [
    ["case_id", row.caseId, e.caseId],
    ["seq", row.seq, e.seq],
    ["actor_id", row.actorId, e.actor?.id],
    ["action", row.action, e.action],
    ["procedure", row.procedure, e.procedure],
    ["at", instant(row.at), instant(e.at)],
    ["hash", row.hash, e.hash],
    ["prev_hash", row.prevHash, e.prevHash],
    ...(state ? ([["unit", row.unit, state.unit], ["province", row.province, state.province]] as Expected) : []),
  ]);
}

export function recordRowCheck(row: RecordRow, e: RegistryEntry): Check {
  return compare("registry_entries", [
    ["stream", row.stream, e.stream],
    ["seq", row.seq, e.seq],
    ["actor_id", row.actorId, e.actor?.id],
    ["action", row.action, e.action],
    ["at", instant(row.at), instant(e.at)],
    ["hash", row.hash, e.hash],
    ["prev_hash", row.prevHash, e.prevHash],
    // Records sealed before the province was sealed with them carry none to compare with.
    ...(e && "province" in e ? ([["province", row.province, e.province]] as Expected) : []),
  ]);
}

function instant(v: unknown): unknown {
  const ms = typeof v === "string" ? Date.parse(v) : NaN;
  return Number.isNaN(ms) ? v : ms;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (a === null && b === undefined) || (a === undefined && b === null);
}
