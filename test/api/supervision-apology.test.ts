// Apology notices over HTTP: who may record one, the refusals with their codes, the case
// carrying both deadlines, and the history entry.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, expectProblem, loginAll, openCase } from "../support/http.js";
import { history, step } from "../support/supervision.js";
import { verifyChain } from "../../engine/audit/entry.js";

const REASON = "Chờ kết quả xác minh từ Cơ sở dữ liệu quốc gia về dân cư";

describe.each(KINDS)("apology notice on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "truongbophan", "tiepnhan.hk", "kiemtra"]);
  });
  afterAll(() => s?.close());

  const apology = (user: string, id: string, body: Record<string, unknown>) => request(s.app).post(`/cases/${id}/apology`).set(as(user)).send(body);

  it("is recorded by the role owning the state, moves the appointment and keeps the missed deadline", async () => {
    s.now = "2026-03-02T02:00:00.000Z"; // Mon 09:00: due Mon 17:00
    const c = await openCase(s, as("tiepnhan"));
    await step(s, as("tiepnhan"), c.id, "accept");
    s.now = "2026-03-02T08:30:00.000Z";
    expectProblem(await apology("tiepnhan", c.id, { reason: REASON, newAppointment: "2026-03-04" }), 403, "actor.role_not_permitted");
    expectProblem(await apology("tiepnhan.hk", c.id, { reason: REASON, newAppointment: "2026-03-04" }), 403, "actor.unit_not_permitted");
    expectProblem(await apology("hotich", c.id, { reason: REASON, newAppointment: "2026-03-07" }), 422, "deadline.extension_not_working_day");
    expectProblem(await apology("hotich", c.id, { reason: REASON, newAppointment: "2026-03-02" }), 422, "deadline.extension_not_later");
    expectProblem(await apology("hotich", c.id, { reason: REASON, newAppointment: "4/3/2026" }), 400, "data.invalid");
    expectProblem(await apology("hotich", c.id, { reason: "trễ", newAppointment: "2026-03-04" }), 400, "data.invalid");
    expectProblem(await apology("hotich", c.id, { reason: REASON, newAppointment: "2026-03-04", expectedVersion: 1 }), 409, "case.version_conflict");
    expectProblem(await apology("hotich", "no-such-case", { reason: REASON, newAppointment: "2026-03-04" }), 404, "case.not_found");

    const r = await apology("hotich", c.id, { reason: REASON, newAppointment: "2026-03-04", expectedVersion: 2 });
    expect(r.status, r.text).toBe(200);
    expect(r.body.case).toMatchObject({
      dueAt: "2026-03-04T10:00:00.000Z", originalDueAt: "2026-03-02T10:00:00.000Z",
      apology: { reason: REASON, newDueAt: "2026-03-04T10:00:00.000Z", statutoryDueAt: "2026-03-02T10:00:00.000Z", by: "o-hotich", count: 1 },
    });
    // A retry is refused, not applied twice.
    expectProblem(await apology("hotich", c.id, { reason: REASON, newAppointment: "2026-03-04" }), 422, "deadline.extension_not_later");

    const view = await request(s.app).get(`/cases/${c.id}`).set(as("hotich"));
    expect(view.body.case).toMatchObject({ dueAt: "2026-03-04T10:00:00.000Z", apology: { statutoryDueAt: "2026-03-02T10:00:00.000Z" } });
    // Given at 15:30 ahead of the 17:00 deadline: not late (yet); closing after 17:00 would make it late.
    expect(view.body.case.late).toBeUndefined();
    const entries = await history(s, as("kiemtra"), c.id);
    expect(entries.map((e) => e.action)).toEqual(["intake", "accept", "system:apology"]);
    expect(entries[2]).toMatchObject({ actor: { id: "o-hotich", role: "civil-status" }, dueAt: "2026-03-04T10:00:00.000Z", input: { newAppointment: "2026-03-04", previousDueAt: "2026-03-02T10:00:00.000Z" } });
    expect(verifyChain(c.id, entries)).toEqual([]);
  });

  it("a supervisor may record one in any state; none while waiting on the citizen", async () => {
    s.now = "2026-03-03T02:00:00.000Z";
    const c = await openCase(s, as("tiepnhan"));
    const r = await apology("truongbophan", c.id, { reason: REASON, newAppointment: "2026-03-05" });
    expect(r.status, r.text).toBe(200);
    expect(r.body.entry.actor).toMatchObject({ id: "o-truongbophan", role: "reception" });
    await step(s, as("tiepnhan"), c.id, "request-supplement", { missing: "giấy chứng sinh bản gốc" });
    expectProblem(await apology("truongbophan", c.id, { reason: REASON, newAppointment: "2026-03-06" }), 409, "deadline.clock_paused");
    await step(s, as("tiepnhan"), c.id, "withdraw", {});
    expectProblem(await apology("truongbophan", c.id, { reason: REASON, newAppointment: "2026-03-06" }), 409, "case.closed");
  });
});
