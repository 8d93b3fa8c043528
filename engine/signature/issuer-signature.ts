// Whether a certificate's signature verifies with a given issuer's key, memoised per
// (child, issuer) pair: candidate paths, CRL signer paths and OCSP responder checks ask the
// same question about the same pairs, and each answer costs a public-key operation.
import type { Cert } from "./certificate.js";

export type SignatureMemo = Map<string, Promise<boolean>>;

export function certSignedBy(child: Cert, issuer: Cert, crypto: Crypto, memo: SignatureMemo): Promise<boolean> {
  const key = `${child.fingerprint}:${issuer.fingerprint}`;
  let result = memo.get(key);
  if (!result) {
    // signatureOnly: dates are the `time` check's job, at the signing time, not "now".
    result = child.x509.verify({ publicKey: issuer.x509.publicKey, signatureOnly: true }, crypto).catch(() => false);
    memo.set(key, result);
  }
  return result;
}
