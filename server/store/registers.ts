// Register book entries: the primary key (unit, register, book, entry) makes a number usable once;
// a taken number is the clerk's to correct, so it comes back as 409 naming the field.
import type { Queryable } from "../db/database.js";
import type { Effect } from "../../engine/apply.js";
import { MotcuaError } from "../../engine/errors.js";

type RegisterEffect = Extract<Effect, { type: "register" }>;

export async function takeRegisterEntry(q: Queryable, e: RegisterEffect, c: { id: string; province: string }, seq: number, at: string): Promise<void> {
  try {
    await q.query(
      "insert into register_entries (unit, register, book, entry, province, case_id, seq, at) values ($1,$2,$3,$4,$5,$6,$7,$8)",
      [e.unit, e.register, e.book, e.entry, c.province, c.id, seq, at],
    );
  } catch (err) {
    if ((err as { code?: string }).code !== "23505") throw err;
    const message = `entry ${e.entry} of book ${e.book} is already registered in this unit`;
    throw new MotcuaError("register.entry_taken", message, { errors: [{ pointer: e.pointer, rule: "unique", message }] });
  }
}
