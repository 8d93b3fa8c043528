// The PostgreSQL server through node-postgres (DATABASE_URL).
import pg from "pg";
import { DEFAULT_TIMEOUTS, type Database, type DatabaseTimeouts, type Queryable, withRetry } from "./database.js";
import { isDatabaseUnavailable } from "./unavailable.js";
import { replanOnce, statement } from "./prepared.js";

/** The client gives up this long after PostgreSQL's own statement_timeout would have answered: past it, the link itself is stalled. */
const READ_GRACE_MS = 1_000;
/** setTimeout's ceiling: "no client-side limit" for an unbounded transaction. */
const NO_LIMIT_MS = 2 ** 31 - 1;

export function connectPostgres(url: string, opts: { max?: number; timeouts?: Partial<DatabaseTimeouts> } = {}): Database {
  const t = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    // A request waits at most this long for a connection, then gets 503 rather than hanging.
    connectionTimeoutMillis: t.connectMs,
    // Sent in the start-up packet, so they cost no round trip.
    statement_timeout: t.statementMs,
    idle_in_transaction_session_timeout: t.idleInTransactionMs,
    // A link that stalls (open, nothing forwarded) never answers: only a client-side bound ends the wait.
    query_timeout: t.statementMs + READ_GRACE_MS,
    keepAlive: true,
  });
  // An idle client losing its connection must not crash the process.
  pool.on("error", () => {});
  const query: Queryable["query"] = async (sql, params) => {
    const r = await replanOnce(() => pool.query(statement(sql, params as unknown[] | undefined)));
    return { rows: r.rows, rowCount: r.rowCount ?? 0 };
  };
  return {
    kind: "postgres",
    query,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    tx: (fn, txOpts = {}) =>
      replanOnce(() => withRetry(async () => {
        const client = await pool.connect();
        // pg-pool listens for errors on idle clients only: a checked-out client whose socket is reset
        // emits 'error' with no listener, which would end the process. Note it; the next statement
        // (or the COMMIT) fails with it, and the client is discarded rather than reused.
        let broken: Error | undefined;
        const onError = (e: Error) => (broken ??= e);
        client.on("error", onError);
        const readTimeout = txOpts.unbounded ? NO_LIMIT_MS : undefined;
        const send = async (sql: string, params?: unknown[]) => {
          if (broken) throw broken;
          try {
            return await client.query({ ...statement(sql, params as unknown[] | undefined), ...(readTimeout ? { query_timeout: readTimeout } : {}) });
          } catch (e) {
            // A read timeout leaves the connection mid-protocol: it can never be reused.
            if (isDatabaseUnavailable(e)) broken ??= e as Error;
            throw broken ?? e;
          }
        };
        try {
          await send("BEGIN");
          if (txOpts.unbounded) await send("set local statement_timeout = 0; set local idle_in_transaction_session_timeout = 0");
          const out = await fn({
            query: async (sql, params) => {
              const r = await send(sql, params);
              return { rows: r.rows, rowCount: r.rowCount ?? 0 };
            },
          });
          await send("COMMIT");
          return out;
        } catch (e) {
          const cause = broken ?? e;
          if (!broken) await client.query("ROLLBACK").catch((err: Error) => (broken ??= err));
          throw cause;
        } finally {
          client.removeListener("error", onError);
          // A connection that failed is closed, not handed to the next request.
          client.release(broken);
        }
      })),
    close: () => pool.end(),
  };
}
