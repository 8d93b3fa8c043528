// Verifies a signature submitted at a checkpoint against the case's *current* signing payload.
// When the client also sends the payload it signed, a mismatch is classified (other case,
// stale audit head, changed dossier) so the clerk learns what to do instead of "invalid".
import type { CaseState } from "../case.js";
import type { SignatureCheckpoint } from "../../schemas/generated/procedure.js";
import { buildSigningPayload, payloadBytes, type SigningPayload } from "./payload.js";
import { verifySignature } from "./verify.js";
import type { SignatureSubmission, TrustStore, VerificationReport } from "./types.js";
import { canonicalJson, utf8 } from "../hash.js";
import type { ErrorCode } from "../errors.js";

/** What the server gathered before the step (the engine fetches nothing). */
export interface SignatureContextEvidence {
  /** OCSP responses for the signer's path, base64 DER. */
  ocsp?: string[];
  /** RFC 3161 TimeStampToken over the signature value, base64 DER. */
  timestamp?: string;
}

export interface CheckpointInput {
  case: CaseState;
  action: string;
  checkpoint: SignatureCheckpoint;
  submission: SignatureSubmission;
  /** The canonical payload the client says it signed (optional; improves the diagnosis). */
  signedPayload?: string;
  actorCertificates: string[];
  trust: TrustStore;
  at: string;
  crypto: Crypto;
  evidence?: SignatureContextEvidence;
}

export async function verifyCheckpoint(input: CheckpointInput): Promise<VerificationReport> {
  const current = buildSigningPayload(input.case, input.action, input.checkpoint);
  const e = input.evidence;
  const base = {
    submission: input.submission,
    trust: input.trust,
    at: input.at,
    actorCertificates: input.actorCertificates,
    crypto: input.crypto,
    ...(e?.ocsp ? { revocation: { ocsp: e.ocsp } } : {}),
    ...(e?.timestamp !== undefined ? { timestamp: e.timestamp } : {}),
  };
  if (input.signedPayload !== undefined && input.signedPayload !== canonicalJson(current)) {
    // Check the claim first: a signature that does not even cover the claimed payload is just invalid.
    const claimed = await verifySignature({ ...base, payload: utf8(input.signedPayload) });
    if (claimed.indication !== "PASSED") return claimed;
    const code = classifyMismatch(input.signedPayload, current);
    return { indication: "FAILED", code, checks: [...claimed.checks, { check: "payload", result: "FAILED", code, detail: "signed payload differs from the current signing payload" }] };
  }
  const report = await verifySignature({ ...base, payload: payloadBytes(current) });
  return report.indication === "PASSED" ? { ...report, checks: [...report.checks, { check: "payload", result: "PASSED" }] } : report;
}

function classifyMismatch(signed: string, current: SigningPayload): ErrorCode {
  let claimed: Partial<SigningPayload>;
  try {
    claimed = JSON.parse(signed) as Partial<SigningPayload>;
  } catch {
    return "signature.payload_mismatch";
  }
  if (claimed.caseId !== current.caseId) return "signature.replayed_other_case";
  if (claimed.auditHead !== current.auditHead || claimed.seq !== current.seq) return "signature.stale_audit_head";
  return "signature.payload_mismatch";
}
