// Idempotency-Key: a retried request (lost answer on a commune's unstable link) is answered from
// the stored first response, byte for byte, and applied once.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { randomUUID } from "node:crypto";
import { startTestServer, type TestServer } from "../support/server.js";
import { countRows, expectProblem, intakeBody, loginAll, openCase, snapshot } from "../support/http.js";
import { KEY_TTL_HOURS } from "../../server/cases/idempotency.js";

describe("Idempotency-Key", () => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  beforeAll(async () => {
    s = await startTestServer();
    as = await loginAll(s, ["tiepnhan", "hotich", "truongbophan", "tiepnhan.hk"]);
  });
  afterAll(() => s?.close());

  const post = (user: string, path: string, key: string, body: unknown) => request(s.app).post(path).set(as(user)).set("Idempotency-Key", key).send(body as object);

  it("replays the first response of an action byte for byte and applies it once", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const key = randomUUID();
    const body = { action: "accept", expectedVersion: c.version };
    const first = await post("tiepnhan", `/cases/${c.id}/actions`, key, body);
    expect(first.status).toBe(200);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    // Time passes and the case moves on between the two tries: the replay still answers the first.
    s.now = "2026-03-02T03:00:00.000Z";
    const second = await post("tiepnhan", `/cases/${c.id}/actions`, key, body);
    expect(second.status).toBe(first.status);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.headers["content-type"]).toBe(first.headers["content-type"]);
    expect(second.text).toBe(first.text);
    const after = await snapshot(s, as("tiepnhan"), c.id);
    expect(after.entries).toBe(2); // intake + one accept
    expect(after.version).toBe(c.version + 1);
  });

  it("refuses the same key with another body (422) and changes nothing", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const key = randomUUID();
    expect((await post("tiepnhan", `/cases/${c.id}/actions`, key, { action: "accept", expectedVersion: c.version })).status).toBe(200);
    const before = await snapshot(s, as("tiepnhan"), c.id);
    const other = await post("tiepnhan", `/cases/${c.id}/actions`, key, { action: "withdraw", expectedVersion: before.version, data: { reason: "rút" } });
    expectProblem(other, 422, "idempotency.key_reused");
    expect(await snapshot(s, as("tiepnhan"), c.id)).toEqual(before);
    // The same key on another case's URL is another request too.
    const c2 = await openCase(s, as("tiepnhan"));
    expectProblem(await post("tiepnhan", `/cases/${c2.id}/actions`, key, { action: "accept", expectedVersion: c2.version }), 422, "idempotency.key_reused");
    expect((await snapshot(s, as("tiepnhan"), c2.id)).version).toBe(c2.version);
  });

  it("stores nothing for a refused request, so the corrected retry with the same key succeeds", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const elsewhere = await openCase(s, as("tiepnhan.hk"));
    const key = randomUUID();
    // The clerk first picks a case of the neighbouring commune by mistake (403)...
    expectProblem(await post("tiepnhan", `/cases/${elsewhere.id}/actions`, key, { action: "accept", expectedVersion: elsewhere.version }), 403, "actor.unit_not_permitted");
    expect(await countRows(s, "idempotency_keys", "where key = $1", [key])).toBe(0);
    // ...then corrects it, same key: had the refusal been stored this would be 422 key_reused.
    const ok = await post("tiepnhan", `/cases/${c.id}/actions`, key, { action: "accept", expectedVersion: c.version });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.headers["idempotent-replayed"]).toBeUndefined();
    expect(await countRows(s, "idempotency_keys", "where key = $1 and status = 200", [key])).toBe(1);
  });

  it("stores nothing for a refused intake either (403 for another commune's unit)", async () => {
    const n = await countRows(s, "cases");
    const key = randomUUID();
    expectProblem(await post("tiepnhan", "/cases", key, intakeBody({ unit: "01-hoan-kiem" })), 403, "actor.unit_not_permitted");
    const ok = await post("tiepnhan", "/cases", key, intakeBody());
    expect(ok.status, ok.text).toBe(201);
    expect(await countRows(s, "cases")).toBe(n + 1);
  });

  it("stores nothing for a validation refusal or a version conflict either", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const key = randomUUID();
    expectProblem(await post("tiepnhan", `/cases/${c.id}/actions`, key, { action: "request-supplement", expectedVersion: c.version, data: {} }), 400, "data.invalid");
    // Same key, corrected body: not a reuse, because nothing was stored.
    const conflict = await post("tiepnhan", `/cases/${c.id}/actions`, key, { action: "request-supplement", expectedVersion: c.version + 1, data: { missing: "Giấy chứng sinh" } });
    expectProblem(conflict, 409, "case.version_conflict");
    const ok = await post("tiepnhan", `/cases/${c.id}/actions`, key, { action: "request-supplement", expectedVersion: c.version, data: { missing: "Giấy chứng sinh" } });
    expect(ok.status, ok.text).toBe(200);
    expect((await snapshot(s, as("tiepnhan"), c.id)).state).toBe("awaiting-supplement");
  });

  it("creates one case for an intake sent twice with the same key", async () => {
    const n = await countRows(s, "cases");
    const key = randomUUID();
    const body = intakeBody();
    const first = await post("tiepnhan", "/cases", key, body);
    expect(first.status).toBe(201);
    const second = await post("tiepnhan", "/cases", key, body);
    expect(second.status).toBe(201);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.text).toBe(first.text);
    expect(await countRows(s, "cases")).toBe(n + 1);
    // Without a key, the same intake is a second dossier (the key is what makes retries safe).
    const third = await request(s.app).post("/cases").set(as("tiepnhan")).send(body);
    expect(third.status).toBe(201);
    expect(third.body.case.id).not.toBe(first.body.case.id);
    expect(await countRows(s, "cases")).toBe(n + 2);
  });

  it("keeps keys apart per official", async () => {
    const key = randomUUID();
    const a = await post("tiepnhan", "/cases", key, intakeBody());
    const b = await post("truongbophan", "/cases", key, intakeBody());
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers["idempotent-replayed"]).toBeUndefined();
    expect(b.body.case.id).not.toBe(a.body.case.id);
  });

  it("answers 409 while the first request with the key is still running", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const key = randomUUID();
    const body = { action: "accept", expectedVersion: c.version };
    const first = await post("tiepnhan", `/cases/${c.id}/actions`, key, body);
    expect(first.status).toBe(200);
    // Simulate the in-flight state: the claim exists but no response is stored yet.
    await s.db.query("update idempotency_keys set status = null, response = null where key = $1", [key]);
    expectProblem(await post("tiepnhan", `/cases/${c.id}/actions`, key, body), 409, "idempotency.in_progress");
  });

  it(`forgets a key after ${KEY_TTL_HOURS} hours`, async () => {
    const key = randomUUID();
    const first = await post("tiepnhan", "/cases", key, intakeBody());
    expect(first.status).toBe(201);
    s.now = new Date(Date.parse(s.now) + (KEY_TTL_HOURS - 1) * 3600_000).toISOString();
    expect((await post("tiepnhan", "/cases", key, intakeBody())).headers["idempotent-replayed"]).toBe("true");
    s.now = new Date(Date.parse(s.now) + 2 * 3600_000).toISOString();
    const late = await post("tiepnhan", "/cases", key, intakeBody());
    expect(late.status).toBe(201);
    expect(late.headers["idempotent-replayed"]).toBeUndefined();
    expect(late.body.case.id).not.toBe(first.body.case.id);
  });

  it("refuses an empty or oversized key", async () => {
    expectProblem(await post("tiepnhan", "/cases", "x".repeat(256), intakeBody()), 400, "request.invalid");
  });
});
