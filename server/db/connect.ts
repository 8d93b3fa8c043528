// Chooses the database: DATABASE_URL -> PostgreSQL server; otherwise PGlite under DATA_DIR.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "./database.js";
import { connectPostgres } from "./postgres.js";
import { openPglite } from "./pglite.js";
import { migrate } from "./migrate.js";

export async function openDatabase(opts: { url?: string; dataDir?: string; memory?: boolean }): Promise<Database> {
  let db: Database;
  if (opts.url) db = connectPostgres(opts.url);
  else if (opts.memory) db = await openPglite();
  else {
    const dir = join(opts.dataDir ?? "data", "pglite");
    mkdirSync(dir, { recursive: true });
    db = await openPglite(dir);
  }
  await migrate(db);
  return db;
}
