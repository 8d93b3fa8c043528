// Register book entries: the primary key (unit, register, book, entry) makes a number usable by one
// dossier; another dossier's number is the clerk's to correct, so it comes back as 409 naming the
// field. A number a dossier stops using (recorded again under another) stays reserved to it, as a
// struck-through line stays in a paper book.
import type { Queryable } from "../db/database.js";
import type { Effect } from "../../engine/apply.js";
import { MotcuaError } from "../../engine/errors.js";

type RegisterEffect = Extract<Effect, { type: "register" }>;

export function registerTaken(e: RegisterEffect): MotcuaError {
  const message = `entry ${e.entry} of book ${e.book} is already registered in this unit`;
  return new MotcuaError("register.entry_taken", message, { errors: [{ pointer: e.pointer, rule: "unique", message }] });
}

export interface RegisterBook {
  book: string;
  /** Entries recorded in the book (numbers reserved by a dossier that moved to another count too). */
  entries: number;
  /** The highest number written so far, when the numbers are plain integers. */
  lastEntry: string | null;
  /** What the clerk would write next: one past the highest number. A proposal, not a reservation. */
  nextEntry: string;
  lastUsedAt: string;
}

/**
 * The books a unit has used for a procedure's register, the most recently written first, with the
 * next free number: the clerk at the counter no longer looks it up in the paper book. Two clerks
 * given the same proposal cannot both use it: the second gets register.entry_taken.
 */
export async function registerBooks(q: Queryable, unit: string, register: string, limit = 5): Promise<RegisterBook[]> {
  const r = await q.query<{ book: string; entries: string | number; last: string | number | null; at: Date | string }>(
    `select book, count(*) as entries, max(case when entry ~ '^[0-9]{1,9}$' then entry::int end) as last, max(at) as at
       from register_entries where unit = $1 and register = $2 group by book order by max(at) desc, book limit $3`,
    [unit, register, limit],
  );
  return r.rows.map((x) => {
    const last = x.last === null ? null : Number(x.last);
    return { book: x.book, entries: Number(x.entries), lastEntry: last === null ? null : String(last), nextEntry: String((last ?? 0) + 1), lastUsedAt: new Date(x.at).toISOString() };
  });
}
