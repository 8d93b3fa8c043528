// What the global Merkle log commits to for each chained record, and the server's seal on it.
// The leaf names the stream, position and hash: the hash already covers the whole record and,
// through prevHash, everything before it in its stream.
import { canonicalJson, utf8 } from "../hash.js";
import { leafHash } from "./merkle.js";

export function caseStream(caseId: string): string {
  return `case:${caseId}`;
}

export function leafData(stream: string, seq: number, hash: string): Uint8Array {
  return utf8(canonicalJson({ v: 1, stream, seq, hash }));
}

export function entryLeafHash(stream: string, seq: number, hash: string): Uint8Array {
  return leafHash(leafData(stream, seq, hash));
}

/** Bytes the server signs (Ed25519) when it commits a record: a forged row inserted later has no valid seal. */
export function sealMessage(stream: string, seq: number, hash: string): Uint8Array {
  return utf8(`motcua-seal/v1\n${stream}\n${seq}\n${hash}\n`);
}
