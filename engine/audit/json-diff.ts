// Where two JSON values differ, as RFC 6901 pointers to the deepest members that differ, so a
// finding can say "/data/child/fullName" rather than "the dossier". Values are compared after
// canonical JSON (NFC strings, key order ignored), as everything the chain hashes is.
import { canonicalJson } from "../hash.js";

export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Up to `limit` pointers where `a` and `b` differ, in document order; [] when they are equal. */
export function jsonDifferences(a: unknown, b: unknown, limit = 20): string[] {
  const out: string[] = [];
  walk(a, b, "", out, limit);
  return out;
}

function walk(a: unknown, b: unknown, at: string, out: string[], limit: number): void {
  if (out.length >= limit) return;
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(a[k], b[k], `${at}/${pointerToken(k)}`, out, limit);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${at}/${i}`, out, limit);
    return;
  }
  if (same(a, b)) return;
  out.push(at);
}

function same(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
