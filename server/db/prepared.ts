// Named (prepared) statements for the PostgreSQL server. node-postgres otherwise sends every
// statement unnamed, so the server parses and plans it on every call: in `npm run bench -- http`
// planning cost 0.40 ms per action against 0.46 ms of execution (pg_stat_statements with
// track_planning). Named by a hash of their text, each statement is parsed once per connection.
// Only statements with parameters are named: a parameterless text may hold several statements
// (migrations), which the extended protocol refuses.
import { createHash } from "node:crypto";
import type { QueryConfig } from "pg";

/** A text that our code builds from unbounded input would make names without end: past this many, statements go unnamed. */
const MAX_NAMES = 5_000;

const names = new Map<string, string>();
// Bumped when a column change makes a prepared `select *` stale: every statement gets a new name.
let generation = 0;

export function statement(text: string, values?: unknown[]): QueryConfig {
  if (!values || values.length === 0) return { text, values };
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMES) return { text, values };
    name = createHash("sha1").update(text).digest("hex").slice(0, 24);
    names.set(text, name);
  }
  return { name: `m${generation}_${name}`, text, values };
}

/** A table another process altered (a rolling deploy's migration) while this connection kept a plan of `select *`. */
export function isStalePlan(e: unknown): boolean {
  return (e as { code?: string }).code === "0A000" && /cached plan must not change result type/.test(String((e as Error).message));
}

/** Runs `run`; on a stale plan, renames every statement (so each is prepared afresh) and runs it once more. */
export async function replanOnce<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!isStalePlan(e)) throw e;
    generation++;
    return run();
  }
}
