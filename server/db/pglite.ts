// The embedded default: PostgreSQL compiled to WebAssembly, in process, data in a directory.
import { PGlite } from "@electric-sql/pglite";
import { type Database, withRetry } from "./database.js";

/** dataDir undefined = in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  return {
    kind: "pglite",
    query: async (sql, params) => {
      const r = await db.query(sql, params as unknown[]);
      return { rows: r.rows as never[], rowCount: r.affectedRows ?? r.rows.length };
    },
    // PGlite has one connection; its transaction() queues callers, so transactions never interleave.
    tx: (fn) =>
      withRetry(() =>
        db.transaction(async (t) =>
          fn({
            query: async (sql, params) => {
              const r = await t.query(sql, params as unknown[]);
              return { rows: r.rows as never[], rowCount: r.affectedRows ?? r.rows.length };
            },
          }),
        ),
      ),
    close: () => db.close(),
  };
}
