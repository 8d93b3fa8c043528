// A database of its own on the PostgreSQL server (TEST_DATABASE_URL), for tests that start whole
// server processes or need a table nobody else touches; dropped by the test's afterAll.
import pg from "pg";

async function adminSql(admin: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export interface ScratchDatabase {
  /** Its connection URL. */
  url: string;
  drop(): Promise<void>;
}

/** `prefix`: a name that says which test made it, e.g. "workers". */
export async function createScratchDatabase(admin: string, prefix: string): Promise<ScratchDatabase> {
  const name = `motcua_t_${prefix}_${Date.now().toString(36)}`;
  await adminSql(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminSql(admin, `drop database if exists ${name} with (force)`) };
}
