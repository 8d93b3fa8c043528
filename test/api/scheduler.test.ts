// The scheduler on a real database (PGlite, and the PostgreSQL server when TEST_DATABASE_URL is
// set), driven by the fake clock: declared timeouts fire when due and not before, deadline marks
// follow the 15:00 cut-off, weekends, Tết and pauses, and each crossing is announced once.
// Times are UTC; 09:00 local = 02:00Z, 15:00 local = 08:00Z, the 17:00 end of day = 10:00Z.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, loginAll, openCase } from "../support/http.js";
import { copyCertification, history, caseRow, schedulerFor, step } from "../support/supervision.js";
import { verifyChain } from "../../engine/audit/entry.js";
import type { Scheduler } from "../../server/scheduler/scheduler.js";

describe.each(KINDS)("scheduler on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  let sched: Scheduler;
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "truongbophan"]);
    sched = schedulerFor(s);
  });
  afterAll(() => s?.close());

  const notices = async (id: string) =>
    (await s.db.query<{ kind: string }>("select kind from deadline_notices where case_id = $1 order by id", [id])).rows.map((r) => r.kind);

  it("fires a declared timeout at the end of the 30th working day, not a minute before, exactly once", async () => {
    s.now = "2026-03-02T02:00:00.000Z"; // Mon 09:00
    const a = await openCase(s, as("tiepnhan"));
    s.now = "2026-03-02T03:00:00.000Z";
    await step(s, as("tiepnhan"), a.id, "request-supplement", { missing: "giấy chứng sinh bản gốc" });
    s.now = "2026-03-03T03:00:00.000Z"; // a second case waits from Tuesday: due a working day later
    const b = await openCase(s, as("tiepnhan"));
    await step(s, as("tiepnhan"), b.id, "request-supplement", { missing: "giấy chứng sinh bản gốc" });

    s.now = "2026-04-13T09:59:00.000Z"; // Mon 13 Apr 16:59
    expect((await sched.tick()).timeouts.fired).toBe(0);
    s.now = "2026-04-13T10:00:00.000Z"; // 17:00: the 30th working day has ended
    expect((await sched.tick()).timeouts).toEqual({ fired: 1, conflicts: 0, refused: 0 });
    expect((await sched.tick()).timeouts.fired).toBe(0);

    const entries = await history(s, as("tiepnhan"), a.id);
    expect(entries.at(-1)).toMatchObject({ action: "expire", from: "awaiting-supplement", to: "withdrawn", at: "2026-04-13T10:00:00.000Z", actor: { id: "system", role: "system" } });
    expect(verifyChain(a.id, entries)).toEqual([]);
    expect(await caseRow(s, a.id)).toMatchObject({ state: "withdrawn", outcome: "withdrawn" });
    expect(await caseRow(s, b.id)).toMatchObject({ state: "awaiting-supplement" });
    s.now = "2026-04-14T10:00:00.000Z";
    expect((await sched.tick()).timeouts.fired).toBe(1);
    const fired = await s.db.query<{ n: number }>("select count(*)::int as n from audit_entries where action = 'expire'");
    expect(fired.rows[0]!.n).toBe(2);
    expect((await s.db.query("select * from timer_claims")).rowCount).toBe(0);
  });

  it("counts the Tết break out of a 10-working-day timeout", async () => {
    s.now = "2026-02-09T02:00:00.000Z"; // Mon 9 Feb
    const c = await openCase(s, as("tiepnhan"), copyCertification());
    s.now = "2026-02-09T03:00:00.000Z";
    await step(s, as("tiepnhan"), c.id, "request-supplement", { missing: "bản chính văn bằng" });
    s.now = "2026-02-27T10:00:00.000Z"; // Fri 27 Feb 17:00: only 9 working days (10-13, 23-27 Feb)
    await sched.tick();
    expect(await caseRow(s, c.id)).toMatchObject({ state: "awaiting-supplement" });
    s.now = "2026-03-02T10:00:00.000Z"; // Mon 2 Mar 17:00: the 10th
    await sched.tick();
    expect(await caseRow(s, c.id)).toMatchObject({ state: "withdrawn" });
  });

  it("marks due soon and overdue across the cut-off and a weekend, once per crossing", async () => {
    s.now = "2026-03-06T07:00:00.000Z"; // Fri 14:00, before the cut-off: due Fri 17:00
    const early = await openCase(s, as("tiepnhan"));
    s.now = "2026-03-06T08:30:00.000Z"; // Fri 15:30, after the cut-off: due Mon 9 Mar 17:00
    const late = await openCase(s, as("tiepnhan"));
    expect(early.dueAt).toBe("2026-03-06T10:00:00.000Z");
    expect(late.dueAt).toBe("2026-03-09T10:00:00.000Z");

    await sched.tick();
    expect(await notices(early.id)).toEqual(["due-soon"]);
    expect(await notices(late.id)).toEqual(["due-soon"]); // due on the next working day
    s.now = "2026-03-06T10:00:00.000Z"; // exactly 17:00: not yet overdue
    await sched.tick();
    expect(await notices(early.id)).toEqual(["due-soon"]);
    s.now = "2026-03-06T10:01:00.000Z";
    await sched.tick();
    s.now = "2026-03-07T03:00:00.000Z"; // Saturday
    await sched.tick();
    expect(await notices(early.id)).toEqual(["due-soon", "overdue"]);
    expect(await notices(late.id)).toEqual(["due-soon"]);
    expect(await caseRow(s, early.id)).toMatchObject({ deadline_mark: "overdue" });

    s.now = "2026-03-09T10:01:00.000Z"; // Mon 17:01
    await sched.tick();
    expect(await notices(late.id)).toEqual(["due-soon", "overdue"]);
    const inbox = await request(s.app).get("/cases?overdue=true").set(as("tiepnhan"));
    expect(inbox.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([early.id, late.id]));
    const listed = await request(s.app).get("/notices").set(as("truongbophan"));
    expect(listed.body.items.filter((n: { caseId: string }) => n.caseId === early.id).map((n: { kind: string }) => n.kind)).toEqual(["overdue", "due-soon"]);
  });

  it("a pause stops the clock: no overdue mark while waiting, and the due date moves when work resumes", async () => {
    s.now = "2026-03-13T08:30:00.000Z"; // Fri 13 Mar 15:30: due Mon 16 Mar 17:00
    const c = await openCase(s, as("tiepnhan"));
    await sched.tick();
    expect(await notices(c.id)).toEqual(["due-soon"]);
    s.now = "2026-03-13T09:00:00.000Z";
    await step(s, as("tiepnhan"), c.id, "request-supplement", { missing: "giấy chứng sinh bản gốc" });
    s.now = "2026-03-17T03:00:00.000Z"; // Tue: past the old due date, but paused since before it
    await sched.tick();
    expect(await caseRow(s, c.id)).toMatchObject({ deadline_mark: null });
    s.now = "2026-03-18T02:00:00.000Z"; // Wed 09:00: Fri, Mon, Tue were paused -> due Thu 19 Mar 17:00
    const resumed = await step(s, as("tiepnhan"), c.id, "supplement", {});
    expect(resumed.dueAt).toBe("2026-03-19T10:00:00.000Z");
    await sched.tick();
    expect(await notices(c.id)).toEqual(["due-soon", "due-soon"]);
    s.now = "2026-03-19T10:00:01.000Z";
    await sched.tick();
    expect(await notices(c.id)).toEqual(["due-soon", "due-soon", "overdue"]);
  });

  it("an apology notice clears the overdue mark until the new appointment passes", async () => {
    s.now = "2026-03-23T02:00:00.000Z"; // Mon 23 Mar 09:00: due Mon 17:00
    const c = await openCase(s, as("tiepnhan"));
    s.now = "2026-03-23T10:30:00.000Z";
    await sched.tick();
    expect(await caseRow(s, c.id)).toMatchObject({ deadline_mark: "overdue" });
    const r = await request(s.app).post(`/cases/${c.id}/apology`).set(as("tiepnhan")).send({ reason: "Hệ thống CSDL dân cư gián đoạn, chưa xác minh được", newAppointment: "2026-03-26" });
    expect(r.status, r.text).toBe(200);
    await sched.tick(); // Mon evening: Thu 26 Mar is more than a working day away
    expect(await caseRow(s, c.id)).toMatchObject({ deadline_mark: null, late: true });
    s.now = "2026-03-25T02:00:00.000Z";
    await sched.tick();
    s.now = "2026-03-26T10:00:01.000Z";
    await sched.tick();
    expect(await notices(c.id)).toEqual(["overdue", "due-soon", "overdue"]);
  });
});
