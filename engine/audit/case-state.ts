// What a case's hash chain commits to about the case row itself. Every entry (scheme v2) carries
// the hash of the whole case as it is after the step and the RFC 6902 JSON Patch that turned the
// case before the step into it, so the row shown to an official, an auditor or a court can be
// rebuilt from the chain alone and compared field by field: a dossier edited in the database is a
// finding naming the field, not a quiet difference next to "every step matches".
//
// The committed form is generic over CaseState: a field added to the case later is covered without
// touching this file. Two fields are left out because the chain itself defines them: `seq` (the
// number of entries) and `auditHead` (the hash of the last one, which cannot be inside itself).
import { createPatch, type Operation } from "rfc6902";
import type { CaseState } from "../case.js";
import { canonicalJson, hashJson } from "../hash.js";

export type CommittedCase = Record<string, unknown>;
export type ChangeOp = Operation;

/** Fields the chain defines rather than records (see the header). */
const CHAIN_FIELDS = new Set(["seq", "auditHead"]);

/**
 * The case as the chain records it. Top-level members that are null, false or absent mean the same
 * ("not set"): a row read back from the database omits optional columns that are unset, while the
 * engine may spell them out, and the two must hash alike. Nested values (the dossier) are kept as
 * they are; canonical JSON (NFC, sorted keys) makes their spelling irrelevant.
 */
export function committedCase(c: CaseState | CommittedCase): CommittedCase {
  const out: CommittedCase = {};
  for (const [k, v] of Object.entries(c)) {
    if (CHAIN_FIELDS.has(k) || v === null || v === undefined || v === false) continue;
    out[k] = v;
  }
  // A copy through canonical JSON: plain data only, keys in one order, strings in NFC.
  return JSON.parse(canonicalJson(out)) as CommittedCase;
}

/** The hash an entry keeps of the case after its step. */
export function caseStateHash(c: CaseState | CommittedCase): string {
  return committedStateHash(committedCase(c));
}

/** caseStateHash of committedCase's output, without copying it again (a step hashes and diffs the same state). */
export function committedStateHash(committed: CommittedCase): string {
  return hashJson({ v: 1, case: committed });
}

/**
 * The patch from the case before a step to the case after it; the first entry (no case before)
 * replaces the whole document, so the intake entry carries the dossier as received.
 */
export function caseChanges(before: CaseState | null, after: CaseState, next: CommittedCase = committedCase(after)): ChangeOp[] {
  if (before === null) return [{ op: "replace", path: "", value: next }];
  return createPatch(committedCase(before), next);
}
