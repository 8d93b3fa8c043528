// Apology notices: the responsible role (or a supervisor) records why a case will be late and a
// new appointment; the case keeps the missed deadline, counts as late, and the step is an
// ordinary hash-chained audit entry.
import { describe, it, expect } from "vitest";
import { act, actor, calendar, loadProcedure, open, readJson, staff, OTHER_UNIT } from "../support/engine.js";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { recordApology } from "../../engine/apology.js";
import { compileProcedure } from "../../engine/compile.js";
import { verifyChain } from "../../engine/audit/entry.js";
import type { Actor } from "../../engine/case.js";

const cal = calendar();
const birth = loadProcedure("civil-status.birth-registration");
// The same procedure with a cap: at most 2 working days after the missed deadline.
const capped = compileProcedure({ ...(readJson("procedures/civil-status.birth-registration.json") as object), deadline: { kind: "same-working-day", cutoff: "15:00", maxExtensionDays: 2 } });
const supervisor = actor("do.truong-bo-phan", ["supervisor"]);
const REASON = "Chờ xác minh thông tin với Cơ sở dữ liệu quốc gia về dân cư";

async function inVerification(cp = birth) {
  const w = open(cp, birthDeclaration(), birthDocuments(), "2026-03-06T02:00:00.000Z"); // Fri 6 Mar 09:00, due Fri 17:00
  await act(w, staff.reception, { action: "accept" });
  w.now = "2026-03-06T08:30:00.000Z"; // 15:30: it will not make 17:00
  return w;
}

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? "ok" : r.error!.code);

