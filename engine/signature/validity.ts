// The `time` check: every certificate of the path must be valid at the signing time `at`
// (the action's time, not the wall clock: a signature made while the certificate was valid
// stays valid after it expires). RFC 5280 §4.1.2.5: both ends of the window are inclusive.
import type { CheckResult } from "./types.js";
import { type Cert, describe } from "./certificate.js";

/** Checks the signer first, then upwards, and reports the first certificate out of its window. */
export function checkValidity(path: Cert[], at: Date): CheckResult {
  const t = at.getTime();
  for (const cert of path) {
    if (t < cert.notBefore.getTime()) {
      return {
        check: "time",
        result: "FAILED",
        code: "signature.certificate_not_yet_valid",
        detail: `certificate ${describe(cert)} is valid only from ${cert.notBefore.toISOString()}`,
      };
    }
    if (t > cert.notAfter.getTime()) {
      return {
        check: "time",
        result: "FAILED",
        code: "signature.certificate_expired",
        detail: `certificate ${describe(cert)} expired on ${cert.notAfter.toISOString()}`,
      };
    }
  }
  return { check: "time", result: "PASSED", detail: `${path.length} certificate(s) valid at ${at.toISOString()}` };
}
