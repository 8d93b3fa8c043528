// Accepted algorithms and the ECDSA signature encodings.
// Policy (ERROR_CODES "signature.unsupported_algorithm"): the signer key is RSA of 2048 to
// 8192 bits or ECDSA on P-256, and the signature uses SHA-256. The upper RSA bound keeps a
// hostile certificate from buying expensive work; no Vietnamese CA issues larger keys.
import type { Cert } from "./certificate.js";

export const MIN_RSA_BITS = 2048;
export const MAX_RSA_BITS = 8192;
/** Size in bytes of r and of s for P-256. */
const P256_SCALAR = 32;

export type SignerKey =
  | { ok: true; type: "RSA"; label: string }
  | { ok: true; type: "EC"; label: string }
  | { ok: false; label: string };

/** Classifies the certificate's public key against the policy above. */
export function signerKey(cert: Cert): SignerKey {
  const alg = cert.x509.publicKey.algorithm as Algorithm & { modulusLength?: number; namedCurve?: string };
  if (alg.name === "RSASSA-PKCS1-v1_5" && typeof alg.modulusLength === "number") {
    const label = `RSA-${alg.modulusLength}`;
    return alg.modulusLength >= MIN_RSA_BITS && alg.modulusLength <= MAX_RSA_BITS ? { ok: true, type: "RSA", label } : { ok: false, label };
  }
  if (alg.name === "ECDSA") {
    const label = `EC ${alg.namedCurve ?? "unknown curve"}`;
    return alg.namedCurve === "P-256" ? { ok: true, type: "EC", label } : { ok: false, label };
  }
  return { ok: false, label: alg.name };
}

export interface JwsAlgorithm {
  key: "RSA" | "EC";
  /** WebCrypto parameters for importKey of the certificate's SPKI. */
  importParams: RsaHashedImportParams | EcKeyImportParams;
  /** WebCrypto parameters for verify. */
  verifyParams: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
}

/** RFC 7518 §3.1 names we accept; every one is SHA-256 based. */
export const JWS_ALGORITHMS: Readonly<Record<string, JwsAlgorithm>> = {
  ES256: {
    key: "EC",
    importParams: { name: "ECDSA", namedCurve: "P-256" },
    verifyParams: { name: "ECDSA", hash: "SHA-256" },
  },
  RS256: {
    key: "RSA",
    importParams: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    verifyParams: { name: "RSASSA-PKCS1-v1_5" },
  },
  // RFC 7518 §3.5: salt length equals the hash output size.
  PS256: {
    key: "RSA",
    importParams: { name: "RSA-PSS", hash: "SHA-256" },
    verifyParams: { name: "RSA-PSS", saltLength: 32 },
  },
};

/** `openssl dgst -sha256 -sign` uses PKCS#1 v1.5 for RSA keys and ECDSA for EC keys. */
export function rawAlgorithmFor(type: "RSA" | "EC"): string {
  return type === "RSA" ? "RS256" : "ES256";
}

/**
 * ECDSA-Sig-Value (RFC 3279 §2.2.3: SEQUENCE { r INTEGER, s INTEGER }, DER) to the
 * IEEE P1363 r||s form WebCrypto verifies. Every length is attacker-controlled; anything
 * but exactly one well-formed SEQUENCE of two positive integers that fit P-256 throws.
 */
export function ecdsaDerToRaw(der: Uint8Array): Uint8Array<ArrayBuffer> {
  const seq = readTlv(der, 0, 0x30);
  if (seq.end !== der.length) throw new TypeError("ECDSA signature: trailing bytes");
  const r = readTlv(der, seq.start, 0x02);
  const s = readTlv(der, r.end, 0x02);
  if (s.end !== seq.end) throw new TypeError("ECDSA signature: unexpected content in SEQUENCE");
  const out = new Uint8Array(2 * P256_SCALAR);
  out.set(unsignedScalar(der.subarray(r.start, r.end)), 0);
  out.set(unsignedScalar(der.subarray(s.start, s.end)), P256_SCALAR);
  return out;
}

/** r||s to DER, as openssl and X.509 write ECDSA signatures (any curve up to P-384, for tests and tools). */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  if (raw.length === 0 || raw.length % 2 !== 0 || raw.length > 96) throw new TypeError("ECDSA signature: expected r||s of equal halves");
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array): number[] => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const body = [...bytes.subarray(i)];
    if ((body[0] ?? 0) & 0x80) body.unshift(0);
    return [0x02, body.length, ...body];
  };
  const content = [...integer(raw.subarray(0, half)), ...integer(raw.subarray(half))];
  // At most 2 * (2 + 49) = 102 bytes for P-384: the short length form always suffices.
  return Uint8Array.from([0x30, content.length, ...content]);
}

function readTlv(buf: Uint8Array, at: number, tag: number): { start: number; end: number } {
  if (buf[at] !== tag) throw new TypeError("ECDSA signature: unexpected tag");
  const first = buf[at + 1];
  if (first === undefined) throw new TypeError("ECDSA signature: truncated");
  let length = first;
  let start = at + 2;
  // A P-256 signature is at most 72 bytes, so only the short form and 0x81 can be valid.
  if (first === 0x81) {
    length = buf[at + 2] ?? -1;
    if (length < 0x80) throw new TypeError("ECDSA signature: non-minimal length");
    start = at + 3;
  } else if (first > 0x80) {
    throw new TypeError("ECDSA signature: length too large");
  } else if (first === 0x80) {
    throw new TypeError("ECDSA signature: indefinite length");
  }
  if (start + length > buf.length) throw new TypeError("ECDSA signature: truncated");
  return { start, end: start + length };
}

function unsignedScalar(int: Uint8Array): Uint8Array {
  if (int.length === 0 || (int[0] as number) & 0x80) throw new TypeError("ECDSA signature: integer not positive");
  // DER integers are minimal: a leading zero byte only when the next byte has its top bit set.
  if (int.length > 1 && int[0] === 0 && !((int[1] as number) & 0x80)) throw new TypeError("ECDSA signature: non-minimal integer");
  const body = int[0] === 0 ? int.subarray(1) : int;
  if (body.length > P256_SCALAR) throw new TypeError("ECDSA signature: integer too large for P-256");
  const out = new Uint8Array(P256_SCALAR);
  out.set(body, P256_SCALAR - body.length);
  return out;
}

const CERT_HASHES = new Set(["SHA-256", "SHA-384", "SHA-512"]);

/**
 * Why a signature by `issuer` (on a certificate or a CRL) is not acceptable, or undefined.
 * CA signatures may use larger hashes and curves than officials' keys (national roots are
 * often RSA-4096 or P-384), but never SHA-1/MD5 or RSA below 2048 bits.
 */
export function weakIssuerSignature(signatureAlgorithm: Algorithm, issuer: Cert): string | undefined {
  const sig = signatureAlgorithm as Algorithm & { hash?: { name?: string } };
  const hash = sig.hash?.name?.toUpperCase();
  if (!hash || !CERT_HASHES.has(hash)) return `signature algorithm ${sig.name}${hash ? ` with ${hash}` : ""} is not accepted`;
  const key = issuer.x509.publicKey.algorithm as Algorithm & { modulusLength?: number };
  if (typeof key.modulusLength === "number" && key.modulusLength < MIN_RSA_BITS) return `issuer key RSA-${key.modulusLength} is too short`;
  return undefined;
}
