// Offline re-verification of a stored signature, for the audit module: everything comes
// from the evidence kept with the audit entry except the trust anchors, which the auditor
// supplies (a root that was trusted then may have been withdrawn since, and that is the
// auditor's call). The check runs at the original `verifiedAt` against the CRLs and OCSP
// responses kept then, so an unchanged record gives the same answer years later, after the
// certificate expired and its CRL went stale. When the evidence holds an RFC 3161 timestamp,
// that `verifiedAt` is not just the server's word: the token, re-validated with the TSA
// material kept next to it, proves the signature existed within minutes of it.
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
    const ts = (e.timestamp ?? {}) as Partial<NonNullable<SignatureEvidence["timestamp"]>>;
    report = await verifySignature({
      payload,
      submission: e.submission as SignatureEvidence["submission"],
      // The kept chains serve as intermediates: only `anchors` decide what is trusted.
      trust: {
        anchors,
        intermediates: [...list(e.chain), ...list(e.certificates), ...list(ts.chain), ...list(ts.certificates)],
        crls: [...list(e.crls), ...list(ts.crls)],
      },
      revocation: { ocsp: [...list(e.ocsp), ...list(ts.ocsp)] },
      ...(e.timestamp !== undefined ? { timestamp: ts.token } : {}),
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

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/**
 * The anchors to use when the auditor names none: the last certificate of the signer's chain
 * and of the TSA's chain, as kept in the evidence (a self-consistency check, reported as such).
 */
export function evidenceAnchors(evidence: SignatureEvidence): string[] {
  const last = (v: unknown) => list(v).slice(-1);
  return [...last(evidence?.chain), ...last(evidence?.timestamp?.chain)];
}
