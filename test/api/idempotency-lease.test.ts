// An Idempotency-Key claim is a lease its process renews while the request runs. Another process
// (here a second IdempotencyClaims on the same database, as a second server would hold) stands in
// for the one that claimed first: when it dies the key is free again within its lease, when it is
// merely slow it keeps the key, and when it lost the key while cut off it cannot complete it.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { randomUUID } from "node:crypto";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, countRows, expectProblem, intakeBody, loginAll } from "../support/http.js";
import { IdempotencyClaims, requestHash } from "../../server/cases/idempotency.js";
import { MotcuaError } from "../../engine/errors.js";

const LEASE_MS = 1_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(KINDS)("Idempotency-Key leases on %s", (kind) => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  beforeAll(async () => {
    s = await startTestServer({ kind, wire: { idempotencyLeaseMs: LEASE_MS } });
    as = await loginAll(s, ["tiepnhan"]);
  });
  afterAll(() => s?.close());

  const body = intakeBody();
  const post = (key: string) => request(s.app).post("/cases").set(as("tiepnhan")).set("Idempotency-Key", key).send(body);
  /** The key as the other process claims it: same official, same request. */
  const claimElsewhere = (other: IdempotencyClaims, key: string) => other.claim("o-tiepnhan", key, requestHash("POST", "/cases", body), s.now);

  it("lets another request take over the claim of a process that died, once its lease has run out", async () => {
    const other = new IdempotencyClaims(s.db, { leaseMs: LEASE_MS });
    const key = randomUUID();
    expect((await claimElsewhere(other, key)).kind).toBe("claimed");
    other.stop(); // SIGKILL: no heartbeat, no release
    const busy = expectProblem(await post(key), 409, "idempotency.in_progress");
    expect(busy.retryAfterSeconds).toBe(1);
    const n = await countRows(s, "cases");
    const started = Date.now();
    let r = await post(key);
    while (r.status === 409 && Date.now() - started < 10 * LEASE_MS) {
      await sleep(100);
      r = await post(key);
    }
    expect(r.status, r.text).toBe(201);
    expect(await countRows(s, "cases")).toBe(n + 1);
    // The replay of what the taker stored, as for any completed key.
    expect((await post(key)).text).toBe(r.text);
  });

  it("never takes over a live request, however long it runs", async () => {
    const other = new IdempotencyClaims(s.db, { leaseMs: LEASE_MS });
    const key = randomUUID();
    const claimed = await claimElsewhere(other, key);
    if (claimed.kind !== "claimed") throw new Error("not claimed");
    try {
      // Three leases long, its heartbeat renewing: every retry meanwhile is told to wait.
      for (const until = Date.now() + 3 * LEASE_MS; Date.now() < until; await sleep(250)) {
        expectProblem(await post(key), 409, "idempotency.in_progress");
      }
      const n = await countRows(s, "cases");
      const principal = await s.auth.verify(as("tiepnhan").authorization.slice(7));
      const first = await s.cases.open(principal, body, claimed.claim);
      other.done(claimed.claim);
      const replay = await post(key);
      expect(replay.status).toBe(201);
      expect(replay.headers["idempotent-replayed"]).toBe("true");
      expect(replay.body.case.id).toBe((first.body as { case: { id: string } }).case.id);
      expect(await countRows(s, "cases")).toBe(n + 1);
    } finally {
      other.stop();
    }
  });

  it("refuses to complete a claim that lapsed and was taken over: the step rolls back, nothing is duplicated", async () => {
    const other = new IdempotencyClaims(s.db, { leaseMs: 200 });
    const key = randomUUID();
    const claimed = await claimElsewhere(other, key);
    if (claimed.kind !== "claimed") throw new Error("not claimed");
    other.stop(); // cut off from the database: its heartbeat no longer lands
    await sleep(400);
    const n = await countRows(s, "cases");
    const taken = await post(key);
    expect(taken.status, taken.text).toBe(201);
    // The cut-off process comes back and finishes its request: refused at commit, nothing written.
    const principal = await s.auth.verify(as("tiepnhan").authorization.slice(7));
    const late = await s.cases.open(principal, body, claimed.claim).then(() => undefined, (e: unknown) => e);
    expect(late).toBeInstanceOf(MotcuaError);
    expect((late as MotcuaError).code).toBe("idempotency.in_progress");
    expect(await countRows(s, "cases")).toBe(n + 1);
    expect((await post(key)).text).toBe(taken.text);
  });
});
