// Two scheduler "processes" (two wirings, two connection pools) against one PostgreSQL
// database, ticking at the same time: every due timeout fires exactly once and every deadline
// crossing is announced once. Needs TEST_DATABASE_URL (a PostgreSQL server; PGlite has one
// connection, so nothing there runs concurrently).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import pg from "pg";
import { openDatabase } from "../../server/db/connect.js";
import type { Database } from "../../server/db/database.js";
import { loadCatalog } from "../../server/catalog/load.js";
import { seedDemo } from "../../server/seed.js";
import { wire, type Wired } from "../../server/wire.js";
import { createLogger } from "../../server/log.js";
import { generateLogKey } from "../../server/audit/log-key.js";
import { getOfficial } from "../../server/store/officials.js";
import { Scheduler, type TickReport } from "../../server/scheduler/scheduler.js";
import type { Principal } from "../../server/http/auth.js";
import { birthDeclaration, birthDocuments } from "../support/server.js";

const ADMIN = process.env.TEST_DATABASE_URL;
const PROCEDURES = new URL("../../procedures/", import.meta.url).pathname;
const WAITING = 120;
const OPEN = 60;

describe.skipIf(!ADMIN)("two schedulers on one PostgreSQL database", () => {
  const name = `motcua_t_sched_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const clock = { now: "2026-03-02T02:00:00.000Z" };
  let dbs: Database[] = [];
  let w: Wired[] = [];

  beforeAll(async () => {
    await admin(`create database ${name}`);
    const url = new URL(ADMIN!);
    url.pathname = `/${name}`;
    dbs = [await openDatabase({ url: url.toString() }), await openDatabase({ url: url.toString() })];
    const logKey = await generateLogKey("motcua.test/log");
    await loadCatalog(dbs[0]!, logKey, PROCEDURES, "2026-01-01T00:00:00.000Z");
    await seedDemo(dbs[0]!);
    w = dbs.map((db) => wire({ db, jwtSecret: new TextEncoder().encode("x".repeat(32)), logKey, clock: () => clock.now, log: createLogger("silent") }));
    const reception: Principal = { ...(await getOfficial(dbs[0]!, "o-tiepnhan"))!, certificates: [] };
    const body = { procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true };
    // WAITING dossiers wait on the citizen from Monday 2 March; OPEN more are simply received.
    for (let i = 0; i < WAITING + OPEN; i++) {
      const opened = await w[i % 2]!.cases.open(reception, { ...body });
      const id = (opened.body as { case: { id: string } }).case.id;
      if (i < WAITING) await w[i % 2]!.cases.act(reception, await w[i % 2]!.cases.load(id), { action: "request-supplement", data: { missing: "giấy chứng sinh bản gốc" } });
    }
  }, 120_000);

  afterAll(async () => {
    for (const db of dbs) await db.close();
    await admin(`drop database if exists ${name} with (force)`);
  });

  const schedulers = (lease?: number) => w.map((x, i) => new Scheduler({ db: dbs[i]!, cases: x.cases, clock: () => clock.now, log: x.log, name: `proc-${i}`, batchSize: 7, leaseSeconds: lease }));

  it("fires each due timeout exactly once and announces each overdue case once", async () => {
    clock.now = "2026-04-13T10:00:00.000Z"; // the 30th working day after 2 March has just ended
    const [a, b] = schedulers();
    // Both start at once and keep ticking until neither finds work twice in a row.
    const reports: TickReport[][] = [[], []];
    const drive = async (s: Scheduler, out: TickReport[]) => {
      for (let idle = 0; idle < 2; ) {
        const r = await s.tick();
        out.push(r);
        idle = r.timeouts.fired + r.marks.overdue + r.marks.dueSoon === 0 ? idle + 1 : 0;
      }
    };
    await Promise.all([drive(a!, reports[0]!), drive(b!, reports[1]!)]);

    const sum = (k: (r: TickReport) => number) => reports.flat().reduce((n, r) => n + k(r), 0);
    expect(sum((r) => r.timeouts.fired)).toBe(WAITING);
    expect(sum((r) => r.timeouts.conflicts)).toBe(0); // claims kept the two apart: no wasted work
    const perCase = await dbs[0]!.query<{ n: number; cases: number }>(
      "select n, count(*)::int as cases from (select case_id, count(*)::int as n from audit_entries where action = 'expire' group by case_id) x group by n",
    );
    expect(perCase.rows).toEqual([{ n: 1, cases: WAITING }]);
    const notices = await dbs[0]!.query<{ n: number; cases: number }>(
      "select n, count(*)::int as cases from (select case_id, count(*)::int as n from deadline_notices where kind = 'overdue' group by case_id) x group by n",
    );
    expect(notices.rows).toEqual([{ n: 1, cases: OPEN }]);
    // Both processes took a share (the batches are small, so neither finished alone).
    expect(reports.map((rs) => rs.reduce((n, r) => n + r.timeouts.fired, 0)).every((n) => n > 0)).toBe(true);
  });

  it("stays exactly-once when claims give no protection: the version check decides", async () => {
    // Put every expired case back in a fresh waiting period, then fire with claims that expire at once.
    const reception: Principal = { ...(await getOfficial(dbs[0]!, "o-tiepnhan"))!, certificates: [] };
    clock.now = "2026-04-14T02:00:00.000Z";
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const opened = await w[0]!.cases.open(reception, { procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true });
      const id = (opened.body as { case: { id: string } }).case.id;
      await w[0]!.cases.act(reception, await w[0]!.cases.load(id), { action: "request-supplement", data: { missing: "giấy chứng sinh bản gốc" } });
      ids.push(id);
    }
    clock.now = "2026-06-30T10:00:00.000Z";
    const [a, b] = schedulers(0);
    // Several loops at once in each process, started by the real interval timer.
    a!.start(5);
    b!.start(5);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const r = await dbs[0]!.query<{ n: number }>("select count(*)::int as n from cases where id = any($1) and state = 'withdrawn'", [ids]);
      if (r.rows[0]!.n === ids.length || Date.now() > deadline) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    await Promise.all([a!.stop(), b!.stop()]);
    const fired = await dbs[0]!.query<{ case_id: string; n: number }>("select case_id, count(*)::int as n from audit_entries where action = 'expire' and case_id = any($1) group by case_id", [ids]);
    expect(fired.rows.length).toBe(ids.length);
    expect(fired.rows.every((r) => r.n === 1)).toBe(true);
  });
});

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
