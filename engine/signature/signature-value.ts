// The `crypto` check: is the key acceptable, is the algorithm acceptable and does the
// signature verify over exactly the signed bytes. Uses the injected WebCrypto directly
// (jose's verify would use the process-global crypto, and adds nothing for one call).
import type { CheckResult } from "./types.js";
import type { ParsedSubmission } from "./submission.js";
import { JWS_ALGORITHMS, ecdsaDerToRaw, rawAlgorithmFor, signerKey } from "./algorithms.js";

export interface SignatureValueResult {
  check: CheckResult;
  /** The algorithm verified, JWS name (RS256, ES256, PS256), when one was chosen. */
  algorithm?: string;
}

export async function checkSignatureValue(sub: ParsedSubmission, crypto: Crypto): Promise<SignatureValueResult> {
  const fail = (code: CheckResult["code"], detail: string, algorithm?: string): SignatureValueResult => ({
    check: { check: "crypto", result: "FAILED", code, detail },
    ...(algorithm ? { algorithm } : {}),
  });

  const key = signerKey(sub.signer);
  if (!key.ok) return fail("signature.unsupported_algorithm", `signer key ${key.label} is not accepted (RSA 2048+ or EC P-256)`);
  const name = sub.alg ?? rawAlgorithmFor(key.type);
  // hasOwn: a header alg of "constructor" or "__proto__" must not find anything.
  const alg = Object.hasOwn(JWS_ALGORITHMS, name) ? JWS_ALGORITHMS[name] : undefined;
  if (!alg) return fail("signature.unsupported_algorithm", `algorithm ${name} is not accepted (ES256, RS256, PS256)`);
  if (alg.key !== key.type) return fail("signature.invalid", `algorithm ${name} does not match the certificate's ${key.label} key`, name);

  const signature = alg.key === "EC" ? ecdsaForWebCrypto(sub) : sub.signature;
  if (!signature) return fail("signature.malformed", "ECDSA signature is neither DER nor 64-byte r||s", name);

  let publicKey: CryptoKey;
  try {
    publicKey = await crypto.subtle.importKey("spki", sub.signer.x509.publicKey.rawData, alg.importParams, false, ["verify"]);
  } catch {
    return fail("signature.malformed", `the certificate's ${key.label} public key cannot be imported`, name);
  }
  let ok = false;
  try {
    ok = await crypto.subtle.verify(alg.verifyParams, publicKey, signature, sub.signedBytes);
  } catch {
    ok = false;
  }
  if (!ok) return fail("signature.invalid", `${name} signature does not verify over the signing payload`, name);
  return { check: { check: "crypto", result: "PASSED", detail: `${name} signature verifies with the ${key.label} key` }, algorithm: name };
}

/**
 * WebCrypto wants r||s. JWS ES256 is r||s by definition (RFC 7518 §3.4); openssl writes
 * DER, and some tools write r||s, so `raw` takes either. A 64-byte value is tried as DER
 * first: DER of that length is possible, r||s that happens to parse as DER is not plausible.
 */
function ecdsaForWebCrypto(sub: ParsedSubmission): Uint8Array<ArrayBuffer> | undefined {
  if (sub.format === "jws") return sub.signature.length === 64 ? sub.signature : undefined;
  try {
    return ecdsaDerToRaw(sub.signature);
  } catch {
    return sub.signature.length === 64 ? sub.signature : undefined;
  }
}
