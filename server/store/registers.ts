// Register book entries: the primary key (unit, register, book, entry) makes a number usable by one
// dossier; another dossier's number is the clerk's to correct, so it comes back as 409 naming the
// field. A number a dossier stops using (recorded again under another) stays reserved to it, as a
// struck-through line stays in a paper book.
import type { Queryable } from "../db/database.js";
import type { Effect } from "../../engine/apply.js";
import { MotcuaError } from "../../engine/errors.js";

type RegisterEffect = Extract<Effect, { type: "register" }>;

export async function takeRegisterEntry(q: Queryable, e: RegisterEffect, c: { id: string; province: string }, seq: number, at: string): Promise<void> {
  // The same dossier recording again under its own number (returned for correction, then
  // recorded anew) keeps it; only another dossier's number is refused.
  const r = await q.query(
    `insert into register_entries (unit, register, book, entry, province, case_id, seq, at) values ($1,$2,$3,$4,$5,$6,$7,$8)
     on conflict (unit, register, book, entry) do update set seq = excluded.seq, at = excluded.at
       where register_entries.case_id = excluded.case_id`,
    [e.unit, e.register, e.book, e.entry, c.province, c.id, seq, at],
  );
  if (r.rowCount === 1) return;
  const message = `entry ${e.entry} of book ${e.book} is already registered in this unit`;
  throw new MotcuaError("register.entry_taken", message, { errors: [{ pointer: e.pointer, rule: "unique", message }] });
}
