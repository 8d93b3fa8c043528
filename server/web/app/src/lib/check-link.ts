// Where a signed result is checked without an account: #/check (a form) and #/check/CODE/DIGEST
// (the answer; the URL the QR code on the paper holds). The signed-out console shows these routes
// instead of the sign-in page, so a bank clerk or a police officer needs no account.
import { href } from "./router.js";

export function isCheckPath(path: string): boolean {
  return path === "/check" || path.startsWith("/check/");
}

export function checkHref(code: string, digest: string): string {
  return href("check", code, digest);
}

/** The absolute URL of the check page for a result, as a QR code on the paper must hold it. */
export function checkUrl(code: string, digest: string): string {
  return `${location.origin}${location.pathname}${checkHref(code, digest)}`;
}

/**
 * What a person typed from the paper, as the server stores it: case codes are upper-case
 * (server/ids.ts), and the digest may have been copied with spaces or line breaks, in capitals.
 */
export function normalizeCode(typed: string): string {
  return typed.replace(/\s+/g, "").toUpperCase();
}

export function normalizeDigest(typed: string): string {
  return typed.replace(/\s+/g, "").toLowerCase();
}
