// Statements on the PostgreSQL server are prepared once per connection (server/db/prepared.ts).
// A rolling deploy's migration may add a column while a running process holds a prepared
// `select *` of that table: the next call must still answer, with the new column.
import { describe, it, expect, afterAll } from "vitest";
import pg from "pg";
import { connectPostgres } from "../../server/db/postgres.js";
import type { Database } from "../../server/db/database.js";

const admin = process.env.TEST_DATABASE_URL;

describe.skipIf(!admin)("prepared statements on the PostgreSQL server", () => {
  const name = `motcua_t_prepared_${Date.now().toString(36)}`;
  let db: Database | undefined;
  afterAll(async () => {
    await db?.close();
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });

  it("answers after another process adds a column to a table this one has a prepared select * of", async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const url = new URL(admin!);
    url.pathname = `/${name}`;
    // One connection, so the statement is surely prepared on the connection that meets the change.
    db = connectPostgres(url.toString(), { max: 1 });
    await db.query("create table t (id int primary key, a text)");
    await db.query("insert into t values (1, 'x')");
    for (let i = 0; i < 6; i++) expect((await db.query("select * from t where id = $1", [1])).rows).toEqual([{ id: 1, a: "x" }]);
    await db.tx(async (q) => expect((await q.query("select * from t where id = $1", [1])).rowCount).toBe(1));

    const other = new pg.Client({ connectionString: url.toString() });
    await other.connect();
    await other.query("alter table t add column b text default 'new'");
    await other.end();

    expect((await db.query("select * from t where id = $1", [1])).rows).toEqual([{ id: 1, a: "x", b: "new" }]);
    expect(await db.tx(async (q) => (await q.query("select * from t where id = $1", [1])).rows)).toEqual([{ id: 1, a: "x", b: "new" }]);
  });
});
