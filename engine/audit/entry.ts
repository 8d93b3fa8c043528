// Per-case hash chain. Each entry's hash covers the one before it (prevHash is inside what is
// hashed), so reordering or deleting entries breaks the chain.
//
// Two hash schemes, told apart by the entry's `v`; old evidence keeps verifying under its own rule:
//  v1  hash = SHA-256(prevHash || canonical(entry without hash))
//  v2  hash = SHA-256(prevHash || canonical(header)), where the header holds what anyone checking a
//      result needs (case, position, time, action, procedure, the case's state hash, the digest of
//      what was signed) and `body`, the hash of everything else (actor, input, the changes to the
//      case, the signature evidence). The public result check can then hand out one header and
//      let a browser recompute the entry's hash and its place in the signed log without seeing a
//      single field of the dossier.
import { canonicalJson, hashJson, sha256Hex } from "../hash.js";
import type { AuditEntry, CaseDocument, UnsignedAuditEntry } from "../case.js";
import { GENESIS_HASH } from "../case.js";

export const ENTRY_SCHEME = 2;

/** The v2 header: these members are hashed in the clear, the rest of the entry through `body`. */
export interface EntryHeader {
  v: 2;
  caseId: string;
  seq: number;
  prevHash: string;
  at: string;
  action: string;
  procedure: string;
  stateHash: string;
  /** SHA-256 of the signed payload, when the step was signed (the digest printed on the result). */
  signed?: string;
  body: string;
}

const HEADER_FIELDS = ["v", "caseId", "seq", "prevHash", "at", "action", "procedure", "stateHash"] as const;

export function entryHeader(entry: UnsignedAuditEntry | AuditEntry): EntryHeader {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) {
    if (k !== "hash" && !(HEADER_FIELDS as readonly string[]).includes(k)) body[k] = v;
  }
  const e = entry as UnsignedAuditEntry;
  const signed = e.signature?.payloadDigest;
  return {
    v: 2, caseId: e.caseId, seq: e.seq, prevHash: e.prevHash, at: e.at, action: e.action, procedure: e.procedure, stateHash: e.stateHash ?? "",
    ...(signed !== undefined ? { signed } : {}),
    body: hashJson(body),
  };
}

/** The hash of an entry given its header (what the public check's browser recomputes). */
export function headerHash(h: EntryHeader): string {
  return sha256Hex(h.prevHash + canonicalJson(h));
}

/** The one hash rule for every chained record: case entries (v1, v2) and registry entries (v1). */
export function hashEntry(entry: UnsignedAuditEntry | { prevHash: string; v?: unknown }): string {
  if ((entry as { v?: unknown }).v === 2) return headerHash(entryHeader(entry as UnsignedAuditEntry));
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
