// Verifying a signature made by a certificate's key over DER bytes named by an X.509
// AlgorithmIdentifier: OCSP responses (RFC 6960 §4.2.1) and RFC 3161 timestamp tokens (CMS
// SignerInfo) are signed this way. Only algorithms we accept for CAs are mapped (SHA-2 with
// RSA PKCS#1 v1.5, RSA-PSS or ECDSA); anything else, SHA-1 included, is refused by name.
import type { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { RsaSaPssParams } from "@peculiar/asn1-rsa";
import type { Cert } from "./certificate.js";
import { decode } from "./asn1.js";
import { AsnEcSignatureFormatter } from "./x509.js";
import { MIN_RSA_BITS } from "./algorithms.js";
import { SHA1, SHA256 } from "./oids.js";

const RSA: Record<string, string> = { "1.2.840.113549.1.1.11": "SHA-256", "1.2.840.113549.1.1.12": "SHA-384", "1.2.840.113549.1.1.13": "SHA-512" };
const ECDSA: Record<string, string> = { "1.2.840.10045.4.3.2": "SHA-256", "1.2.840.10045.4.3.3": "SHA-384", "1.2.840.10045.4.3.4": "SHA-512" };
const PSS = "1.2.840.113549.1.1.10";
/** Digest algorithm OIDs (CMS digestAlgorithm, OCSP CertID, RFC 3161 messageImprint). */
export const DIGESTS: Record<string, string> = {
  [SHA1]: "SHA-1",
  [SHA256]: "SHA-256",
  "2.16.840.1.101.3.4.2.2": "SHA-384",
  "2.16.840.1.101.3.4.2.3": "SHA-512",
};
/** SHA-1 signs nothing we accept; it remains only as the CertID hash RFC 5019 mandates. */
export const STRONG_DIGESTS = new Set(["SHA-256", "SHA-384", "SHA-512"]);

type Verify = { params: AlgorithmIdentifier & Algorithm; key: RsaHashedImportParams | EcKeyImportParams; ecdsa: boolean };

function webAlgorithm(alg: AlgorithmIdentifier, signer: Cert): Verify | string {
  const keyAlg = signer.x509.publicKey.algorithm as Algorithm & { namedCurve?: string; modulusLength?: number };
  if (typeof keyAlg.modulusLength === "number" && keyAlg.modulusLength < MIN_RSA_BITS) return `signer key RSA-${keyAlg.modulusLength} is too short`;
  const id = alg.algorithm;
  if (RSA[id]) return { params: { name: "RSASSA-PKCS1-v1_5" } as never, key: { name: "RSASSA-PKCS1-v1_5", hash: RSA[id] as string }, ecdsa: false };
  if (ECDSA[id]) {
    if (keyAlg.name !== "ECDSA" || !keyAlg.namedCurve) return "ECDSA signature from a key that is not EC";
    return { params: { name: "ECDSA", hash: ECDSA[id] } as never, key: { name: "ECDSA", namedCurve: keyAlg.namedCurve }, ecdsa: true };
  }
  if (id === PSS && alg.parameters) {
    const p = decode(alg.parameters, RsaSaPssParams, "RSASSA-PSS parameters");
    const hash = DIGESTS[p.hashAlgorithm.algorithm];
    if (!hash || !STRONG_DIGESTS.has(hash)) return "RSASSA-PSS with a weak or unknown hash";
    return { params: { name: "RSA-PSS", saltLength: p.saltLength } as never, key: { name: "RSA-PSS", hash }, ecdsa: false };
  }
  return `signature algorithm ${id} is not accepted`;
}

/** Resolves to undefined when `signature` over `data` verifies with `signer`'s key, otherwise to why not. */
export async function signedDataProblem(data: Uint8Array, alg: AlgorithmIdentifier, signature: Uint8Array, signer: Cert, crypto: Crypto): Promise<string | undefined> {
  const w = webAlgorithm(alg, signer);
  if (typeof w === "string") return w;
  try {
    const key = await crypto.subtle.importKey("spki", signer.x509.publicKey.rawData, w.key, false, ["verify"]);
    const sig = w.ecdsa ? new AsnEcSignatureFormatter().toWebSignature({ ...w.key, ...w.params } as Algorithm, signature as Uint8Array<ArrayBuffer>) : signature;
    if (!sig) return "the ECDSA signature is malformed";
    const ok = await crypto.subtle.verify(w.params, key, sig as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>);
    return ok ? undefined : "the signature does not verify";
  } catch {
    return "the signature cannot be verified with the signer's key";
  }
}

export async function digest(name: string, data: Uint8Array, crypto: Crypto): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(name, data as Uint8Array<ArrayBuffer>));
}
