// Per-case hash chain: hash = SHA-256(prevHash || canonical(entry without hash)).
// prevHash is inside the canonical entry too, so reordering or deleting entries breaks the chain.
import { canonicalJson, sha256Hex } from "../hash.js";
import type { AuditEntry, CaseDocument, UnsignedAuditEntry } from "../case.js";
import { GENESIS_HASH } from "../case.js";

/** The one hash rule for every chained record (case entries and registry entries alike). */
export function hashEntry(entry: UnsignedAuditEntry | { prevHash: string }): string {
  return sha256Hex(entry.prevHash + canonicalJson(entry));
}

export function sealEntry(entry: UnsignedAuditEntry): AuditEntry {
  return { ...entry, hash: hashEntry(entry) };
}

export function dossierHash(data: Record<string, unknown>, documents: CaseDocument[]): string {
  return sha256Hex(canonicalJson({ v: 1, data, documents }));
}

export type ChainProblem =
  | { seq: number; problem: "hash_mismatch" | "prev_hash_mismatch" | "seq_gap" | "case_mismatch"; detail: string };

/** Rechecks a case's chain from genesis; returns the problems found, first one first. */
export function verifyChain(caseId: string, entries: AuditEntry[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prev = GENESIS_HASH;
  entries.forEach((e, i) => {
    if (e.caseId !== caseId) problems.push({ seq: e.seq, problem: "case_mismatch", detail: `entry belongs to case ${e.caseId}` });
    if (e.seq !== i) problems.push({ seq: e.seq, problem: "seq_gap", detail: `expected seq ${i}, found ${e.seq}` });
    if (e.prevHash !== prev) problems.push({ seq: e.seq, problem: "prev_hash_mismatch", detail: "prevHash does not match the previous entry" });
    const { hash, ...rest } = e;
    if (hashEntry(rest) !== hash) problems.push({ seq: e.seq, problem: "hash_mismatch", detail: "entry content does not match its hash" });
    prev = hash;
  });
  return problems;
}
