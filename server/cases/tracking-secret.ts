// The tracking secret (mã tra cứu) printed on the receipt: with the dossier code it opens the public
// tracking page without an account. Only its hash is kept. 12 Crockford base32 characters are 60
// random bits: rate-limited guessing gets nowhere, and even a stolen table of hashes (each salted by
// its case id) would cost 2^60 SHA-256 per dossier to reverse.
import { createHash, randomInt, timingSafeEqual } from "node:crypto";

// The dossier code's alphabet (server/ids.ts): read aloud and typed at a phone, no I, L, O, U.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const SECRET_LENGTH = 12;

export interface IssuedSecret {
  /** As printed: XXXX-XXXX-XXXX. */
  secret: string;
  hash: string;
}

export function issueTrackingSecret(caseId: string): IssuedSecret {
  let raw = "";
  for (let i = 0; i < SECRET_LENGTH; i++) raw += ALPHABET[randomInt(32)];
  return { secret: raw.match(/.{4}/g)!.join("-"), hash: trackingHash(caseId, raw) };
}

/**
 * What the citizen typed, as the alphabet spells it: case, spaces and dashes do not matter, and the
 * letters people confuse with digits are read as those digits (Crockford: O -> 0, I and L -> 1).
 * undefined when it cannot be a secret at all.
 */
export function normalizeSecret(typed: string): string | undefined {
  const s = typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return s.length === SECRET_LENGTH && [...s].every((ch) => ALPHABET.includes(ch)) ? s : undefined;
}

/** The stored form: salted by the case id, so one hash says nothing about another case's secret. */
export function trackingHash(caseId: string, normalized: string): string {
  return createHash("sha256").update(`motcua.tracking.v1\n${caseId}\n${normalized}`).digest("hex");
}

// Compared against when the code is unknown, so that answer costs what a wrong secret costs.
const DECOY_ID = "00000000-0000-0000-0000-000000000000";
const DECOY_HASH = trackingHash(DECOY_ID, "0".repeat(SECRET_LENGTH));

/** Whether `typed` is the secret of the case whose stored hash is `stored`; the same work whether or not the case exists. */
export function secretMatches(found: { caseId: string; hash: string } | undefined, typed: string): boolean {
  const normalized = normalizeSecret(typed) ?? "";
  const expected = Buffer.from(found?.hash ?? DECOY_HASH, "hex");
  const actual = Buffer.from(trackingHash(found?.caseId ?? DECOY_ID, normalized), "hex");
  return timingSafeEqual(expected, actual) && found !== undefined && normalized !== "";
}
