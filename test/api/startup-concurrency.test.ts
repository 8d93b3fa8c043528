// Two server processes started at the same moment on one new PostgreSQL database, as two replicas
// or a rolling deploy would: both come up, the catalog is published once, the demo officials are
// seeded once, and each process serves the same cases.
import { describe, it, expect, afterAll } from "vitest";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { DEMO_OFFICIALS, DEMO_PASSWORD } from "../../server/seed.js";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { START_TIMEOUT_MS, call, killGroup, startServerProcess, type Running } from "../support/process.js";

const admin = process.env.TEST_DATABASE_URL;

describe.skipIf(!admin)("two server processes starting at once on one database", () => {
  const name = `motcua_t_startup_${Date.now().toString(36)}`;
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), "motcua-startup-")));
  let running: Running[] = [];

  afterAll(async () => {
    for (const r of running) {
      killGroup(r, "SIGKILL");
      await Promise.race([r.exited, new Promise((res) => setTimeout(res, 5000))]);
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }, 30_000);

  it("both start; the catalog is published once and the officials seeded once", async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const url = new URL(admin!);
    url.pathname = `/${name}`;
    const started = await Promise.allSettled(dirs.map((d) => startServerProcess({ DATA_DIR: d, DATABASE_URL: url.toString(), JWT_SECRET: "test-only-shared-secret-0123456789" })));
    running = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    expect(started.map((s) => (s.status === "rejected" ? String(s.reason) : "started"))).toEqual(["started", "started"]);

    // Every procedure file of the catalog once, every demo official once.
    const catalog = readdirSync(new URL("../../procedures/", import.meta.url)).filter((f) => f.endsWith(".json")).length;
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      const versions = await db.query("select id, count(*)::int as n from procedure_versions group by id");
      expect(versions.rows).toHaveLength(catalog);
      expect(versions.rows.every((r) => r.n === 1)).toBe(true);
      expect((await db.query("select count(*)::int as n from officials")).rows[0].n).toBe(DEMO_OFFICIALS.length);
      expect((await db.query("select count(*)::int as n from registry_entries where action = 'procedure.publish'")).rows[0].n).toBe(catalog);
    } finally {
      await db.end();
    }

    // A case opened through one process is advanced through the other.
    const [a, b] = running as [Running, Running];
    const token = async (base: string, username: string) => (await call(base, "POST", "/auth/login", undefined, { username, password: DEMO_PASSWORD })).body.token as string;
    const created = await call(a.base, "POST", "/cases", await token(a.base, "tiepnhan"), { procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const accepted = await call(b.base, "POST", `/cases/${created.body.case.id}/actions`, await token(b.base, "tiepnhan"), { action: "accept", expectedVersion: 1 });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  }, 2 * START_TIMEOUT_MS);
});
