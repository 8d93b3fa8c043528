// The `format` check: turns what the official submitted (untyped JSON from the wire) into
// the signer certificate, the other certificates offered for the chain, and the exact bytes
// and signature value to verify. Any problem throws a TypeError -> `signature.malformed`.
import { type Cert, parseCertificate, parseCertificates } from "./certificate.js";
import { decodeBase64 } from "./encoding.js";
import { MAX_X5C, parseDetachedJws } from "./jws.js";

/** Far above a real submission (a 3-certificate RSA chain is ~6 KB); bounds parsing work. */
const MAX_TEXT = 256 * 1024;
/** One response per certificate of a realistic path, with room to spare. */
const MAX_OCSP = 8;

export interface ParsedSubmission {
  format: "jws" | "raw";
  signer: Cert;
  /** Further certificates the signer sent, candidates for building the chain. */
  offered: Cert[];
  /** The JWS `alg` header; undefined for `raw`, where the key type decides. */
  alg?: string;
  /** What the signature must cover: the JWS signing input, or the payload itself for `raw`. */
  signedBytes: Uint8Array<ArrayBuffer>;
  /** The signature value as received (for raw ECDSA usually DER): what a timestamp covers. */
  signature: Uint8Array<ArrayBuffer>;
  /** OCSP responses stapled to the submission (base64 DER, unparsed). */
  ocsp?: unknown[];
}

export function parseSubmission(submission: unknown, payload: Uint8Array): ParsedSubmission {
  if (!(payload instanceof Uint8Array)) throw new TypeError("payload must be bytes");
  if (submission === null || typeof submission !== "object") throw new TypeError("submission must be an object");
  const sub = submission as Record<string, unknown>;
  if (sub.ocsp !== undefined && (!Array.isArray(sub.ocsp) || sub.ocsp.length > MAX_OCSP || sub.ocsp.some((o) => typeof o !== "string" || o.length > MAX_TEXT))) {
    throw new TypeError(`ocsp must be an array of at most ${MAX_OCSP} base64 OCSP responses`);
  }
  const stapled = Array.isArray(sub.ocsp) ? { ocsp: sub.ocsp as unknown[] } : {};
  if (sub.format === "jws") return { ...parseJwsSubmission(sub, payload), ...stapled };
  if (sub.format === "raw") return { ...parseRawSubmission(sub, payload), ...stapled };
  throw new TypeError('format must be "jws" or "raw"');
}

/** The signature value of a submission (what the server asks a TSA to timestamp); throws like parseSubmission. */
export function signatureValueOf(submission: unknown): Uint8Array<ArrayBuffer> {
  return parseSubmission(submission, new Uint8Array(0)).signature;
}

function parseJwsSubmission(sub: Record<string, unknown>, payload: Uint8Array): ParsedSubmission {
  const jws = boundedString(sub.jws, "jws");
  const parsed = parseDetachedJws(jws, payload);
  const [signer, ...offered] = parsed.chain.map(parseCertificate);
  return { format: "jws", signer: signer as Cert, offered, alg: parsed.alg, signedBytes: parsed.signingInput, signature: parsed.signature };
}

function parseRawSubmission(sub: Record<string, unknown>, payload: Uint8Array): ParsedSubmission {
  const signature = decodeBase64(boundedString(sub.signature, "signature"));
  if (signature.length === 0) throw new TypeError("empty signature");
  const certs = parseCertificates(boundedString(sub.certificate, "certificate"));
  if (certs.length !== 1) throw new TypeError(`certificate must hold exactly one certificate, found ${certs.length}`);
  const offered: Cert[] = [];
  if (sub.chain !== undefined) {
    if (!Array.isArray(sub.chain)) throw new TypeError("chain must be an array of PEM strings");
    for (const pem of sub.chain) offered.push(...parseCertificates(boundedString(pem, "chain entry")));
    if (offered.length > MAX_X5C) throw new TypeError(`chain has more than ${MAX_X5C} certificates`);
  }
  // A copy: the bytes verified must not change under us if the caller reuses its buffer.
  return { format: "raw", signer: certs[0] as Cert, offered, signedBytes: payload.slice(), signature };
}

function boundedString(value: unknown, name: string): string {
  if (typeof value !== "string" || value.length === 0) throw new TypeError(`${name} must be a non-empty string`);
  if (value.length > MAX_TEXT) throw new TypeError(`${name} is too long`);
  return value;
}
