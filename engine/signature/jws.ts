// Detached compact JWS (RFC 7515 §7.1 with appendix F): `header..signature`, payload part
// empty, the payload bytes supplied by the verifier. The certificate chain travels in the
// `x5c` header (§4.1.6). Parsing only: the crypto and the chain are checked elsewhere,
// and no header can make us fetch or trust a key (`jku`, `x5u` and `jwk` are ignored:
// the key is always x5c[0], which the chain check ties to a trust anchor).
import { sha256Bytes } from "../hash.js";
import { decodeBase64, decodeBase64Url, encodeBase64Url } from "./encoding.js";

/** More certificates than any real chain carries; bounds the work a hostile header can cause. */
export const MAX_X5C = 8;

export interface ParsedJws {
  alg: string;
  /** ASCII(BASE64URL(header) || "." || BASE64URL(payload)), RFC 7515 §5.2 step 8. */
  signingInput: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
  /** x5c certificates as DER, signer first. */
  chain: Uint8Array[];
}

/** Throws a TypeError naming what is wrong; the caller turns it into `signature.malformed`. */
export function parseDetachedJws(jws: unknown, payload: Uint8Array): ParsedJws {
  if (typeof jws !== "string") throw new TypeError("jws must be a string");
  const parts = jws.trim().split(".");
  if (parts.length !== 3) throw new TypeError("compact JWS must have three parts");
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  // Detached means detached: an embedded payload would be a second, unchecked copy.
  if (payloadPart !== "") throw new TypeError("payload part must be empty (detached JWS)");
  const header = parseHeader(headerPart);

  if (typeof header.alg !== "string" || header.alg === "") throw new TypeError("header alg missing");
  // §4.1.11: extensions we do not understand must be refused; this also covers RFC 7797 b64=false,
  // under which the signing input would be the raw payload instead of its base64url.
  if (header.crit !== undefined) throw new TypeError("critical header extensions are not supported");
  if (header.b64 !== undefined && header.b64 !== true) throw new TypeError("unencoded payload (b64) is not supported");

  const x5c = header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0) throw new TypeError("header x5c (certificate chain) missing");
  if (x5c.length > MAX_X5C) throw new TypeError(`x5c has more than ${MAX_X5C} certificates`);
  const chain = x5c.map((item) => {
    if (typeof item !== "string") throw new TypeError("x5c entries must be strings");
    return decodeBase64(item);
  });
  const thumbprint = header["x5t#S256"];
  if (thumbprint !== undefined && thumbprint !== encodeBase64Url(sha256Bytes(chain[0] as Uint8Array))) {
    throw new TypeError("x5t#S256 does not match the first x5c certificate");
  }

  const signature = decodeBase64Url(signaturePart);
  if (signature.length === 0) throw new TypeError("empty signature");
  return { alg: header.alg, signingInput: new TextEncoder().encode(`${headerPart}.${encodeBase64Url(payload)}`), signature, chain };
}

function parseHeader(part: string): Record<string, unknown> {
  const bytes = decodeBase64Url(part);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new TypeError("protected header is not UTF-8 JSON");
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) throw new TypeError("protected header is not a JSON object");
  return header as Record<string, unknown>;
}
