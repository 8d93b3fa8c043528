// Who may act: a refusal for role or jurisdiction leaves the case exactly as it was.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { act, countRows, expectProblem, intakeBody, loginAll, openCase, snapshot } from "../support/http.js";

describe("role and jurisdiction", () => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  beforeAll(async () => {
    s = await startTestServer();
    as = await loginAll(s, ["tiepnhan", "hotich", "chutich", "tiepnhan.hk", "kiemtra", "quantri"]);
  });
  afterAll(() => s?.close());

  it("refuses an action to an official without the role, and changes nothing", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const before = await snapshot(s, as("tiepnhan"), c.id);
    // accept belongs to reception; the civil-status officer and the signer may not take it.
    for (const user of ["hotich", "chutich"]) {
      expectProblem(await act(s, as(user), c.id, { action: "accept", expectedVersion: c.version }), 403, "actor.role_not_permitted");
    }
    expect(await snapshot(s, as("tiepnhan"), c.id)).toEqual(before);
    // Control: the reception officer may, with the same request.
    expect((await act(s, as("tiepnhan"), c.id, { action: "accept", expectedVersion: c.version })).status).toBe(200);
    expect((await snapshot(s, as("tiepnhan"), c.id)).entries).toBe(before.entries + 1);
  });

  it("refuses an official of another commune of the same province, and changes nothing", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const before = await snapshot(s, as("tiepnhan"), c.id);
    // tiepnhan.hk holds the right role (reception) but in 01-hoan-kiem.
    expectProblem(await act(s, as("tiepnhan.hk"), c.id, { action: "accept", expectedVersion: c.version }), 403, "actor.unit_not_permitted");
    expectProblem(await act(s, as("tiepnhan.hk"), c.id, { action: "withdraw", expectedVersion: c.version, data: { reason: "không rõ" } }), 403, "actor.unit_not_permitted");
    expect(await snapshot(s, as("tiepnhan"), c.id)).toEqual(before);
    // The other commune cannot even read the case.
    expectProblem(await request(s.app).get(`/cases/${c.id}`).set(as("tiepnhan.hk")), 404, "case.not_found");
    expectProblem(await request(s.app).get(`/cases/${c.id}/history`).set(as("tiepnhan.hk")), 404, "case.not_found");
  });

  it("refuses a province-level auditor who may read but not act", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const before = await snapshot(s, as("kiemtra"), c.id);
    // The province sees every commune's cases, but jurisdiction to act stays with the commune.
    expectProblem(await act(s, as("kiemtra"), c.id, { action: "accept", expectedVersion: c.version }), 403, "actor.unit_not_permitted");
    expect(await snapshot(s, as("kiemtra"), c.id)).toEqual(before);
  });

  it("refuses intake by an official whose role may not receive dossiers, and creates no case", async () => {
    const n = await countRows(s, "cases");
    expectProblem(await request(s.app).post("/cases").set(as("hotich")).send(intakeBody()), 403, "actor.role_not_permitted");
    expectProblem(await request(s.app).post("/cases").set(as("quantri")).send(intakeBody()), 403, "actor.role_not_permitted");
    expect(await countRows(s, "cases")).toBe(n);
  });

  it("refuses intake for another commune's unit, and creates no case", async () => {
    const n = await countRows(s, "cases");
    const entries = await countRows(s, "audit_entries");
    expectProblem(await request(s.app).post("/cases").set(as("tiepnhan.hk")).send(intakeBody({ unit: "01-ba-dinh" })), 403, "actor.unit_not_permitted");
    expect(await countRows(s, "cases")).toBe(n);
    expect(await countRows(s, "audit_entries")).toBe(entries);
    // Control: the same official opens a case in their own commune.
    const own = await openCase(s, as("tiepnhan.hk"));
    expect(await countRows(s, "cases")).toBe(n + 1);
    expect((await request(s.app).get(`/cases/${own.id}`).set(as("tiepnhan.hk"))).body.case.unit).toBe("01-hoan-kiem");
  });

  it("answers 404 for a case that does not exist, to reading and to acting", async () => {
    expectProblem(await request(s.app).get("/cases/no-such-case").set(as("tiepnhan")), 404, "case.not_found");
    expectProblem(await act(s, as("tiepnhan"), "no-such-case", { action: "accept", expectedVersion: 1 }), 404, "case.not_found");
  });
});
