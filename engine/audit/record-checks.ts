// The checks every chained record gets, case entry or registry record alike: its content against
// its hash, the server's seal, and its place in the signed log.
import { fromHex } from "../hash.js";
import { hashEntry } from "./entry.js";
import { verifyInclusion } from "./merkle-verify.js";
import { entryLeafHash, sealMessage } from "./leaf.js";
import { failed, passed, type Check } from "./findings.js";

export interface LogRoot {
  size: number;
  hash: Uint8Array;
}

export interface SealedPosition {
  stream: string;
  seq: number;
  hash: string;
  seal: string | null;
  logIndex: number | null;
  inclusionProof: string[] | null;
  /** Where the log itself holds this record (stream, seq) below the checkpoint, if it does. */
  logged?: { index: number } | undefined;
  /** The log holds a later record of the same stream: this one cannot still be waiting. */
  laterLogged?: boolean;
}

export function hashCheck(record: { hash?: unknown }, table: string): Check {
  const { hash, ...rest } = record as { hash: string; prevHash: string };
  return hashEntry(rest) === hash
    ? passed("hash", "hash.ok", "content matches its hash")
    : failed("hash", "hash.changed", "content was changed after it was recorded", { column: `${table}.entry` });
}

export async function sealCheck(p: SealedPosition, key: CryptoKey | undefined, crypto: Crypto, table: string): Promise<Check> {
  if (!p.seal) return failed("seal", "seal.missing", "no server seal: the row was not written by the server", { column: `${table}.seal` });
  if (!key) return failed("seal", "seal.key-unusable", "the log key could not be imported");
  try {
    const sig = Uint8Array.from(atob(p.seal), (ch) => ch.charCodeAt(0));
    const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, sig, sealMessage(p.stream, p.seq, p.hash) as Uint8Array<ArrayBuffer>);
    return ok
      ? passed("seal", "seal.ok", "sealed by the server at commit")
      : failed("seal", "seal.mismatch", "the server's seal does not match: forged or altered row", { column: `${table}.seal` });
  } catch {
    return failed("seal", "seal.malformed", "the seal is malformed", { column: `${table}.seal` });
  }
}

/**
 * In the log, or honestly waiting for the next checkpoint. A record the log holds at another
 * index, or one skipped while a later record of its stream is logged, is not "pending" but a
 * finding: the sequencer logs each stream in order, and a checkpoint covers what it sequenced.
 */
export function inclusionCheck(p: SealedPosition, root: LogRoot | undefined, table: string): Check {
  const column = { column: `${table}.log_index` };
  const covered = p.logIndex !== null && root !== undefined && p.logIndex < root.size;
  if (p.logged && p.logged.index !== p.logIndex) {
    return failed("inclusion", "inclusion.index-mismatch", `the log holds this record at index ${p.logged.index}, the row says ${String(p.logIndex)}`, { ...column, index: p.logged.index });
  }
  if (!covered) {
    if (p.laterLogged) return failed("inclusion", "inclusion.skipped", "the log holds later records of this stream but not this one", column);
    return { check: "inclusion", ok: false, pending: true, reason: "inclusion.pending", detail: "not yet covered by a signed checkpoint" };
  }
  const leaf = entryLeafHash(p.stream, p.seq, p.hash);
  let proof: Uint8Array[];
  try {
    proof = (p.inclusionProof ?? []).map(fromHex);
  } catch {
    return failed("inclusion", "inclusion.malformed", "the inclusion proof is malformed");
  }
  const index = p.logIndex as number;
  return verifyInclusion(leaf, index, root.size, proof, root.hash)
    ? passed("inclusion", "inclusion.ok", `in the log at index ${index}`, { index })
    : failed("inclusion", "inclusion.mismatch", `not the record the log holds at index ${index}`, { index });
}

export function importSealKey(publicKey: CryptoKey | Uint8Array, crypto: Crypto): Promise<CryptoKey> {
  return publicKey instanceof Uint8Array
    ? crypto.subtle.importKey("raw", publicKey as Uint8Array<ArrayBuffer>, { name: "Ed25519" }, false, ["verify"])
    : Promise.resolve(publicKey);
}
