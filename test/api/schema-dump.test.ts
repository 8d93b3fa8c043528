// The committed server/db/schema.sql is what the migrations build (as graphile-worker checks its
// pg_dump): a migration edited after release, or a schema change nobody regenerated, fails here.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { SCHEMA_FILE, migratedSchema } from "../../server/db/schema-dump.js";

const admin = process.env.TEST_DATABASE_URL;
const hasPgDump = spawnSync("pg_dump", ["--version"]).status === 0;

describe.skipIf(!admin || !hasPgDump)("database schema", () => {
  it("matches server/db/schema.sql (run `npm run db:schema` after adding a migration)", async () => {
    const committed = readFileSync(SCHEMA_FILE, "utf8").replace(/^--.*\n/, "");
    expect(await migratedSchema(admin!)).toBe(committed);
  });
});
