// Signing a checkpoint in the browser with WebCrypto: the official's PKCS#8 private key (PEM) never
// leaves the page. Output is a detached compact JWS (RFC 7515 appendix F) with the certificate in
// `x5c`, exactly what POST /cases/:id/actions accepts (the same bytes `motcua sign` produces).
export interface PemBlock {
  label: string;
  der: Uint8Array<ArrayBuffer>;
}

export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
    const bin = atob(m[2]!.replace(/\s+/g, ""));
    const der = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) der[i] = bin.charCodeAt(i);
    out.push({ label: m[1]!, der });
  }
  return out;
}

export function base64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function base64url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export class SigningError extends Error {
  constructor(readonly key: "sign.noKey" | "sign.keyIsCert" | "sign.keyFormat" | "sign.noCert" | "sign.keyType" | "sign.noCrypto") {
    super(key);
  }
}

/** Imports a PKCS#8 key as ECDSA P-256 (ES256) or RSA PKCS#1 v1.5 (RS256), whichever it is. */
async function importKey(der: Uint8Array<ArrayBuffer>): Promise<{ key: CryptoKey; alg: "ES256" | "RS256" }> {
  try {
    return { key: await crypto.subtle.importKey("pkcs8", der, { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]), alg: "ES256" };
  } catch {
    try {
      return { key: await crypto.subtle.importKey("pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]), alg: "RS256" };
    } catch {
      throw new SigningError("sign.keyType");
    }
  }
}

/** `keyText` and `certText` are PEM files' contents; either may also hold the other (a combined PEM). */
export async function signDetachedJws(keyText: string, certText: string, canonical: string): Promise<string> {
  if (!globalThis.crypto?.subtle) throw new SigningError("sign.noCrypto");
  const blocks = [...pemBlocks(keyText), ...pemBlocks(certText)];
  const keyBlock = blocks.find((b) => b.label === "PRIVATE KEY");
  if (!keyBlock) {
    if (blocks.some((b) => /PRIVATE KEY/.test(b.label))) throw new SigningError("sign.keyFormat");
    // The certificate chosen in the key's place (both are .pem files): say so, not "no key chosen".
    throw new SigningError(pemBlocks(keyText).some((b) => b.label === "CERTIFICATE") ? "sign.keyIsCert" : "sign.noKey");
  }
  const certs = blocks.filter((b) => b.label === "CERTIFICATE");
  if (certs.length === 0) throw new SigningError("sign.noCert");
  const { key, alg } = await importKey(keyBlock.der);
  const enc = new TextEncoder();
  const header = base64url(enc.encode(JSON.stringify({ alg, x5c: certs.map((c) => base64(c.der)) })));
  const input = enc.encode(`${header}.${base64url(enc.encode(canonical))}`);
  const params = alg === "ES256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5" };
  // WebCrypto's ECDSA output is r||s (IEEE P1363), which is what JWS ES256 wants.
  const sig = new Uint8Array(await crypto.subtle.sign(params, key, input));
  return `${header}..${base64url(sig)}`;
}

export type Submission = { format: "jws"; jws: string } | { format: "raw"; signature: string; certificate: string; chain?: string[] };

/**
 * A signature made elsewhere, pasted: a compact JWS, or the JSON `motcua sign` prints
 * ({"signature": {...}, "signedPayload": "..."}). Returns undefined when it is neither.
 */
export function parsePastedSignature(text: string): Submission | undefined {
  const s = text.trim();
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/.test(s)) return { format: "jws", jws: s };
  try {
    const j = JSON.parse(s) as { signature?: Submission; format?: string };
    const sub = (j.signature ?? j) as Submission;
    if (sub.format === "jws" && typeof sub.jws === "string") return sub;
    if (sub.format === "raw" && typeof sub.signature === "string" && typeof sub.certificate === "string") return sub;
  } catch {
    // not JSON
  }
  return undefined;
}
