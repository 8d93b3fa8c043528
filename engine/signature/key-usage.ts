// The `keyUsage` check on the signer's certificate (RFC 5280 §4.2.1.3).
// Accepted: digitalSignature OR nonRepudiation (renamed contentCommitment in X.509 2008).
// Why both: RFC 5280 allows either bit for signatures over content, signing a decision is
// exactly the commitment nonRepudiation names, and CAs differ in which of the two they set
// on signing certificates; requiring one of them would refuse legitimate officials.
// Stricter than RFC 5280 in two ways: the extension must be present (its absence would
// mean "any use", and a certificate nobody meant for signing should not sign decisions),
// and a CA certificate may not sign documents even if the bits allow it.
import type { CheckResult } from "./types.js";
import { type Cert, describe } from "./certificate.js";
import { KeyUsageFlags } from "./x509.js";

const SIGNING = KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation;

export function checkKeyUsage(signer: Cert): CheckResult {
  const fail = (detail: string): CheckResult => ({ check: "keyUsage", result: "FAILED", code: "signature.key_usage", detail });
  if (signer.ca?.ca) return fail(`certificate ${describe(signer)} is a CA certificate`);
  if (signer.keyUsage === undefined) return fail(`certificate ${describe(signer)} has no keyUsage extension`);
  if (!(signer.keyUsage & SIGNING)) {
    return fail(`certificate ${describe(signer)} allows ${usageNames(signer.keyUsage)}, not digitalSignature or nonRepudiation`);
  }
  return { check: "keyUsage", result: "PASSED", detail: `key usage ${usageNames(signer.keyUsage)}` };
}

function usageNames(mask: number): string {
  const names = Object.entries(KeyUsageFlags)
    .filter(([name, bit]) => typeof bit === "number" && mask & bit && Number.isNaN(Number(name)))
    .map(([name]) => name);
  return names.length > 0 ? names.join(", ") : "nothing";
}
