// Log checkpoints as C2SP signed notes (c2sp.org/signed-note, c2sp.org/tlog-checkpoint) with
// Ed25519 signatures, so any transparency-log verifier can check our tree heads. The WebCrypto
// object comes in as an argument: the engine holds no keys and imports nothing from node:*.
import { sha256Bytes, toHex, fromHex, utf8 } from "../hash.js";
import { HASH_SIZE } from "./merkle.js";

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
}
export interface NoteSignature {
  name: string;
  keyId: Uint8Array; // 4 bytes
  signature: Uint8Array;
}
export interface ParsedCheckpoint extends Checkpoint {
  body: string;
  signatures: NoteSignature[];
}
export type CheckpointFailure = "malformed" | "unknown_key" | "bad_signature";
export type Failure = { ok: false; reason: CheckpointFailure; detail?: string };
export type WebCrypto = Pick<Crypto, "subtle">;
export type PublicKeyInput = CryptoKey | Uint8Array;

const ED25519 = { name: "Ed25519" } as const;
const SIG_TYPE_ED25519 = 0x01;
const MAX_NOTE_CHARS = 1 << 20;
const MAX_SIGNATURES = 100; // the spec asks verifiers to cap, and to accept at least 16
const SIG_LINE = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/;

/** Note text per c2sp.org/tlog-checkpoint: origin, decimal size, base64 root, each on its own line. */
export function formatCheckpoint({ origin, size, rootHash }: Checkpoint): string {
  if (origin === "" || /[\x00-\x1f]/.test(origin)) throw new TypeError("origin must be a non-empty single line");
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError("size must be a non-negative safe integer");
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== HASH_SIZE) throw new TypeError("root hash must be 32 bytes");
  return `${origin}\n${size}\n${toBase64(rootHash)}\n`;
}

/** Signs a checkpoint body and returns the signed note: body, blank line, one signature line. */
export async function signCheckpoint(
  body: string,
  signer: { name: string; privateKey: CryptoKey; publicKey?: PublicKeyInput },
  crypto: WebCrypto,
): Promise<string> {
  if (!parseBody(body)) throw new TypeError("not a checkpoint body");
  if (!isKeyName(signer.name)) throw new TypeError("key name must be non-empty, without spaces or '+'");
  const pub = signer.publicKey ?? (await publicFromPrivate(signer.privateKey, crypto));
  const id = keyId(signer.name, await rawPublicKey(pub, crypto));
  const sig = new Uint8Array(await crypto.subtle.sign(ED25519, signer.privateKey, buf(utf8(body))));
  return `${body}\n\u2014 ${signer.name} ${toBase64(concat(id, sig))}\n`;
}

/** Splits a signed note into its checkpoint fields and signatures, without verifying anything. */
export function parseCheckpoint(text: string): ({ ok: true } & ParsedCheckpoint) | Failure {
  const bad = (detail: string): Failure => ({ ok: false, reason: "malformed", detail });
  if (typeof text !== "string" || text.length > MAX_NOTE_CHARS) return bad("not a note of acceptable size");
  // signed-note: valid UTF-8 (no lone surrogates) and no control characters but newline
  if (/[\x00-\x09\x0b-\x1f]/.test(text) || /\p{Cs}/u.test(text)) return bad("control character or invalid text");
  const split = text.lastIndexOf("\n\n"); // the LAST blank line separates text from signatures
  if (split < 0 || !text.endsWith("\n")) return bad("no signature block");
  const body = text.slice(0, split + 1);
  const lines = text.slice(split + 2, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) return bad("too many signatures");
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    const m = SIG_LINE.exec(line);
    const raw = m ? fromBase64(m[2]!) : null;
    if (!m || !isKeyName(m[1]!) || !raw || raw.length < 5) return bad("malformed signature line");
    signatures.push({ name: m[1]!, keyId: raw.slice(0, 4), signature: raw.slice(4) });
  }
  const checkpoint = parseBody(body);
  if (!checkpoint) return bad("malformed checkpoint body");
  return { ok: true, ...checkpoint, body, signatures };
}

/**
 * Verifies a signed checkpoint against one trusted Ed25519 key. Signatures by other keys
 * (witnesses, a rotated log key) are ignored as the spec requires; a signature that claims our
 * key (same name and key ID) but fails refuses the whole note. Never throws on a hostile note;
 * throws only when the trusted key itself is unusable (not a 32-byte Ed25519 key).
 */
export async function verifyCheckpoint(
  text: string,
  verifier: { name: string; publicKey: PublicKeyInput },
  crypto: WebCrypto,
): Promise<({ ok: true } & Checkpoint) | Failure> {
  const parsed = parseCheckpoint(text);
  if (!parsed.ok) return parsed;
  const raw = await rawPublicKey(verifier.publicKey, crypto);
  const id = keyId(verifier.name, raw);
  const ours = parsed.signatures.filter((s) => s.name === verifier.name && equal(s.keyId, id));
  if (ours.length === 0) return { ok: false, reason: "unknown_key" };
  const key = await crypto.subtle.importKey("raw", buf(raw), ED25519, false, ["verify"]);
  const message = buf(utf8(parsed.body));
  for (const s of ours) {
    const valid =
      s.signature.length === 64 &&
      (await crypto.subtle.verify(ED25519, key, buf(s.signature), message).catch(() => false));
    if (!valid) return { ok: false, reason: "bad_signature" };
  }
  return { ok: true, origin: parsed.origin, size: parsed.size, rootHash: parsed.rootHash };
}

