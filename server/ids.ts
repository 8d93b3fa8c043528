// Globally unique ids (UUIDv7: time-ordered, so B-tree inserts stay local) and dossier codes.
import { randomInt } from "node:crypto";
import { v7 as uuidv7 } from "uuid";

// Crockford base32 without I, L, O, U: codes are read aloud and typed at the counter.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export const ids = {
  caseId: (): string => uuidv7(),
  /** A read record's stream: "read:<id>" (server/audit/reads.ts). */
  readId: (): string => uuidv7(),
  /** e.g. HS-260302-7KQ2MX: date of receipt (Vietnam time) and 30 random bits; uniqueness is enforced by the table. */
  caseCode: (now: string): string => {
    const local = new Date(Date.parse(now) + 7 * 3600_000).toISOString();
    const date = local.slice(2, 4) + local.slice(5, 7) + local.slice(8, 10);
    let tail = "";
    for (let i = 0; i < 6; i++) tail += ALPHABET[randomInt(32)];
    return `HS-${date}-${tail}`;
  },
};
