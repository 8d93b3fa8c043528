// Small helpers the benches share: one SQL text on its own connection (create/drop a scratch
// database, build an index), and rounding for printed figures.
import pg from "pg";

/** Runs `sql` (one or several statements, no parameters) on a connection of its own. */
export async function runSql(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export function round(n: number, digits = 1): number {
  return Math.round(n * 10 ** digits) / 10 ** digits;
}
