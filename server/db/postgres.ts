// The PostgreSQL server through node-postgres (DATABASE_URL).
import pg from "pg";
import { type Database, type Queryable, withRetry } from "./database.js";
import { isDatabaseUnavailable } from "./unavailable.js";

export function connectPostgres(url: string, max = 10): Database {
  // A request waits at most this long for a connection, then gets 503 rather than hanging.
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection must not crash the process.
  pool.on("error", () => {});
  const query: Queryable["query"] = async (sql, params) => {
    const r = await pool.query(sql, params as unknown[]);
    return { rows: r.rows, rowCount: r.rowCount ?? 0 };
  };
  return {
    kind: "postgres",
    query,
    tx: (fn) =>
      withRetry(async () => {
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          await client.query("BEGIN");
          const q: Queryable = {
            query: async (sql, params) => {
              const r = await client.query(sql, params as unknown[]);
              return { rows: r.rows, rowCount: r.rowCount ?? 0 };
            },
          };
          const out = await fn(q);
          await client.query("COMMIT");
          return out;
        } catch (e) {
          // A connection that failed is closed, not handed to the next request.
          if (isDatabaseUnavailable(e)) broken = e as Error;
          else await client.query("ROLLBACK").catch(() => {});
          throw e;
        } finally {
          client.release(broken);
        }
      }),
    close: () => pool.end(),
  };
}
