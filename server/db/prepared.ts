// Named (prepared) statements for the PostgreSQL server. node-postgres otherwise sends every
// statement unnamed, so the server parses and plans it on every call: in `npm run bench -- http`
// planning cost 0.40 ms per action against 0.46 ms of execution (pg_stat_statements with
// track_planning). Named by a hash of their text, each is parsed and planned once per connection.
// Only writes are named: their plans are primary-key lookups whatever the parameters, while a
// read's best plan depends on them (a commune's inbox and a province's share one text; PostgreSQL's
// generic plan for it scanned every open case in due order for the commune: 26 ms against 0.5 ms,
// bench/reads.ts at 1,000,000 cases), so reads stay planned per call. A parameterless text may
// hold several statements (migrations), which the extended protocol refuses: never named.
import { createHash } from "node:crypto";
import type { QueryConfig } from "pg";

/** A text that our code builds from unbounded input would make names without end: past this many, statements go unnamed. */
const MAX_NAMES = 5_000;

const names = new Map<string, string>();
// Bumped when a column change makes a prepared statement returning `*` stale: every statement gets a new name.
let generation = 0;

const WRITE = /^\s*(insert|update|delete|with (updated|created|cur)\b)/i;

export function statement(text: string, values?: unknown[]): QueryConfig {
  if (!values || values.length === 0 || !WRITE.test(text)) return { text, values };
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
