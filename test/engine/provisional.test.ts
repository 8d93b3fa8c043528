// A due date past the calendar's announced schedule is marked provisional on the case when it is
// set (intake, resumption after a pause, an apology notice), and only a new due date changes the
// mark: a case keeps how its appointment was made, whatever the calendar file says later.
import { describe, expect, it } from "vitest";
import type { WorkingCalendar } from "../../engine/calendar.js";
import { recordApology } from "../../engine/apology.js";
import { BIRTH_DECLARATION, act, calendar, doc, loadProcedure, open, staff } from "../support/engine.js";

const cp = loadProcedure("civil-status.birth-registration");
const documents = [doc("birth-certificate", 1), doc("declarant-id", 2)];
/** The same file once the government's 2027 schedule is in (here: nothing beyond the statutory days). */
const announced2027: WorkingCalendar = { ...calendar(), announcedThrough: "2027-12-31" };

describe("provisional due dates on a case", () => {
  it("received 31 Dec 2026 after 15:00: due Mon 4 Jan 2027, provisional; received before: due that day, not provisional", () => {
    const late = open(cp, BIRTH_DECLARATION, documents, "2026-12-31T08:30:00.000Z");
    expect([late.case.dueAt, late.case.dueProvisional]).toEqual(["2027-01-04T10:00:00.000Z", true]);
    const early = open(cp, BIRTH_DECLARATION, documents, "2026-12-31T04:00:00.000Z");
    expect([early.case.dueAt, early.case.dueProvisional]).toEqual(["2026-12-31T10:00:00.000Z", undefined]);
  });

  it("the mark stays through later steps, and a due date recomputed on the announced calendar clears it", async () => {
    const w = open(cp, BIRTH_DECLARATION, documents, "2026-12-31T08:30:00.000Z");
    w.now = "2027-01-04T02:00:00.000Z"; // Mon 09:00
    await act(w, staff.reception, { action: "request-supplement", data: { missing: "CCCD của người đi khai sinh" } }, { calendar: announced2027 });
    expect(w.case.dueProvisional).toBe(true); // the clock stopped, the due date did not change
    w.now = "2027-01-05T02:00:00.000Z"; // Tue 09:00: paused [Mon 4, Tue 5) = 1 working day
    await act(w, staff.reception, { action: "supplement", data: {} }, { calendar: announced2027 });
    expect([w.case.dueAt, w.case.dueProvisional]).toEqual(["2027-01-05T10:00:00.000Z", undefined]);
  });

  it("resumed on the calendar that still lacks 2027: the new due date is provisional again", async () => {
    const w = open(cp, BIRTH_DECLARATION, documents, "2026-12-31T08:30:00.000Z");
    w.now = "2027-01-04T02:00:00.000Z";
    await act(w, staff.reception, { action: "request-supplement", data: { missing: "CCCD" } });
    w.now = "2027-01-05T02:00:00.000Z";
    await act(w, staff.reception, { action: "supplement", data: {} });
    expect([w.case.dueAt, w.case.dueProvisional]).toEqual(["2027-01-05T10:00:00.000Z", true]);
  });

  it("an apology notice's new appointment past the announced schedule is provisional", async () => {
    const w = open(cp, BIRTH_DECLARATION, documents, "2026-12-30T02:00:00.000Z"); // Wed 30 Dec 09:00, due that day
    await act(w, staff.reception, { action: "accept" });
    w.now = "2026-12-30T08:30:00.000Z";
    const reason = "Chờ xác minh thông tin với Cơ sở dữ liệu quốc gia về dân cư";
    const into2027 = recordApology(cp, w.case, { reason, newAppointment: "2027-01-05" }, staff.civilStatus, { now: w.now, calendar: calendar() });
    const within2026 = recordApology(cp, w.case, { reason, newAppointment: "2026-12-31" }, staff.civilStatus, { now: w.now, calendar: calendar() });
    if (!into2027.ok || !within2026.ok) throw new Error("refused");
    expect([into2027.case.dueAt, into2027.case.dueProvisional]).toEqual(["2027-01-05T10:00:00.000Z", true]);
    expect([within2026.case.dueAt, within2026.case.dueProvisional]).toEqual(["2026-12-31T10:00:00.000Z", undefined]);
  });
});
