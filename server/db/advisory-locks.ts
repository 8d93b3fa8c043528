// The PostgreSQL advisory locks motcua takes, in one place so no two jobs share a key by accident.
// All are transaction-scoped (released at COMMIT/ROLLBACK, never leaked by a crashed process).
import type { Database, Queryable } from "./database.js";

/** Applying migrations (several processes may start at once). */
export const LOCK_MIGRATE = 7432001;
/** The Merkle log's sequencer: one process at a time assigns log indexes and signs checkpoints. */
export const LOCK_SEQUENCER = 7432002;
/** Loading the catalog and seeding a new database at start. */
export const LOCK_STARTUP = 7432003;
/** Class of the per-procedure publication locks (two-key form: a key space apart from the above). */
const PUBLISH_CLASS = 7432;

/** Serializes publications of one procedure id (two administrators, two processes loading the catalog). */
export async function lockProcedure(db: Database, q: Queryable, procedureId: string): Promise<void> {
  if (db.kind === "postgres") await q.query("select pg_advisory_xact_lock($1, hashtext($2))", [PUBLISH_CLASS, procedureId]);
}

/**
 * Several server processes may start at once on one database (two replicas, a rolling deploy):
 * one at a time loads the catalog and seeds; the others wait, find the work done and carry on.
 * Runs `fn` while holding a transaction-scoped advisory lock on another connection. `fn` uses the
 * database as usual (its own transactions); only other holders of the same lock wait. PGlite is a
 * single in-process connection, so there is nothing to serialize there.
 */
export async function withStartupLock<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  if (db.kind !== "postgres") return fn();
  // Unbounded: this session idles in its transaction while fn works on other connections, and a
  // second process waits on the lock for as long as the first one's start takes.
  return db.tx(async (q) => {
    await q.query("select pg_advisory_xact_lock($1)", [LOCK_STARTUP]);
    return fn();
  }, { unbounded: true });
}
