// Offline re-verification of a stored signature, for the audit module: everything comes
// from the evidence kept with the audit entry except the trust anchors, which the auditor
// supplies (a root that was trusted then may have been withdrawn since, and that is the
// auditor's call). The check runs at the original `verifiedAt` against the CRLs kept then,
// so an unchanged record gives the same answer years later.
import { sha256Hex } from "../hash.js";
import type { SignatureEvidence, VerificationReport } from "./types.js";
import { verifySignature } from "./verify.js";
import { buildReport, failed, passed } from "./report.js";
import { useCrypto } from "./x509.js";

export async function reverify(evidence: SignatureEvidence, payload: Uint8Array, anchors: string[], crypto: Crypto): Promise<VerificationReport> {
  useCrypto(crypto);
  // Evidence comes from storage: treat it as untrusted like any submission.
  const e = (evidence ?? {}) as Partial<SignatureEvidence>;
  if (!(payload instanceof Uint8Array)) return buildReport([failed("format", "signature.malformed", "payload must be bytes")]);
  const digest = sha256Hex(payload);
  const payloadCheck =
    e.payloadDigest === digest
      ? passed("payload", "payload matches the digest kept in the evidence")
      : failed("payload", "signature.payload_mismatch", `payload digest ${digest} differs from the evidence's ${String(e.payloadDigest)}`);

  let report: VerificationReport;
  try {
    report = await verifySignature({
      payload,
      submission: e.submission as SignatureEvidence["submission"],
      // The kept chain serves as intermediates: only `anchors` decide what is trusted.
      trust: { anchors, intermediates: Array.isArray(e.chain) ? e.chain : [], crls: Array.isArray(e.crls) ? e.crls : [] },
      at: e.verifiedAt as string,
      actorCertificates: typeof e.signer?.fingerprint === "string" ? [e.signer.fingerprint] : [],
      crypto,
    });
  } catch (err) {
    return buildReport([payloadCheck, failed("format", "signature.malformed", `evidence unusable: ${err instanceof Error ? err.message : String(err)}`)]);
  }
  const evidenceOf = report.evidence;
  return buildReport([payloadCheck, ...report.checks], evidenceOf ? () => evidenceOf : undefined);
}
