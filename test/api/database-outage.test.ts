// The link to the PostgreSQL server goes down while officials work: requests get 503 with
// Retry-After (not 500, no internals), nothing is half-written, and once the link is back the
// server answers again without a restart and the retried action applies once.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { randomUUID } from "node:crypto";
import { openDatabase } from "../../server/db/connect.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { countRows, expectProblem, loginAll, openCase } from "../support/http.js";

describe.skipIf(!process.env.TEST_DATABASE_URL)("database outage", () => {
  let s: TestServer;
  let proxy: TcpProxy;
  let as: Awaited<ReturnType<typeof loginAll>>;

  beforeAll(async () => {
    const target = new URL(process.env.TEST_DATABASE_URL!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    s = await startTestServer({
      kind: "postgres",
      appDatabase: (url) => {
        const through = new URL(url);
        through.hostname = "127.0.0.1";
        through.port = String(proxy.port);
        return openDatabase({ url: through.toString() });
      },
    });
    as = await loginAll(s, ["tiepnhan"]);
  });
  afterAll(async () => {
    await proxy?.restore();
    await s?.close();
    await proxy?.close();
  });

  it("answers 503 with Retry-After while the database is unreachable, and recovers by itself", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const entries = await countRows(s, "audit_entries", "where case_id = $1", [c.id]);
    await proxy.cut();

    const health = await request(s.app).get("/health");
    expectProblem(health, 503, "service.unavailable");
    expect(health.headers["retry-after"]).toBe("5");
    const key = randomUUID();
    const accept = () => request(s.app).post(`/cases/${c.id}/actions`).set(as("tiepnhan")).set("Idempotency-Key", key).send({ action: "accept", expectedVersion: c.version });
    const during = await accept();
    expectProblem(during, 503, "service.unavailable");
    expect(during.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|pg-pool|at .*\.js/);

    // Nothing reached the database (checked over the direct connection).
    expect(await countRows(s, "audit_entries", "where case_id = $1", [c.id])).toBe(entries);

    await proxy.restore();
    expect((await request(s.app).get("/health")).status).toBe(200);
    // The clerk's retry with the same key applies once.
    const after = await accept();
    expect(after.status, after.text).toBe(200);
    const again = await accept();
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(await countRows(s, "audit_entries", "where case_id = $1", [c.id])).toBe(entries + 1);
  });
});
