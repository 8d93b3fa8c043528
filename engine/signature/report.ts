// Assembling a VerificationReport from its checks (EU DSS style: one indication overall,
// one sub-result per check).
//
// Precedence of the overall `code`:
//  1. a FAILED check beats an INDETERMINATE one: a definite refusal is the actionable reason
//     (a certificate of someone else with unknown revocation status is "signer_mismatch");
//  2. among equals, the fixed order below: what the submission is (format, payload), whether
//     the signature is mathematically valid (crypto), then the certificate from the anchor
//     down (chain, time, revocation), what the certificate allows (keyUsage) and whose it is
//     (binding). `payload` only appears when re-verifying stored evidence.
// Checks not evaluated because an earlier one made them impossible (no signer certificate,
// no path to revoke along) are INDETERMINATE without a code and never decide the result.
import type { ErrorCode } from "../errors.js";
import type { CheckName, CheckResult, Indication, SignatureEvidence, VerificationReport } from "./types.js";

export const CHECK_ORDER: readonly CheckName[] = ["format", "payload", "crypto", "chain", "time", "revocation", "keyUsage", "binding"];

export function notEvaluated(check: CheckName, because: string): CheckResult {
  return { check, result: "INDETERMINATE", detail: `not evaluated: ${because}` };
}

export function passed(check: CheckName, detail: string): CheckResult {
  return { check, result: "PASSED", detail };
}

export function failed(check: CheckName, code: ErrorCode, detail: string): CheckResult {
  return { check, result: "FAILED", code, detail };
}

/** Orders the checks, derives indication and code, and attaches evidence only to a PASSED report. */
export function buildReport(checks: CheckResult[], evidence?: () => SignatureEvidence): VerificationReport {
  const ordered = [...checks].sort((a, b) => CHECK_ORDER.indexOf(a.check) - CHECK_ORDER.indexOf(b.check));
  const decisive =
    ordered.find((c) => c.result === "FAILED" && c.code) ?? ordered.find((c) => c.result === "INDETERMINATE" && c.code);
  const indication: Indication = ordered.some((c) => c.result === "FAILED")
    ? "FAILED"
    : ordered.some((c) => c.result === "INDETERMINATE")
      ? "INDETERMINATE"
      : "PASSED";
  if (indication === "PASSED") return { indication, checks: ordered, ...(evidence ? { evidence: evidence() } : {}) };
  return { indication, code: decisive?.code ?? "signature.malformed", checks: ordered };
}
