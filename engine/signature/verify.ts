// verifySignature: the decision behind a signature checkpoint. Pure: trust material, time
// and WebCrypto come from the caller; the result is data (a VerificationReport) and the
// function does not throw on anything a signer can submit.
// Check order and result precedence: see report.ts.
import { sha256Hex } from "../hash.js";
import type { CheckResult, SignatureSubmission, VerificationReport, VerifyInput } from "./types.js";
import { type Cert, certificateInfo, certificatePem } from "./certificate.js";
import { crlPem } from "./crl.js";
import { type ParsedSubmission, parseSubmission } from "./submission.js";
import { checkSignatureValue } from "./signature-value.js";
import { instant, loadTrust, validateCertificate } from "./validation.js";
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
  const [value, validation] = await Promise.all([
    checkSignatureValue(sub, input.crypto),
    validateCertificate(sub.signer, sub.offered, trust, at, input.crypto),
  ]);
  const checks: CheckResult[] = [
    passed("format", `${sub.format} signature with ${1 + sub.offered.length} certificate(s)`),
    value.check,
    ...validation.checks,
    checkBinding(sub.signer, input.actorCertificates),
  ];
  return buildReport(checks, () => ({
    submission: normalizedSubmission(input.submission),
    chain: (validation.path ?? []).map(certificatePem),
    crls: validation.crls.map(crlPem),
    signer: certificateInfo(sub.signer),
    algorithm: value.algorithm ?? "",
    payloadDigest: sha256Hex(input.payload),
    verifiedAt: input.at,
  }));
}

/** The `binding` check: the certificate must be one registered to the acting official. */
function checkBinding(signer: Cert, actorCertificates: unknown): CheckResult {
  const registered = Array.isArray(actorCertificates) ? actorCertificates.filter((f) => typeof f === "string").map((f) => f.toLowerCase()) : [];
  return registered.includes(signer.fingerprint)
    ? passed("binding", `certificate ${signer.fingerprint} is registered to the acting official`)
    : failed("binding", "signature.signer_mismatch", `certificate ${signer.fingerprint} is not registered to the acting official`);
}

/** Only the contract's fields go into evidence, whatever else the client sent along. */
function normalizedSubmission(sub: SignatureSubmission): SignatureSubmission {
  if (sub.format === "jws") return { format: "jws", jws: sub.jws };
  return { format: "raw", signature: sub.signature, certificate: sub.certificate, ...(sub.chain ? { chain: [...sub.chain] } : {}) };
}

function malformed(detail: string): VerificationReport {
  return buildReport([failed("format", "signature.malformed", detail), ...AFTER_FORMAT.map((c) => notEvaluated(c, "the submission could not be parsed"))]);
}
