// Strict decoders for the text encodings a signature arrives in. Everything here reads
// attacker-controlled strings: anything outside the alphabet is refused, never skipped.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUES = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/** RFC 4648 §4 base64. Line breaks and spaces are allowed between characters because `openssl base64` and PEM wrap lines. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== "string") throw new TypeError("base64: not a string");
  const compact = text.replace(/[\r\n\t ]+/g, "");
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) {
    throw new TypeError("base64: invalid characters or padding");
  }
  return decodeQuads(compact.replace(/=+$/, ""));
}

/** RFC 4648 §5 base64url without padding, as RFC 7515 §2 requires for JWS parts. */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new TypeError("base64url: invalid characters or length");
  }
  return decodeQuads(text.replace(/-/g, "+").replace(/_/g, "/"));
}

function decodeQuads(s: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of s) {
    acc = (acc << 6) | (VALUES.get(c) as number);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, otherwise two strings would decode to the same bytes.
  if ((acc & ((1 << bits) - 1)) !== 0) throw new TypeError("base64: non-zero trailing bits");
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = [18, 12, 6, 0].map((shift) => ALPHABET[(n >> shift) & 63]);
    const keep = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    out += chars.slice(0, keep).join("") + "=".repeat(4 - keep);
  }
  return out;
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** The DER bodies of every `-----BEGIN <label>-----` block (RFC 7468), in order; `labels` lists the accepted labels. */
export function pemBlocks(text: string, labels: string | readonly string[]): Uint8Array<ArrayBuffer>[] {
  if (typeof text !== "string") throw new TypeError("PEM: not a string");
  const accepted = new Set(typeof labels === "string" ? [labels] : labels);
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  return [...text.matchAll(re)].filter((m) => accepted.has(m[1] ?? "")).map((m) => decodeBase64(m[2] ?? ""));
}

/**
 * DER items from trust-store text: PEM blocks with one of `labels`, or one bare base64 DER
 * value (the TrustStore contract allows CRLs either way).
 */
export function derItems(text: string, labels: string | readonly string[]): Uint8Array<ArrayBuffer>[] {
  if (typeof text !== "string") throw new TypeError("not a string");
  return text.includes("-----BEGIN") ? pemBlocks(text, labels) : [decodeBase64(text)];
}

export function toPem(der: Uint8Array, label: string): string {
  const lines = encodeBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
