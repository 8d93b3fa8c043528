// Applies server/db/migrations/NNNN_name.sql in order, each in its own transaction, once.
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Database } from "./database.js";
import { LOCK_MIGRATE } from "./advisory-locks.js";

const dir = fileURLToPath(new URL("./migrations/", import.meta.url));

export async function migrate(db: Database): Promise<string[]> {
  // Concurrent CREATE TABLE IF NOT EXISTS can still fail on PostgreSQL's catalog: under the lock too.
  // Unbounded: a migration may rewrite a large table, and a process waits here for another's.
  await db.tx(async (q) => {
    if (db.kind === "postgres") await q.query("select pg_advisory_xact_lock($1)", [LOCK_MIGRATE]);
    await q.query("create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())");
  }, { unbounded: true });
  const done = new Set((await db.query<{ name: string }>("select name from schema_migrations")).rows.map((r) => r.name));
  const files = (await readdir(dir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const f of files) {
    if (done.has(f)) continue;
    const sql = await readFile(dir + f, "utf8");
    await db.tx(async (q) => {
      // Several processes may start at once against one server: take a lock, then re-check.
      if (db.kind === "postgres") await q.query("select pg_advisory_xact_lock($1)", [LOCK_MIGRATE]);
      const again = await q.query("select 1 from schema_migrations where name = $1", [f]);
      if (again.rowCount > 0) return;
      for (const stmt of splitStatements(sql)) await q.query(stmt);
      await q.query("insert into schema_migrations (name) values ($1)", [f]);
      applied.push(f);
    }, { unbounded: true });
  }
  return applied;
}

/** Splits on semicolons at line ends; our migrations keep one statement per such block (no functions with bodies). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
    .filter((s) => s.length > 0);
}
