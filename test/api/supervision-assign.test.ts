// Queues over HTTP: claim and release, a supervisor's assignment, and taking over every open
// case of an official who left, with the history naming the old and the new holder.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, expectProblem, loginAll, openCase } from "../support/http.js";
import { history, step } from "../support/supervision.js";
import { verifyChain } from "../../engine/audit/entry.js";

describe.each(KINDS)("claiming and reassignment on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "truongbophan", "tiepnhan.hk", "quantri"]);
  });
  afterAll(() => s?.close());

  const post = (user: string, path: string, body: Record<string, unknown> = {}) => request(s.app).post(path).set(as(user)).send(body);

  it("an official claims from the unit + role queue; others see who holds it; the holder releases it", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const claimed = await post("tiepnhan", `/cases/${c.id}/claim`);
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body.case).toMatchObject({ assignee: "o-tiepnhan", assigneeRole: "reception", version: 2 });
    expect(claimed.body.entry).toMatchObject({ action: "system:claim", input: { queue: "reception", previousAssignee: null, assignee: "o-tiepnhan" } });
    // A retry changes nothing (no second entry).
    const again = await post("tiepnhan", `/cases/${c.id}/claim`);
    expect(again.body).toMatchObject({ entry: null, case: { version: 2 } });

    expectProblem(await post("truongbophan", `/cases/${c.id}/claim`), 409, "assignment.already_claimed");
    expectProblem(await post("hotich", `/cases/${c.id}/claim`), 403, "actor.role_not_permitted");
    expectProblem(await post("tiepnhan.hk", `/cases/${c.id}/claim`), 403, "actor.unit_not_permitted");
    expectProblem(await post("truongbophan", `/cases/${c.id}/claim`, { expectedVersion: 1 }), 409, "case.version_conflict");

    const queue = await request(s.app).get("/queue?role=reception").set(as("truongbophan"));
    expect(queue.status, queue.text).toBe(200);
    expect(queue.body.items.find((i: { id: string }) => i.id === c.id)).toMatchObject({ queue: "reception", holder: "o-tiepnhan", deadline: "due-soon" });
    expect(queue.body.holders).toEqual(expect.arrayContaining([{ queue: "reception", holder: "o-tiepnhan", count: 1 }]));
    expectProblem(await request(s.app).get("/queue?unit=01-hoan-kiem").set(as("truongbophan")), 403, "auth.forbidden");

    expectProblem(await post("hotich", `/cases/${c.id}/release`), 403, "assignment.not_holder");
    const released = await post("tiepnhan", `/cases/${c.id}/release`);
    expect(released.body.case.assignee).toBeNull();
    // Moving to another role's queue ends the hold: the civil-status officer can claim it.
    await post("tiepnhan", `/cases/${c.id}/claim`);
    await step(s, as("tiepnhan"), c.id, "accept");
    const taken = await post("hotich", `/cases/${c.id}/claim`);
    expect(taken.status, taken.text).toBe(200);
    expect(taken.body.entry.input).toMatchObject({ queue: "civil-status", previousAssignee: null, assignee: "o-hotich" });
  });

  it("a supervisor assigns one case; the target must be able to hold it", async () => {
    const c = await openCase(s, as("tiepnhan"));
    expectProblem(await post("tiepnhan", `/cases/${c.id}/assign`, { officialId: "o-truongbophan" }), 403, "actor.role_not_permitted");
    expectProblem(await post("truongbophan", `/cases/${c.id}/assign`, { officialId: "o-hotich" }), 422, "assignment.target_invalid");
    expectProblem(await post("truongbophan", `/cases/${c.id}/assign`, { officialId: "o-tiepnhan-hk" }), 422, "assignment.target_invalid");
    expectProblem(await post("truongbophan", `/cases/${c.id}/assign`, { officialId: "o-nobody" }), 404, "official.not_found");
    expectProblem(await post("truongbophan", `/cases/${c.id}/assign`, { officialId: 7 }), 400, "request.invalid");
    const r = await post("truongbophan", `/cases/${c.id}/assign`, { officialId: "o-tiepnhan" });
    expect(r.status, r.text).toBe(200);
    expect(r.body.entry).toMatchObject({ action: "system:reassign", actor: { id: "o-truongbophan", role: "supervisor" }, input: { previousAssignee: null, assignee: "o-tiepnhan" } });
    const back = await post("truongbophan", `/cases/${c.id}/assign`, { officialId: null });
    expect(back.body.case.assignee).toBeNull();
  });

  it("moves every open case of an official who left to a successor, or back to the queue it sits in", async () => {
    // The reception officer holds three open cases and one closed one; one case has moved on to verification.
    const held = [await openCase(s, as("tiepnhan")), await openCase(s, as("tiepnhan"))];
    for (const c of held) await post("tiepnhan", `/cases/${c.id}/claim`);
    const movedOn = await openCase(s, as("tiepnhan"));
    await post("tiepnhan", `/cases/${movedOn.id}/claim`);
    const accepted = await step(s, as("tiepnhan"), movedOn.id, "accept");
    expect(accepted.assignee).toBeNull();
    const closed = await openCase(s, as("tiepnhan"));
    await post("tiepnhan", `/cases/${closed.id}/claim`);
    await step(s, as("tiepnhan"), closed.id, "withdraw", {});
    await s.db.query("update officials set active = false where id = 'o-tiepnhan'");

    expectProblem(await post("hotich", "/officials/o-tiepnhan/reassign-open-cases", { to: "o-truongbophan" }), 403, "auth.forbidden");
    expectProblem(await post("truongbophan", "/officials/o-tiepnhan/reassign-open-cases", { to: "o-tiepnhan-hk" }), 422, "assignment.target_invalid");
    expectProblem(await post("truongbophan", "/officials/o-ghost/reassign-open-cases", {}), 404, "official.not_found");

    const r = await post("truongbophan", "/officials/o-tiepnhan/reassign-open-cases", { to: "o-truongbophan", reason: "công chức nghỉ việc" });
    expect(r.status, r.text).toBe(200);
    const byId = new Map((r.body.moved as Array<{ id: string; assignee: string | null }>).map((m) => [m.id, m.assignee]));
    for (const c of held) expect(byId.get(c.id)).toBe("o-truongbophan");
    // The claim lapsed when the case moved on to the civil-status queue: nothing to move.
    expect(byId.has(movedOn.id)).toBe(false);
    expect(byId.has(closed.id)).toBe(false);
    expect(r.body.failed).toEqual([]);

    const entries = await history(s, as("truongbophan"), held[0]!.id);
    expect(entries.at(-1)).toMatchObject({
      action: "system:reassign", actor: { id: "o-truongbophan", role: "supervisor" },
      input: { previousAssignee: "o-tiepnhan", assignee: "o-truongbophan", reason: "công chức nghỉ việc" },
    });
    expect(verifyChain(held[0]!.id, entries)).toEqual([]);
    const open = await s.db.query("select id from cases where assignee = 'o-tiepnhan' and closed_at is null");
    expect(open.rowCount).toBe(0);
    // Nothing left: a repeat is a no-op. The successor works the cases.
    expect((await post("truongbophan", "/officials/o-tiepnhan/reassign-open-cases", { to: "o-truongbophan" })).body.moved).toEqual([]);
    await step(s, as("truongbophan"), held[0]!.id, "accept");
    await s.db.query("update officials set active = true where id = 'o-tiepnhan'");
  });
});
