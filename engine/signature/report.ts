// Assembling a VerificationReport from its checks (EU DSS style: one indication overall,
// one sub-result per check).
//
// Precedence of the overall `code`:
//  1. a FAILED check beats an INDETERMINATE one: a definite refusal is the actionable reason
//     (a certificate of someone else with unknown revocation status is "signer_mismatch");
//  2. among equals, the fixed order below: what the submission is (format, payload), whether
//     the signature is mathematically valid (crypto), then the certificate from the anchor
//     down (chain, time, revocation), what the certificate allows (keyUsage) and whose it is
//     (binding), then the long-term evidence (timestamp). `payload` only appears when
//     re-verifying stored evidence, `timestamp` only when a timestamp token is present.
// Checks not evaluated because an earlier one made them impossible (no signer certificate,
// no path to revoke along) are INDETERMINATE without a code and never decide the result.
import type { ErrorCode } from "../errors.js";
import type { CheckName, CheckResult, Indication, SignatureEvidence, VerificationReport } from "./types.js";

export const CHECK_ORDER: readonly CheckName[] = ["format", "payload", "crypto", "chain", "time", "revocation", "keyUsage", "binding", "timestamp"];

export function notEvaluated(check: CheckName, because: string): CheckResult {
  return { check, result: "INDETERMINATE", detail: `not evaluated: ${because}` };
}

export function passed(check: CheckName, detail: string): CheckResult {
  return { check, result: "PASSED", detail };
}

export function failed(check: CheckName, code: ErrorCode, detail: string): CheckResult {
  return { check, result: "FAILED", code, detail };
}

/** Indication and deciding code of checks in their order (rule 1 above; the order is the caller's). */
export function judge(checks: readonly CheckResult[]): { indication: Indication; code?: ErrorCode } {
  const decisive = checks.find((c) => c.result === "FAILED" && c.code) ?? checks.find((c) => c.result === "INDETERMINATE" && c.code);
  const indication: Indication = checks.some((c) => c.result === "FAILED")
    ? "FAILED"
    : checks.some((c) => c.result === "INDETERMINATE")
      ? "INDETERMINATE"
      : "PASSED";
  return { indication, ...(decisive?.code ? { code: decisive.code } : {}) };
}

/** ETSI EN 319 102-1 §5.2 sub-indications of our codes, for readers of DSS reports. */
const SUB_INDICATION: Partial<Record<ErrorCode, string>> = {
  "signature.malformed": "FORMAT_FAILURE",
  "signature.invalid": "SIG_CRYPTO_FAILURE",
  "signature.payload_mismatch": "HASH_FAILURE",
  "signature.unsupported_algorithm": "CRYPTO_CONSTRAINTS_FAILURE",
  "signature.untrusted_root": "NO_CERTIFICATE_CHAIN_FOUND",
  "signature.chain_incomplete": "NO_CERTIFICATE_CHAIN_FOUND",
  "signature.issuer_not_ca": "CHAIN_CONSTRAINTS_FAILURE",
  "signature.issuer_key_usage": "CHAIN_CONSTRAINTS_FAILURE",
  "signature.path_length_exceeded": "CHAIN_CONSTRAINTS_FAILURE",
  "signature.name_constraints": "CHAIN_CONSTRAINTS_FAILURE",
  "signature.policy_constraints": "POLICY_PROCESSING_ERROR",
  "signature.unsupported_critical_extension": "CHAIN_CONSTRAINTS_FAILURE",
  "signature.certificate_expired": "OUT_OF_BOUNDS_NO_POE",
  "signature.certificate_not_yet_valid": "NOT_YET_VALID",
  "signature.certificate_revoked": "REVOKED",
  "signature.certificate_on_hold": "TRY_LATER",
  "signature.revocation_unknown": "TRY_LATER",
  "signature.key_usage": "SIG_CONSTRAINTS_FAILURE",
  "signature.extended_key_usage": "SIG_CONSTRAINTS_FAILURE",
  "signature.signer_mismatch": "SIG_CONSTRAINTS_FAILURE",
  "signature.timestamp_invalid": "TIMESTAMP_ORDER_FAILURE",
};

/** The checks with their sub-indications attached. */
export function withSubIndications(checks: readonly CheckResult[]): CheckResult[] {
  return checks.map((c) => {
    const sub = c.code ? SUB_INDICATION[c.code] : undefined;
    return sub && c.result !== "PASSED" ? { ...c, subIndication: sub } : c;
  });
}

export function subIndicationOf(code: ErrorCode | undefined): string | undefined {
  return code ? SUB_INDICATION[code] : undefined;
}

/** Orders the checks, derives indication and code, and attaches evidence only to a PASSED report. */
export function buildReport(checks: CheckResult[], evidence?: () => SignatureEvidence): VerificationReport {
  const ordered = withSubIndications([...checks].sort((a, b) => CHECK_ORDER.indexOf(a.check) - CHECK_ORDER.indexOf(b.check)));
  const { indication, code } = judge(ordered);
  if (indication === "PASSED") return { indication, checks: ordered, ...(evidence ? { evidence: evidence() } : {}) };
  const decided = code ?? "signature.malformed";
  const sub = subIndicationOf(decided);
  return { indication, code: decided, ...(sub ? { subIndication: sub } : {}), checks: ordered };
}
