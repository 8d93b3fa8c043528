// verifySignature: the decision behind a signature checkpoint. Pure: trust material, time
// and WebCrypto come from the caller; the result is data (a VerificationReport) and the
// function does not throw on anything a signer can submit.
// Check order and result precedence: see report.ts.
import { sha256Hex } from "../hash.js";
import type { CheckResult, SignatureSubmission, VerificationReport, VerifyInput } from "./types.js";
import { certificateInfo, certificatePem } from "./certificate.js";
import { crlPem } from "./crl.js";
import { ocspBase64 } from "./ocsp.js";
import { type ParsedSubmission, parseSubmission } from "./submission.js";
import { checkSignatureValue } from "./signature-value.js";
import { instant, loadTrust, ocspOf, validateCertificate } from "./validation.js";
import { checkBinding } from "./signer-policy.js";
import { checkTimestamp } from "./timestamp.js";
import { buildReport, failed, notEvaluated, passed } from "./report.js";
import { useCrypto } from "./x509.js";

const AFTER_FORMAT = ["crypto", "chain", "time", "revocation", "keyUsage", "binding"] as const;

/**
 * Throws only on caller bugs (an `at` that is not an ISO instant, no WebCrypto);
 * everything about the submission ends up in the report.
 */
export async function verifySignature(input: VerifyInput): Promise<VerificationReport> {
  const at = instant(input.at);
  useCrypto(input.crypto);
  try {
    return await verifyAt(input, at);
  } catch (e) {
    // Parsers are guarded one by one; this is the net for a library throwing on hostile
    // bytes in a place we did not foresee. Such input is malformed by definition.
    return malformed(`unexpected input: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function verifyAt(input: VerifyInput, at: Date): Promise<VerificationReport> {
  let sub: ParsedSubmission;
  try {
    sub = parseSubmission(input.submission, input.payload);
  } catch (e) {
    return malformed(e instanceof Error ? e.message : String(e));
  }
  const trust = loadTrust(input.trust);
  const ocsp = ocspOf(sub.ocsp, input.revocation?.ocsp);
  const memo = new Map();
  const [value, validation, timestamp] = await Promise.all([
    checkSignatureValue(sub, input.crypto),
    validateCertificate(sub.signer, sub.offered, trust, at, input.crypto, { ocsp }, memo),
    input.timestamp === undefined ? undefined : checkTimestamp({ token: input.timestamp, signature: sub.signature, trust, crls: [], ocsp, at, crypto: input.crypto }),
  ]);
  const checks: CheckResult[] = [
    passed("format", `${sub.format} signature with ${1 + sub.offered.length} certificate(s)`),
    value.check,
    ...validation.checks,
    checkBinding(sub.signer, input.actorCertificates),
    ...(timestamp ? [timestamp.check] : []),
  ];
  const used = validation.used;
  // Fields added after the first release appear only when there is something in them, so
  // evidence made without OCSP or a timestamp hashes exactly as it always did.
  return buildReport(checks, () => ({
    submission: normalizedSubmission(input.submission),
    chain: (validation.path ?? []).map(certificatePem),
    crls: used.crls.map(crlPem),
    signer: certificateInfo(sub.signer),
    algorithm: value.algorithm ?? "",
    payloadDigest: sha256Hex(input.payload),
    verifiedAt: input.at,
    ...(used.ocsp.length > 0 ? { ocsp: used.ocsp.map(ocspBase64) } : {}),
    ...(used.certs.length > 0 ? { certificates: used.certs.map(certificatePem) } : {}),
    ...(timestamp?.evidence ? { timestamp: timestamp.evidence } : {}),
  }));
}

/** Only the contract's fields go into evidence, whatever else the client sent along. */
function normalizedSubmission(sub: SignatureSubmission): SignatureSubmission {
  const ocsp = Array.isArray(sub.ocsp) ? { ocsp: sub.ocsp.filter((o) => typeof o === "string") } : {};
  if (sub.format === "jws") return { format: "jws", jws: sub.jws, ...ocsp };
  return { format: "raw", signature: sub.signature, certificate: sub.certificate, ...(sub.chain ? { chain: [...sub.chain] } : {}), ...ocsp };
}

function malformed(detail: string): VerificationReport {
  return buildReport([failed("format", "signature.malformed", detail), ...AFTER_FORMAT.map((c) => notEvaluated(c, "the submission could not be parsed"))]);
}
