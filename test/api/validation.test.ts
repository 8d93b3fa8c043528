// Bad data is refused with JSON pointers to the offending fields and leaves no trace; a stale
// expectedVersion loses cleanly with the version the client should re-read.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { birthDeclaration, startTestServer, type TestServer } from "../support/server.js";
import { act, countRows, expectProblem, intakeBody, loginAll, openCase, pointersOf, snapshot } from "../support/http.js";

describe("form and action data", () => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  beforeAll(async () => {
    s = await startTestServer();
    as = await loginAll(s, ["tiepnhan", "hotich"]);
  });
  afterAll(() => s?.close());

  it("refuses an intake whose form is invalid, naming each field, and creates no case", async () => {
    const before = { cases: await countRows(s, "cases"), entries: await countRows(s, "audit_entries") };
    const data = birthDeclaration() as { mother: Record<string, unknown>; child: Record<string, unknown> };
    data.mother.personalId = "00119501234"; // 11 digits: a personal id has 12
    delete data.child.fullName;
    const r = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody({ data }));
    const body = expectProblem(r, 400, "data.invalid");
    expect(pointersOf(body).sort()).toEqual(["/data/child/fullName", "/data/mother/personalId"]);
    const rules = Object.fromEntries((body.errors as Array<{ pointer: string; rule: string }>).map((e) => [e.pointer, e.rule]));
    expect(rules).toEqual({ "/data/child/fullName": "required", "/data/mother/personalId": "pattern" });
    expect(await countRows(s, "cases")).toBe(before.cases);
    expect(await countRows(s, "audit_entries")).toBe(before.entries);
  });

  it("refuses an intake with malformed documents and with no data at all", async () => {
    const n = await countRows(s, "cases");
    const docs = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody({ documents: [{ id: "birth-certificate", name: "x.pdf", sha256: "XYZ" }] }));
    expect(pointersOf(expectProblem(docs, 400, "data.invalid"))).toEqual(["/documents/0/sha256"]);
    const empty = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody({ data: undefined }));
    expect(pointersOf(expectProblem(empty, 400, "data.invalid"))).toEqual(expect.arrayContaining(["/data/child", "/data/mother", "/data/declarant", "/data/copies"]));
    expect(await countRows(s, "cases")).toBe(n);
  });

  it("refuses an intake naming no procedure or an unknown one", async () => {
    const none = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody({ procedureId: undefined }));
    expect(pointersOf(expectProblem(none, 400, "request.invalid"))).toEqual(["/procedureId"]);
    expectProblem(await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody({ procedureId: "civil-status.no-such" })), 404, "procedure.not_found");
    const channel = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody({ channel: "fax" }));
    expect(pointersOf(expectProblem(channel, 400, "request.invalid"))).toEqual(["/channel"]);
  });

  it("refuses an action whose data misses a required member, and changes nothing", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const accepted = await act(s, as("tiepnhan"), c.id, { action: "accept", expectedVersion: c.version });
    expect(accepted.status).toBe(200);
    const before = await snapshot(s, as("hotich"), c.id);
    const r = await act(s, as("hotich"), c.id, { action: "refuse", expectedVersion: before.version, data: {} });
    expect(pointersOf(expectProblem(r, 400, "data.invalid"))).toEqual(["/data/reason"]);
    const short = await act(s, as("hotich"), c.id, { action: "refuse", expectedVersion: before.version, data: { reason: "ngắn" } });
    expect(pointersOf(expectProblem(short, 400, "data.invalid"))).toEqual(["/data/reason"]);
    expect(await snapshot(s, as("hotich"), c.id)).toEqual(before);
    // Control: with a reason the refusal goes through and closes the case.
    const ok = await act(s, as("hotich"), c.id, { action: "refuse", expectedVersion: before.version, data: { reason: "Giấy chứng sinh không hợp lệ" } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.case).toMatchObject({ state: "refused", outcome: "refused" });
  });

  it("refuses data on an action that takes none, and a request naming no action", async () => {
    const c = await openCase(s, as("tiepnhan"));
    expect(pointersOf(expectProblem(await act(s, as("tiepnhan"), c.id, { action: "accept", expectedVersion: c.version, data: { note: "x" } }), 400, "data.invalid"))).toEqual(["/data"]);
    expect(pointersOf(expectProblem(await act(s, as("tiepnhan"), c.id, { expectedVersion: c.version }), 400, "request.invalid"))).toEqual(["/action"]);
    expect(pointersOf(expectProblem(await act(s, as("tiepnhan"), c.id, { action: "accept", expectedVersion: "1" }), 400, "request.invalid"))).toEqual(["/expectedVersion"]);
    expectProblem(await act(s, as("tiepnhan"), c.id, { action: "no-such-action", expectedVersion: c.version }), 422, "action.unknown");
    expectProblem(await act(s, as("tiepnhan"), c.id, { action: "archive", expectedVersion: c.version }), 409, "action.not_available");
    expect((await snapshot(s, as("tiepnhan"), c.id)).version).toBe(c.version);
  });
});

describe("optimistic concurrency", () => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  beforeAll(async () => {
    s = await startTestServer();
    as = await loginAll(s, ["tiepnhan"]);
  });
  afterAll(() => s?.close());

  it("refuses a stale expectedVersion with the current version, and changes nothing", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const moved = await act(s, as("tiepnhan"), c.id, { action: "request-supplement", expectedVersion: c.version, data: { missing: "Giấy chứng sinh bản chính" } });
    expect(moved.status).toBe(200);
    const before = await snapshot(s, as("tiepnhan"), c.id);
    expect(before.version).toBe(c.version + 1);
    // A second clerk, still looking at version 1, tries to withdraw (allowed from both states).
    const stale = await act(s, as("tiepnhan"), c.id, { action: "withdraw", expectedVersion: c.version, data: { reason: "người dân rút" } });
    const body = expectProblem(stale, 409, "case.version_conflict");
    expect(body.currentVersion).toBe(before.version);
    expect(await snapshot(s, as("tiepnhan"), c.id)).toEqual(before);
    // Re-read and retry with the current version: it goes through.
    const retry = await act(s, as("tiepnhan"), c.id, { action: "withdraw", expectedVersion: body.currentVersion, data: { reason: "người dân rút" } });
    expect(retry.status, retry.text).toBe(200);
    expect(retry.body.case.state).toBe("withdrawn");
  });

  it("refuses a future expectedVersion too", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const body = expectProblem(await act(s, as("tiepnhan"), c.id, { action: "accept", expectedVersion: c.version + 5 }), 409, "case.version_conflict");
    expect(body.currentVersion).toBe(c.version);
    expect((await snapshot(s, as("tiepnhan"), c.id)).version).toBe(c.version);
  });
});
