// The proof a public result check carries, so that the verdict does not rest on the server's word
// alone: anyone (the console's public page, in the browser) can recompute that the payload with
// these public facts is what was signed (its SHA-256 is the digest printed on the paper), that the
// entry's header names this digest and this step, and that the log's signed checkpoint includes
// the entry. Nothing in it is personal data beyond the masked facts: the header commits to the
// rest of the entry (actor, dossier, changes) only through hashes (engine/audit/entry.ts).
import type { SigningPayload } from "../signature/payload.js";
import { canonicalJson, fromHex, sha256Hex } from "../hash.js";
import { headerHash, type EntryHeader } from "./entry.js";
import { caseStream, entryLeafHash } from "./leaf.js";
import { verifyInclusion } from "./merkle-verify.js";
import { verifyCheckpoint, type WebCrypto } from "./checkpoint.js";

export interface PublicProof {
  header: EntryHeader;
  /** Position of the entry in the log and the checkpoint (C2SP signed note) the proof is relative to. */
  index: number;
  checkpoint: string;
  inclusionProof: string[];
  /** What the official signed: its hashes of the dossier, and the public facts. */
  signedPayload: SigningPayload;
}

export type ProofResult =
  | { ok: true; facts: Record<string, string>; treeSize: number }
  | { ok: false; reason: "proof.malformed" | "proof.payload-digest" | "proof.other-step" | "proof.checkpoint" | "proof.inclusion"; detail: string };

/** `digest` is the one on the paper; `logKey` the log's Ed25519 key, obtained as the reader trusts it. */
export async function verifyPublicProof(p: PublicProof, digest: string, logKey: { name: string; publicKey: Uint8Array | CryptoKey }, crypto: WebCrypto): Promise<ProofResult> {
  const h = p?.header;
  if (!h || h.v !== 2 || !p.signedPayload || typeof p.checkpoint !== "string" || !Array.isArray(p.inclusionProof)) return { ok: false, reason: "proof.malformed", detail: "not a proof of a signed result" };
  const want = digest.toLowerCase();
  let payloadDigest: string;
  try {
    payloadDigest = sha256Hex(canonicalJson(p.signedPayload));
  } catch {
    return { ok: false, reason: "proof.malformed", detail: "the signed payload cannot be read" };
  }
  if (payloadDigest !== want) return { ok: false, reason: "proof.payload-digest", detail: "the payload shown is not the one whose digest is on the paper" };
  const s = p.signedPayload;
  if (h.signed !== want || h.caseId !== s.caseId || h.action !== s.action || h.seq !== s.seq || h.prevHash !== s.auditHead) {
    return { ok: false, reason: "proof.other-step", detail: "the log entry is not the signed step of this payload" };
  }
  const cp = await verifyCheckpoint(p.checkpoint, logKey, crypto);
  if (!cp.ok) return { ok: false, reason: "proof.checkpoint", detail: `the log's checkpoint does not verify (${cp.reason})` };
  let proof: Uint8Array[];
  try {
    proof = p.inclusionProof.map(fromHex);
  } catch {
    return { ok: false, reason: "proof.malformed", detail: "the inclusion proof is malformed" };
  }
  const leaf = entryLeafHash(caseStream(h.caseId), h.seq, headerHash(h));
  if (!verifyInclusion(leaf, p.index, cp.size, proof, cp.rootHash)) return { ok: false, reason: "proof.inclusion", detail: "the signed log does not hold this entry" };
  return { ok: true, facts: s.facts ?? {}, treeSize: cp.size };
}
