// Chooses the database: DATABASE_URL -> PostgreSQL server; otherwise PGlite under DATA_DIR.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Database, DatabaseTimeouts } from "./database.js";
import { connectPostgres } from "./postgres.js";
import { openPglite } from "./pglite.js";
import { migrate } from "./migrate.js";

export async function openDatabase(opts: { url?: string; dataDir?: string; memory?: boolean; timeouts?: Partial<DatabaseTimeouts> }): Promise<Database> {
  let db: Database;
  // PGlite runs in this process: there is no link to stall, so the timeouts concern the server only.
  if (opts.url) db = connectPostgres(opts.url, { timeouts: opts.timeouts });
  else if (opts.memory) db = await openPglite();
  else {
    const dir = join(opts.dataDir ?? "data", "pglite");
    mkdirSync(dir, { recursive: true });
    db = await openPglite(dir);
  }
  try {
    await migrate(db);
  } catch (e) {
    // Not left open behind a failed start (the caller may try again).
    await db.close().catch(() => {});
    throw e;
  }
  return db;
}