/** Key ID per signed-note §Ed25519: SHA-256(name || 0x0A || 0x01 || 32-byte public key)[:4]. */
export function keyId(name: string, rawPublicKey: Uint8Array): Uint8Array {
  return sha256Bytes(concat(utf8(name), Uint8Array.of(0x0a, SIG_TYPE_ED25519), rawPublicKey)).slice(0, 4);
}

/** The note verifier key string `<name>+<hex key ID>+<base64(0x01 || public key)>`. */
export async function formatVerifierKey(name: string, publicKey: PublicKeyInput, crypto: WebCrypto): Promise<string> {
  if (!isKeyName(name)) throw new TypeError("key name must be non-empty, without spaces or '+'");
  const raw = await rawPublicKey(publicKey, crypto);
  return `${name}+${toHex(keyId(name, raw))}+${toBase64(concat(Uint8Array.of(SIG_TYPE_ED25519), raw))}`;
}

/** Parses a verifier key string; null unless it is a well-formed Ed25519 key whose ID matches. */
export function parseVerifierKey(vkey: string): { name: string; publicKey: Uint8Array } | null {
  const m = /^([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(vkey);
  const key = m ? fromBase64(m[3]!) : null;
  if (!m || !key || !isKeyName(m[1]!) || key.length !== 33 || key[0] !== SIG_TYPE_ED25519) return null;
  const publicKey = key.slice(1);
  return equal(keyId(m[1]!, publicKey), fromHex(m[2]!)) ? { name: m[1]!, publicKey } : null;
}

/** SubjectPublicKeyInfo PEM, for tools that take a PEM key rather than a note verifier key. */
export async function exportPublicKeyPem(publicKey: CryptoKey, crypto: WebCrypto): Promise<string> {
  const b64 = toBase64(new Uint8Array(await crypto.subtle.exportKey("spki", publicKey)));
  return `-----BEGIN PUBLIC KEY-----\n${b64.replace(/.{1,64}/g, "$&\n")}-----END PUBLIC KEY-----\n`;
}

export async function importPublicKeyPem(pem: string, crypto: WebCrypto): Promise<CryptoKey> {
  const m = /^-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END PUBLIC KEY-----\s*$/.exec(pem.trim() + "\n");
  const der = m ? fromBase64(m[1]!.replace(/\r?\n/g, "")) : null;
  if (!der) throw new TypeError("not a PEM public key");
  return crypto.subtle.importKey("spki", buf(der), ED25519, true, ["verify"]);
}

function parseBody(body: string): Checkpoint | null {
  // exactly origin, size, root: we never write extension lines, so we accept none
  const lines = body.split("\n");
  if (lines.length !== 4 || lines[3] !== "") return null;
  const [origin, sizeText, rootText] = lines as [string, string, string];
  const rootHash = fromBase64(rootText);
  if (origin === "" || !/^(0|[1-9][0-9]*)$/.test(sizeText) || rootHash?.length !== HASH_SIZE) return null;
  const size = Number(sizeText);
  return Number.isSafeInteger(size) ? { origin, size, rootHash } : null;
}

function isKeyName(name: string): boolean {
  return typeof name === "string" && /^[^\s+]+$/.test(name);
}

async function rawPublicKey(key: PublicKeyInput, crypto: WebCrypto): Promise<Uint8Array> {
  const raw = key instanceof Uint8Array ? key : new Uint8Array(await crypto.subtle.exportKey("raw", key));
  if (raw.length !== 32) throw new TypeError("an Ed25519 public key is 32 bytes");
  return raw;
}

/** WebCrypto cannot derive a public key; an extractable private key carries it in its JWK. */
async function publicFromPrivate(privateKey: CryptoKey, crypto: WebCrypto): Promise<Uint8Array> {
  const jwk = privateKey.extractable ? await crypto.subtle.exportKey("jwk", privateKey) : undefined;
  const raw = jwk?.x ? fromBase64(jwk.x.replace(/-/g, "+").replace(/_/g, "/").padEnd(44, "=")) : null;
  if (!raw) throw new TypeError("pass the signer's publicKey: the private key is not extractable");
  return raw;
}

/** Strict RFC 4648 §4 base64: only the canonical encoding of some bytes is accepted. */
function fromBase64(text: string): Uint8Array | null {
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    return null;
  }
  const out = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return toBase64(out) === text ? out : null;
}

function toBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A copy on a plain ArrayBuffer, the BufferSource WebCrypto's typings ask for. */
function buf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
