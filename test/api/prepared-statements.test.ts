// Statements on the PostgreSQL server are prepared once per connection (server/db/prepared.ts).
// A rolling deploy's migration may add a column while a running process holds a prepared
// write returning `*` of that table: the next call must still answer, with the new column.
import { describe, it, expect, afterAll } from "vitest";
import pg from "pg";
import { connectPostgres } from "../../server/db/postgres.js";
import type { Database } from "../../server/db/database.js";
import { createScratchDatabase, type ScratchDatabase } from "../support/scratch-database.js";

const admin = process.env.TEST_DATABASE_URL;

describe.skipIf(!admin)("prepared statements on the PostgreSQL server", () => {
  let scratch: ScratchDatabase | undefined;
  let db: Database | undefined;
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it("answers after another process adds a column to a table this one has a prepared statement returning * of", async () => {
    scratch = await createScratchDatabase(admin!, "prepared");
    // One connection, so the statement is surely prepared on the connection that meets the change.
    db = connectPostgres(scratch.url, { max: 1 });
    await db.query("create table t (id int primary key, a text)");
    await db.query("insert into t values (1, 'x')");
    for (let i = 0; i < 6; i++) expect((await db.query("update t set a = a where id = $1 returning *", [1])).rows).toEqual([{ id: 1, a: "x" }]);
    await db.tx(async (q) => expect((await q.query("update t set a = a where id = $1 returning *", [1])).rowCount).toBe(1));

    const other = new pg.Client({ connectionString: scratch.url });
    await other.connect();
    await other.query("alter table t add column b text default 'new'");
    await other.end();

    expect((await db.query("update t set a = a where id = $1 returning *", [1])).rows).toEqual([{ id: 1, a: "x", b: "new" }]);
    expect(await db.tx(async (q) => (await q.query("update t set a = a where id = $1 returning *", [1])).rows)).toEqual([{ id: 1, a: "x", b: "new" }]);
  });
});
