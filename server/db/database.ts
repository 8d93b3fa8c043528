// One small interface over node-postgres and PGlite, so the same migrations and queries serve
// the PostgreSQL server in production and the embedded database of `npm start`.
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

export interface TxOptions {
  /**
   * No statement or idle-in-transaction timeout inside this transaction: for the few that wait on
   * purpose (migrations, the start-up lock held while another connection loads the catalog).
   */
  unbounded?: boolean;
}

export interface Database extends Queryable {
  readonly kind: "postgres" | "pglite";
  /** Runs fn in one transaction; retried on serialization failure and deadlock (SQLSTATE 40001, 40P01). */
  tx<T>(fn: (q: Queryable) => Promise<T>, opts?: TxOptions): Promise<T>;
  close(): Promise<void>;
  /** Connections of the pool (the PostgreSQL server only): in use is total - idle; waiting are requests queued for one. */
  poolStats?(): { total: number; idle: number; waiting: number };
}

/**
 * How long the server waits on PostgreSQL before answering 503 (README: DB_*_TIMEOUT_SECONDS).
 * A request never hangs on a link that stalls: each bound turns the wait into an error that the
 * HTTP layer answers with 503 and Retry-After.
 */
export interface DatabaseTimeouts {
  /** Waiting for a pooled connection or opening a new one. */
  connectMs: number;
  /** One statement: PostgreSQL cancels it (statement_timeout) and the client gives up shortly after (a stalled link never answers). */
  statementMs: number;
  /** A session idle inside a transaction (its client stalled or vanished) is ended by PostgreSQL, releasing its row locks. */
  idleInTransactionMs: number;
}

export const DEFAULT_TIMEOUTS: DatabaseTimeouts = { connectMs: 5_000, statementMs: 10_000, idleInTransactionMs: 10_000 };

const RETRYABLE = new Set(["40001", "40P01"]);
const MAX_ATTEMPTS = 5;

export async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
      // Jittered backoff so retried transactions do not collide again in lockstep.
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}
