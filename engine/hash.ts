// SHA-256 and canonical JSON for everything the engine hashes or signs.
// Pure JS (@noble/hashes) so the engine needs no node:crypto and stays deterministic.
import { sha256 } from "@noble/hashes/sha2.js";
import canonicalizeImport from "canonicalize";
import { defineMember } from "./own-member.js";

// canonicalize ships CJS typings; normalise the default export.
const canonicalize = canonicalizeImport as unknown as (value: unknown) => string | undefined;

const encoder = new TextEncoder();

/** RFC 8785 canonical JSON. Strings are NFC-normalised first: the same Vietnamese name typed as NFC or NFD must hash the same. */
export function canonicalJson(value: unknown): string {
  const out = canonicalize(nfcForSerializing(value));
  if (out === undefined) throw new TypeError("value cannot be represented as canonical JSON");
  return out;
}

/** A copy with every string and key in NFC; members are defined, never assigned (see own-member.ts), so the copy has exactly the original's keys. */
export function normalizeNfc<T>(value: T): T {
  if (typeof value === "string") return value.normalize("NFC") as T;
  if (Array.isArray(value)) return value.map(normalizeNfc) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) defineMember(out, k.normalize("NFC"), normalizeNfc(v));
    return out as T;
  }
  return value;
}

/**
 * normalizeNfc for a copy that is only serialized: null-prototype objects, where "__proto__" is an
 * ordinary key, so plain assignment is safe and much cheaper than defineProperty on the hot path
 * (every step canonicalizes its case state).
 */
function nfcForSerializing(value: unknown): unknown {
  if (typeof value === "string") return value.normalize("NFC");
  if (Array.isArray(value)) return value.map(nfcForSerializing);
  if (value !== null && typeof value === "object") {
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(value)) out[k.normalize("NFC")] = nfcForSerializing((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function sha256Bytes(data: Uint8Array | string): Uint8Array {
  return sha256(typeof data === "string" ? utf8(data) : data);
}

export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new TypeError("not a hex string");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function sha256Hex(data: Uint8Array | string): string {
  return toHex(sha256Bytes(data));
}

/** Hash of a JSON value: SHA-256 over its canonical form, hex. */
export function hashJson(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
