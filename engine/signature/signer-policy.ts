// The signer policy, separate from path validation: what the signing certificate may be used
// for and whose it is. Path validation says the certificate is genuine, current and not
// revoked; this says it may sign a decision of the acting official.
//
// keyUsage (RFC 5280 §4.2.1.3): digitalSignature OR nonRepudiation (renamed contentCommitment
// in X.509 2008). Both, because RFC 5280 allows either bit for signatures over content,
// signing a decision is exactly the commitment nonRepudiation names, and CAs differ in which
// of the two they set on signing certificates. Stricter than RFC 5280 in two ways: the
// extension must be present (its absence would mean "any use", and a certificate nobody
// meant for signing should not sign decisions), and a CA certificate may not sign documents
// even if the bits allow it.
//
// extendedKeyUsage (§4.2.1.12): when present it must permit signing documents. Accepted:
// anyExtendedKeyUsage; id-kp-emailProtection (S/MIME signing: the purpose the token
// certificates of Vietnamese public CAs and of the Government Cipher Committee's CA carry for
// signing, next to clientAuth); id-kp-documentSigning (RFC 9336); Microsoft Document Signing
// and Adobe Authentic Documents Trust (PDF signing tools). Not accepted on their own:
// clientAuth (a login certificate), serverAuth, codeSigning, timeStamping, OCSPSigning.
import type { CheckResult } from "./types.js";
import { type Cert, describe } from "./certificate.js";
import { KeyUsageFlags } from "./x509.js";
import { failed, passed } from "./report.js";
import { KP } from "./oids.js";

const SIGNING = KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation;

export const DOCUMENT_SIGNING_EKUS: Readonly<Record<string, string>> = {
  [KP.any]: "anyExtendedKeyUsage",
  [KP.emailProtection]: "emailProtection",
  [KP.documentSigning]: "documentSigning",
  "1.3.6.1.4.1.311.10.3.12": "Microsoft Document Signing",
  "1.2.840.113583.1.1.5": "Adobe Authentic Documents Trust",
};

/** The `keyUsage` check of the signing certificate: keyUsage, extendedKeyUsage and not a CA. */
export function checkKeyUsage(signer: Cert): CheckResult {
  const fail = (detail: string): CheckResult => failed("keyUsage", "signature.key_usage", detail);
  if (signer.ca?.ca) return fail(`certificate ${describe(signer)} is a CA certificate`);
  if (signer.keyUsage === undefined) return fail(`certificate ${describe(signer)} has no keyUsage extension`);
  if (!(signer.keyUsage & SIGNING)) {
    return fail(`certificate ${describe(signer)} allows ${usageNames(signer.keyUsage)}, not digitalSignature or nonRepudiation`);
  }
  const eku = signer.extendedKeyUsage;
  if (eku && !eku.some((p) => Object.hasOwn(DOCUMENT_SIGNING_EKUS, p))) {
    return failed("keyUsage", "signature.extended_key_usage", `certificate ${describe(signer)} has extended key usage ${eku.join(", ")}, none of which permits signing documents`);
  }
  const purposes = eku ? `; extended key usage ${eku.map((p) => DOCUMENT_SIGNING_EKUS[p] ?? p).join(", ")}` : "";
  return passed("keyUsage", `key usage ${usageNames(signer.keyUsage)}${purposes}`);
}

/** The `binding` check: the certificate must be one registered to the acting official. */
export function checkBinding(signer: Cert, actorCertificates: unknown): CheckResult {
  const registered = Array.isArray(actorCertificates) ? actorCertificates.filter((f) => typeof f === "string").map((f) => f.toLowerCase()) : [];
  return registered.includes(signer.fingerprint)
    ? passed("binding", `certificate ${signer.fingerprint} is registered to the acting official`)
    : failed("binding", "signature.signer_mismatch", `certificate ${signer.fingerprint} is not registered to the acting official`);
}

function usageNames(mask: number): string {
  const names = Object.entries(KeyUsageFlags)
    .filter(([name, bit]) => typeof bit === "number" && mask & bit && Number.isNaN(Number(name)))
    .map(([name]) => name);
  return names.length > 0 ? names.join(", ") : "nothing";
}
