// The PostgreSQL server through node-postgres (DATABASE_URL).
import pg from "pg";
import { type Database, type Queryable, withRetry } from "./database.js";

export function connectPostgres(url: string, max = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max });
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
          await client.query("ROLLBACK").catch(() => {});
          throw e;
        } finally {
          client.release();
        }
      }),
    close: () => pool.end(),
  };
}
