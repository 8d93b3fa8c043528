// Registering an official's certificate to their account: the same certificate checks a
// signature will face (chain, validity, revocation, key usage) plus the key policy, done
// once up front so that an official learns at registration, not at their first signature,
// that their certificate cannot sign. The binding check does not apply: this is the binding.
import type { CheckResult, TrustStore, VerificationReport } from "./types.js";
import { type Cert, parseCertificates } from "./certificate.js";
import { signerKey } from "./algorithms.js";
import { instant, loadTrust, ocspOf, validateCertificate } from "./validation.js";
import { buildReport, failed, notEvaluated, passed } from "./report.js";
import { useCrypto } from "./x509.js";

/** `ocsp`: responses the server fetched for the certificate's path (base64 DER). */
export async function checkCertificateForRegistration(certPem: string, trust: TrustStore, at: string, crypto: Crypto, ocsp: string[] = []): Promise<VerificationReport> {
  const when = instant(at);
  useCrypto(crypto);
  let cert: Cert;
  try {
    const certs = parseCertificates(certPem);
    if (certs.length !== 1) throw new TypeError(`expected exactly one certificate, found ${certs.length}`);
    cert = certs[0] as Cert;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const rest = (["crypto", "chain", "time", "revocation", "keyUsage"] as const).map((c) => notEvaluated(c, "the certificate could not be parsed"));
    return buildReport([failed("format", "signature.malformed", detail), ...rest]);
  }
  const key = signerKey(cert);
  const keyCheck: CheckResult = key.ok
    ? passed("crypto", `key ${key.label} is accepted`)
    : failed("crypto", "signature.unsupported_algorithm", `key ${key.label} is not accepted (RSA 2048+ or EC P-256)`);
  const validation = await validateCertificate(cert, [], loadTrust(trust), when, crypto, { ocsp: ocspOf(ocsp) });
  return buildReport([passed("format", "one X.509 certificate"), keyCheck, ...validation.checks]);
}
