// What an official signs at a checkpoint. The audit head and seq are inside, so a signature
// cannot be replayed on another case or on a later step of the same case.
import type { CaseState } from "../case.js";
import type { SignatureCheckpoint } from "../../schemas/generated/procedure.js";
import { canonicalJson, hashJson, sha256Hex, utf8 } from "../hash.js";
import { publicFactsOf } from "../public-facts.js";

export interface SigningPayload {
  v: 1;
  purpose: "motcua.signature-checkpoint";
  caseId: string;
  caseCode: string;
  procedure: string;
  action: string;
  /** Hash of the latest audit entry and the number of entries at signing time. */
  auditHead: string;
  seq: number;
  dataHash?: string;
  documents?: Array<{ id: string; sha256: string }>;
  /** The result's public facts as the checkpoint declares them (engine/public-facts.ts), by id. */
  facts?: Record<string, string>;
}

export function buildSigningPayload(c: CaseState, action: string, checkpoint: SignatureCheckpoint): SigningPayload {
  const payload: SigningPayload = {
    v: 1,
    purpose: "motcua.signature-checkpoint",
    caseId: c.id,
    caseCode: c.code,
    procedure: `${c.procedureId}@${c.procedureVersion}`,
    action,
    auditHead: c.auditHead,
    seq: c.seq,
  };
  if (checkpoint.covers.includes("data")) payload.dataHash = hashJson({ v: 1, data: c.data });
  if (checkpoint.covers.includes("documents")) {
    payload.documents = c.documents.map((d) => ({ id: d.id, sha256: d.sha256 })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  if (checkpoint.publicFacts && checkpoint.publicFacts.length > 0) payload.facts = publicFactsOf(c, checkpoint.publicFacts);
  return payload;
}

/** The exact bytes signed: UTF-8 of the RFC 8785 canonical JSON. */
export function payloadBytes(payload: SigningPayload): Uint8Array {
  return utf8(canonicalJson(payload));
}

export function payloadDigest(payload: SigningPayload): string {
  return sha256Hex(payloadBytes(payload));
}