describe("apology notice", () => {
  it("moves the appointment, keeps the deadline it will miss, and chains the entry", async () => {
    const w = await inVerification();
    const r = recordApology(birth, w.case, { reason: REASON, newAppointment: "2026-03-10" }, staff.civilStatus, { now: w.now, calendar: cal });
    if (!r.ok) throw r.error;
    expect(r.case.dueAt).toBe("2026-03-10T10:00:00.000Z"); // Tue 10 Mar 17:00
    expect(r.case.originalDueAt).toBe("2026-03-06T10:00:00.000Z");
    expect(r.case.apology).toEqual({ reason: REASON, newDueAt: "2026-03-10T10:00:00.000Z", statutoryDueAt: "2026-03-06T10:00:00.000Z", at: w.now, by: staff.civilStatus.id, count: 1 });
    // Given at 15:30 ahead of the 17:00 deadline: nothing is missed yet.
    expect(r.case.late).toBeUndefined();
    expect(r.case.state).toBe("verification");
    expect(r.case.version).toBe(w.case.version + 1);
    expect(r.entry).toMatchObject({
      action: "system:apology", from: "verification", to: "verification", dueAt: "2026-03-10T10:00:00.000Z",
      actor: { id: staff.civilStatus.id, role: "civil-status" },
      input: { reason: REASON, newAppointment: "2026-03-10", previousDueAt: "2026-03-06T10:00:00.000Z" },
    });
    expect(verifyChain(w.case.id, [...w.entries, r.entry])).toEqual([]);
    // The case goes on normally afterwards.
    w.case = r.case;
    w.entries.push(r.entry);
    await act(w, staff.civilStatus, { action: "record", data: { book: "01/2026", entryNumber: "9" } });
    expect(w.case.dueAt).toBe("2026-03-10T10:00:00.000Z");
    expect(w.case.late).toBeUndefined();
  });

  it("is late when given after the deadline passed", async () => {
    const w = await inVerification();
    w.now = "2026-03-09T02:00:00.000Z"; // Mon 9 Mar: Friday 17:00 was missed
    const r = recordApology(birth, w.case, { reason: REASON, newAppointment: "2026-03-10" }, staff.civilStatus, { now: w.now, calendar: cal });
    if (!r.ok) throw r.error;
    expect(r.case.late).toBe(true);
  });

  // The bug: a notice given ahead of the deadline counted the case late even when it was returned in time.
  for (const [closedAt, late] of [["2026-03-06T09:30:00.000Z", undefined], ["2026-03-09T03:00:00.000Z", true]] as const) {
    it(`given ahead of the deadline, a case closed at ${closedAt} is ${late ? "late" : "on time"}`, async () => {
      const w = await inVerification();
      const r = recordApology(birth, w.case, { reason: REASON, newAppointment: "2026-03-10" }, staff.civilStatus, { now: w.now, calendar: cal });
      if (!r.ok) throw r.error;
      w.case = r.case;
      w.entries.push(r.entry);
      w.now = closedAt;
      await act(w, staff.civilStatus, { action: "refuse", data: { reason: "Giấy chứng sinh không hợp lệ" } });
      expect(w.case.closedAt).toBe(closedAt);
      expect(w.case.late).toBe(late);
    });
  }

  it("may be recorded by the role owning the state or a supervisor, within the unit only", async () => {
    const w = await inVerification();
    const req = { reason: REASON, newAppointment: "2026-03-09" };
    const ctx = { now: w.now, calendar: cal };
    expect(code(recordApology(birth, w.case, req, staff.reception, ctx))).toBe("actor.role_not_permitted");
    expect(code(recordApology(birth, w.case, req, supervisor, ctx))).toBe("ok");
    expect(code(recordApology(birth, w.case, req, { ...staff.civilStatus, unit: OTHER_UNIT } as Actor, ctx))).toBe("actor.unit_not_permitted");
  });

  it("refuses a date that is not later, a day off, beyond the procedure's cap, and a bad reason", async () => {
    const w = await inVerification(capped);
    const ctx = { now: w.now, calendar: cal };
    const try_ = (newAppointment: unknown, reason: unknown = REASON) => code(recordApology(capped, w.case, { reason, newAppointment }, staff.civilStatus, ctx));
    expect(try_("2026-03-06")).toBe("deadline.extension_not_later");
    expect(try_("2026-03-07")).toBe("deadline.extension_not_working_day"); // Saturday
    expect(try_("2026-03-11")).toBe("deadline.extension_too_long"); // cap: Mon 9, Tue 10
    expect(try_("2026-03-10")).toBe("ok");
    expect(try_("10/03/2026")).toBe("data.invalid");
    expect(try_("2026-03-10", "muộn")).toBe("data.invalid");
  });

  it("a second notice stays within the cap counted from the deadline first missed", async () => {
    const w = await inVerification(capped);
    const ctx = { now: w.now, calendar: cal };
    const first = recordApology(capped, w.case, { reason: REASON, newAppointment: "2026-03-09" }, staff.civilStatus, ctx);
    if (!first.ok) throw first.error;
    const again = (d: string) => recordApology(capped, first.case, { reason: REASON, newAppointment: d }, staff.civilStatus, { ...ctx, now: "2026-03-09T09:00:00.000Z" });
    expect(code(again("2026-03-09"))).toBe("deadline.extension_not_later");
    expect(code(again("2026-03-11"))).toBe("deadline.extension_too_long");
    const second = again("2026-03-10");
    if (!second.ok) throw second.error;
    expect(second.case.apology).toMatchObject({ statutoryDueAt: "2026-03-06T10:00:00.000Z", newDueAt: "2026-03-10T10:00:00.000Z", count: 2 });
  });

  it("is refused while the clock is paused, and on a closed case", async () => {
    const w = await inVerification();
    await act(w, staff.civilStatus, { action: "request-supplement", data: { missing: "giấy chứng sinh bản gốc" } });
    expect(code(recordApology(birth, w.case, { reason: REASON, newAppointment: "2026-03-10" }, staff.reception, { now: w.now, calendar: cal }))).toBe("deadline.clock_paused");
    await act(w, staff.reception, { action: "withdraw", data: {} });
    expect(code(recordApology(birth, w.case, { reason: REASON, newAppointment: "2026-03-10" }, supervisor, { now: w.now, calendar: cal }))).toBe("case.closed");
  });
});
