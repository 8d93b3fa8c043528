// The embedded default: PostgreSQL compiled to WebAssembly, in process, data in a directory.
import { PGlite } from "@electric-sql/pglite";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { type Database, withRetry } from "./database.js";

/** dataDir undefined = in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Database> {
  // Case search (migration 0015) uses PostgreSQL's unaccent extension.
  const extensions = { unaccent };
  const db = dataDir ? new PGlite(dataDir, { extensions }) : new PGlite({ extensions });
  await db.waitReady;
  return {
    kind: "pglite",
    query: async (sql, params) => rowsOf(await db.query(sql, params as unknown[])),
    // PGlite has one connection; its transaction() queues callers, so transactions never interleave.
    // In process, with no link to stall, it needs none of the server's timeouts (TxOptions).
    tx: (fn) =>
      withRetry(() =>
        db.transaction(async (t) =>
          fn({
            query: async (sql, params) => rowsOf(await t.query(sql, params as unknown[])),
          }),
        ),
      ),
    close: () => db.close(),
  };
}

/** PGlite reports affectedRows = 0 for a SELECT; node-postgres's rowCount counts the rows returned. */
function rowsOf(r: { rows: unknown[]; affectedRows?: number }): { rows: never[]; rowCount: number } {
  return { rows: r.rows as never[], rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
}
