// Several server processes may start at once on one PostgreSQL database (two replicas, a rolling
// deploy). Loading the catalog and seeding a new database are then done by one process at a
// time: the others wait on the lock, find the work done and carry on.
import type { Database } from "./database.js";

/** Advisory lock keys of motcua (any constant unlikely to clash with another application's). */
export const LOCK_MIGRATE = 7432001;
export const LOCK_STARTUP = 7432002;

/**
 * Runs `fn` while holding a transaction-scoped advisory lock on another connection. `fn` uses the
 * database as usual (its own transactions); only other holders of the same lock wait. PGlite is a
 * single in-process connection, so there is nothing to serialize there.
 */
export async function withStartupLock<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  if (db.kind !== "postgres") return fn();
  return db.tx(async (q) => {
    await q.query("select pg_advisory_xact_lock($1)", [LOCK_STARTUP]);
    return fn();
  });
}
