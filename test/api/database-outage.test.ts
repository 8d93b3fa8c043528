// The link to the PostgreSQL server goes down while officials work: requests get 503 with
// Retry-After (not 500, no internals), nothing is half-written, and once the link is back the
// server answers again without a restart and the retried action applies once. The link is broken
// three ways through a proxy: closed (connections refused), reset (RST under running
// transactions, which used to end the process) and stalled (open, nothing forwarded, which used
// to hang requests for the whole stall).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { randomUUID } from "node:crypto";
import { openDatabase } from "../../server/db/connect.js";
import type { Database } from "../../server/db/database.js";
import { isDatabaseUnavailable } from "../../server/db/unavailable.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { countRows, expectProblem, loginAll, openCase } from "../support/http.js";

const TIMEOUTS = { connectMs: 1_000, statementMs: 1_500, idleInTransactionMs: 1_500 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!process.env.TEST_DATABASE_URL)("database outage", () => {
  let s: TestServer;
  let proxy: TcpProxy;
  let appDb: Database;
  let as: Awaited<ReturnType<typeof loginAll>>;

  beforeAll(async () => {
    const target = new URL(process.env.TEST_DATABASE_URL!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    s = await startTestServer({
      kind: "postgres",
      wire: { idempotencyLeaseMs: 1_000 },
      appDatabase: async (url) => {
        const through = new URL(url);
        through.hostname = "127.0.0.1";
        through.port = String(proxy.port);
        appDb = await openDatabase({ url: through.toString(), timeouts: TIMEOUTS });
        return appDb;
      },
    });
    as = await loginAll(s, ["tiepnhan"]);
  });
  afterAll(async () => {
    await proxy?.restore();
    await s?.close();
    await proxy?.close();
  });

  const accept = (c: { id: string; version: number }, key: string) =>
    request(s.app).post(`/cases/${c.id}/actions`).set(as("tiepnhan")).set("Idempotency-Key", key).send({ action: "accept", expectedVersion: c.version });

  /** The clerk's browser: the same request with the same key until it is answered with a step (a claim lapses in a second here). */
  async function retryUntilApplied(c: { id: string; version: number }, key: string): Promise<number> {
    for (let i = 0; i < 40; i++) {
      const r = await accept(c, key);
      if (r.status === 200) return r.status;
      expect([503, 409], r.text).toContain(r.status);
      if (r.status === 409) expect(r.body.code).toBe("idempotency.in_progress");
      await sleep(250);
    }
    throw new Error(`case ${c.id} never accepted`);
  }

  it("answers 503 with Retry-After while the database is unreachable, and recovers by itself", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const entries = await countRows(s, "audit_entries", "where case_id = $1", [c.id]);
    await proxy.cut();

    const health = await request(s.app).get("/health");
    expectProblem(health, 503, "service.unavailable");
    expect(health.headers["retry-after"]).toBe("5");
    const key = randomUUID();
    const during = await accept(c, key);
    expectProblem(during, 503, "service.unavailable");
    expect(during.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|pg-pool|at .*\.js/);

    // Nothing reached the database (checked over the direct connection).
    expect(await countRows(s, "audit_entries", "where case_id = $1", [c.id])).toBe(entries);

    await proxy.restore();
    expect((await request(s.app).get("/health")).status).toBe(200);
    // The clerk's retry with the same key applies once.
    expect(await retryUntilApplied(c, key)).toBe(200);
    const again = await accept(c, key);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(await countRows(s, "audit_entries", "where case_id = $1", [c.id])).toBe(entries + 1);
  });

  it("survives a reset under a transaction that holds its connection: the statement fails, the client is discarded", async () => {
    // Between two statements of a transaction the connection is checked out of the pool, where
    // node-postgres has no error listener: an RST there used to be an uncaught 'error' event.
    const failed = await appDb
      .tx(async (q) => {
        await q.query("select 1");
        await proxy.reset();
        await sleep(100);
        await q.query("select 2");
      })
      .then(() => undefined, (e: unknown) => e);
    expect(isDatabaseUnavailable(failed), String(failed)).toBe(true);
    await proxy.restore();
    // A fresh connection serves the next transaction.
    expect(await appDb.tx(async (q) => (await q.query<{ n: number }>("select 3 as n")).rows[0]!.n)).toBe(3);
  });

  it("answers every request 200 or 503 when the link resets under a burst of actions, and each retry applies once", async () => {
    const cases = [];
    for (let i = 0; i < 12; i++) cases.push(await openCase(s, as("tiepnhan")));
    const keys = cases.map(() => randomUUID());
    const burst = Promise.all(cases.map((c, i) => accept(c, keys[i]!)));
    await sleep(15);
    await proxy.reset(400);
    const answers = await burst;
    for (const r of answers) {
      expect([200, 503], r.text).toContain(r.status);
      if (r.status === 503) {
        expectProblem(r, 503, "service.unavailable");
        expect(r.headers["retry-after"]).toBe("5");
      }
    }
    await sleep(450);
    for (const [i, c] of cases.entries()) expect(await retryUntilApplied(c, keys[i]!)).toBe(200);
    for (const c of cases) expect(await countRows(s, "audit_entries", "where case_id = $1", [c.id])).toBe(2);
  });

  it("answers 503 within its timeouts while the link stalls, instead of hanging until it returns", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const key = randomUUID();
    await proxy.stall();
    try {
      const during = await accept(c, key);
      expectProblem(during, 503, "service.unavailable");
      expect(during.headers["retry-after"]).toBe("5");
      expectProblem(await request(s.app).get("/health"), 503, "service.unavailable");
    } finally {
      proxy.resume();
    }
    expect(await retryUntilApplied(c, key)).toBe(200);
    expect(await countRows(s, "audit_entries", "where case_id = $1", [c.id])).toBe(2);
  });

  it("lets PostgreSQL end a transaction whose client stalled, so its row locks do not block other processes", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const stalled = appDb.tx(async (q) => {
      await q.query("update cases set assignee = 'o-hotich' where id = $1", [c.id]);
      await proxy.stall();
      await q.query("select 1");
    }).then(() => undefined, (e: unknown) => e);
    // Another process, on a healthy link, updates the same row: it waits for the stalled
    // transaction's lock only until idle_in_transaction_session_timeout ends that session.
    try {
      await sleep(100);
      const updated = await s.db.query("update cases set assignee = null where id = $1", [c.id]);
      expect(updated.rowCount).toBe(1);
      // Still stalled: the lock was released by PostgreSQL's timeout, not by the link coming back.
      expect(isDatabaseUnavailable(await stalled)).toBe(true);
    } finally {
      proxy.resume();
    }
    const row = await s.db.query<{ assignee: string | null }>("select assignee from cases where id = $1", [c.id]);
    expect(row.rows[0]!.assignee).toBeNull();
  });
});
