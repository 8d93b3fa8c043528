// Statutory deadlines with a fake clock moved across weekends, Tết, 30/4-1/5, 2/9, make-up
// Saturdays and the 15:00 cut-off. Local time is UTC+7: 09:00 local = 02:00Z, 14:59 = 07:59Z,
// 15:00 = 08:00Z, 17:00 = 10:00Z. Each expected instant is derived by hand in its comment.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { WorkingCalendar } from "../../engine/calendar.js";
import {
  type DeadlineRule,
  completedLate, computeDue, deadlineStatus, extendForPause, isProvisionalDue, pausedWorkingDays, requestExtension, timeoutAt,
} from "../../engine/deadline.js";

const VN = JSON.parse(readFileSync(new URL("../../procedures/calendars/VN.json", import.meta.url), "utf8")) as WorkingCalendar;
const sameDay: DeadlineRule = { kind: "same-working-day", cutoff: "15:00" };
const threeDays: DeadlineRule = { kind: "working-days", days: 3 };

describe("computeDue: effective receipt day and due date", () => {
  it("14:59 local on a Monday is received that day: due Monday 17:00", () => {
    expect(computeDue("2026-03-02T07:59:00.000Z", sameDay, VN)).toEqual({
      effectiveReceiptDate: "2026-03-02",
      dueAt: "2026-03-02T10:00:00.000Z",
    });
  });

  it("15:00 sharp is after the cut-off: received Tuesday, due Tuesday 17:00", () => {
    expect(computeDue("2026-03-02T08:00:00.000Z", sameDay, VN)).toEqual({
      effectiveReceiptDate: "2026-03-03",
      dueAt: "2026-03-03T10:00:00.000Z",
    });
  });

  it("the brief's example: Monday 09:00, 3 working days -> Thursday 17:00", () => {
    expect(computeDue("2026-03-02T02:00:00.000Z", threeDays, VN).dueAt).toBe("2026-03-05T10:00:00.000Z");
  });

  it("received after the cut-off on a Friday, 3 days: received Mon 9 -> Tue, Wed, Thu 12", () => {
    expect(computeDue("2026-03-06T09:00:00.000Z", threeDays, VN)).toEqual({
      effectiveReceiptDate: "2026-03-09",
      dueAt: "2026-03-12T10:00:00.000Z",
    });
  });

  it("received online on a Sunday at 10:00: received Monday, same-day due Monday 17:00", () => {
    expect(computeDue("2026-03-08T03:00:00.000Z", sameDay, VN)).toEqual({
      effectiveReceiptDate: "2026-03-09",
      dueAt: "2026-03-09T10:00:00.000Z",
    });
  });

  it("received online at 02:00 local on a Tuesday (before the office opens) counts as Tuesday", () => {
    // 2026-03-02T19:00Z = Tue 2026-03-03 02:00 local.
    expect(computeDue("2026-03-02T19:00:00.000Z", sameDay, VN).dueAt).toBe("2026-03-03T10:00:00.000Z");
  });

  it("the cut-off falls back to the calendar's 15:00, and a rule may set its own", () => {
    const at1530 = "2026-03-03T08:30:00.000Z"; // Tue 15:30 local
    expect(computeDue(at1530, { kind: "same-working-day" }, VN).effectiveReceiptDate).toBe("2026-03-04");
    expect(computeDue(at1530, { kind: "same-working-day", cutoff: "16:00" }, VN).effectiveReceiptDate).toBe("2026-03-03");
  });

  it("Tết 2026: Friday 13 Feb 15:30 -> received Mon 23 Feb (14-22 off), due 23 Feb 17:00", () => {
    expect(computeDue("2026-02-13T08:30:00.000Z", sameDay, VN)).toEqual({
      effectiveReceiptDate: "2026-02-23",
      dueAt: "2026-02-23T10:00:00.000Z",
    });
  });

  it("Tết 2026: Thursday 12 Feb 10:00, 3 days -> Fri 13, Mon 23, Tue 24", () => {
    expect(computeDue("2026-02-12T03:00:00.000Z", threeDays, VN).dueAt).toBe("2026-02-24T10:00:00.000Z");
  });

  it("30/4-1/5 2025: Tue 29 Apr 09:00, 3 days -> (Wed 30, Thu 1, Fri 2 swapped, weekend off) Mon 5, Tue 6, Wed 7", () => {
    expect(computeDue("2025-04-29T02:00:00.000Z", threeDays, VN).dueAt).toBe("2025-05-07T10:00:00.000Z");
  });

  it("2/9 2025: Friday 29 Aug at 15:00 sharp -> (30/8-2/9 off) received and due Wed 3 Sep", () => {
    expect(computeDue("2025-08-29T08:00:00.000Z", sameDay, VN)).toEqual({
      effectiveReceiptDate: "2025-09-03",
      dueAt: "2025-09-03T10:00:00.000Z",
    });
  });

  it("make-up Saturdays count: Fri 25 Apr 2025 + 1 day -> Sat 26 Apr; received on Sat 10 Jan 2026 -> due that day", () => {
    expect(computeDue("2025-04-25T03:00:00.000Z", { kind: "working-days", days: 1 }, VN).dueAt).toBe("2025-04-26T10:00:00.000Z");
    expect(computeDue("2026-01-10T02:00:00.000Z", sameDay, VN)).toEqual({
      effectiveReceiptDate: "2026-01-10",
      dueAt: "2026-01-10T10:00:00.000Z",
    });
  });

  it("same-working-day and working-days 0 agree; N days is N days later than same-day", () => {
    const at = "2026-03-04T04:00:00.000Z"; // Wed 11:00 local
    expect(computeDue(at, { kind: "working-days", days: 0 }, VN)).toEqual(computeDue(at, sameDay, VN));
    expect(computeDue(at, { kind: "working-days", days: 5 }, VN).dueAt).toBe("2026-03-11T10:00:00.000Z"); // Thu5 Fri6 Mon9 Tue10 Wed11
  });
});

describe("pauses (waiting on the citizen)", () => {
  it("pause and resume on the same local day cost nothing", () => {
    expect(pausedWorkingDays("2026-03-03T02:00:00.000Z", "2026-03-03T09:59:00.000Z", VN)).toBe(0);
  });

  it("Friday -> Monday costs the Friday only: [Fri, Mon) = Fri, Sat, Sun", () => {
    expect(pausedWorkingDays("2026-03-06T03:00:00.000Z", "2026-03-09T02:00:00.000Z", VN)).toBe(1);
  });

  it("uses local dates: 23:30 -> 00:30 local crosses a day although both are the same UTC date", () => {
    // 2026-03-02T16:30Z = Mon 23:30 local; 2026-03-02T17:30Z = Tue 00:30 local -> [Mon, Tue) = 1.
    expect(pausedWorkingDays("2026-03-02T16:30:00.000Z", "2026-03-02T17:30:00.000Z", VN)).toBe(1);
  });

  it("a pause over a weekend and the Giỗ Tổ holiday moves the due date by 3 working days", () => {
    // Received Mon 20 Apr 2026 09:00, 3 days -> due Thu 23 Apr 17:00.
    const { dueAt: originalDueAt } = computeDue("2026-04-20T02:00:00.000Z", threeDays, VN);
    expect(originalDueAt).toBe("2026-04-23T10:00:00.000Z");
    // Paused Wed 22 Apr 10:00, resumed Tue 28 Apr 10:00: [22, 28) = Wed 22, Thu 23, Fri 24 (25 Sat, 26 Sun, 27 observed holiday).
    const days = pausedWorkingDays("2026-04-22T03:00:00.000Z", "2026-04-28T03:00:00.000Z", VN);
    expect(days).toBe(3);
    // From Thu 23: Fri 24 (1), Mon 27 off, Tue 28 (2), Wed 29 (3) -> Wed 29 Apr 17:00.
    const dueAt = extendForPause(originalDueAt, days, VN);
    expect(dueAt).toBe("2026-04-29T10:00:00.000Z");
    expect(originalDueAt).toBe("2026-04-23T10:00:00.000Z"); // the case keeps both
  });

  it("a pause over Tết 2026: [Thu 12 Feb, Wed 25 Feb) = 12, 13, 23, 24 -> 4 days", () => {
    expect(pausedWorkingDays("2026-02-12T03:00:00.000Z", "2026-02-25T03:00:00.000Z", VN)).toBe(4);
    // Due Fri 13 Feb + 4: Mon 23, Tue 24, Wed 25, Thu 26 -> Thu 26 Feb 17:00.
    expect(extendForPause("2026-02-13T10:00:00.000Z", 4, VN)).toBe("2026-02-26T10:00:00.000Z");
  });

  it("a pause over 30/4-1/5 2026: [Tue 28 Apr, Mon 4 May) = Tue 28, Wed 29 -> 2 days", () => {
    expect(pausedWorkingDays("2026-04-28T02:00:00.000Z", "2026-05-04T02:00:00.000Z", VN)).toBe(2);
  });

  it("zero paused days leave the due date untouched; a resume stamped before the pause counts 0", () => {
    expect(extendForPause("2026-03-05T10:00:00.000Z", 0, VN)).toBe("2026-03-05T10:00:00.000Z");
    expect(pausedWorkingDays("2026-03-05T03:00:00.000Z", "2026-03-04T03:00:00.000Z", VN)).toBe(0);
  });
});

describe("extensions (apology notice with a new appointment)", () => {
  const due = "2026-03-05T10:00:00.000Z"; // Thu 5 Mar 17:00; + 5 working days: Fri 6, Mon 9, Tue 10, Wed 11, Thu 12

  it("within the cap: moved to the end of the new day", () => {
    expect(requestExtension(due, "2026-03-12", 5, VN)).toEqual({ ok: true, dueAt: "2026-03-12T10:00:00.000Z" });
    expect(requestExtension(due, "2026-03-09", 5, VN)).toEqual({ ok: true, dueAt: "2026-03-09T10:00:00.000Z" });
  });

  it("over the cap, not later, or on a day off: refused with a code and the latest allowed date", () => {
    expect(requestExtension(due, "2026-03-13", 5, VN)).toEqual({ ok: false, code: "deadline.extension_too_long", latestDate: "2026-03-12" });
    expect(requestExtension(due, "2026-03-05", 5, VN)).toEqual({ ok: false, code: "deadline.extension_not_later", latestDate: "2026-03-12" });
    expect(requestExtension(due, "2026-03-07", 5, VN)).toEqual({ ok: false, code: "deadline.extension_not_working_day", latestDate: "2026-03-12" });
  });

  it("the cap counts working days across a holiday: Thu 23 Apr 2026 + 3 -> Fri 24, Tue 28, Wed 29", () => {
    const d = "2026-04-23T10:00:00.000Z";
    expect(requestExtension(d, "2026-04-29", 3, VN)).toEqual({ ok: true, dueAt: "2026-04-29T10:00:00.000Z" });
    expect(requestExtension(d, "2026-04-30", 3, VN)).toMatchObject({ ok: false, code: "deadline.extension_not_working_day" });
    expect(requestExtension(d, "2026-05-04", 3, VN)).toMatchObject({ ok: false, code: "deadline.extension_too_long", latestDate: "2026-04-29" });
  });

  it("no cap declared: any later working day", () => {
    expect(requestExtension(due, "2026-06-01", undefined, VN)).toEqual({ ok: true, dueAt: "2026-06-01T10:00:00.000Z" });
  });
});

describe("status at an instant", () => {
  const due = "2026-03-05T10:00:00.000Z"; // Thu 17:00

  it.each([
    ["2026-03-03T02:00:00.000Z", "on-time"], //  Tue 09:00: horizon is end of Wed
    ["2026-03-04T02:00:00.000Z", "due-soon"], // Wed 09:00: due within the next working day
    ["2026-03-05T09:59:59.000Z", "due-soon"], // Thu 16:59:59
    ["2026-03-05T10:00:00.000Z", "due-soon"], // exactly at the appointment: not yet late
    ["2026-03-05T10:00:00.001Z", "overdue"],
  ])("at %s: %s", (now, expected) => {
    expect(deadlineStatus(now, due, VN)).toBe(expected);
  });

  it("the threshold is a parameter and counts working days: Fri before a Monday deadline", () => {
    const monday = "2026-03-09T10:00:00.000Z";
    expect(deadlineStatus("2026-03-06T03:00:00.000Z", monday, VN)).toBe("due-soon");
    expect(deadlineStatus("2026-03-06T03:00:00.000Z", monday, VN, { dueSoonWorkingDays: 0 })).toBe("on-time");
    // Before Tết, the next working day after Fri 13 Feb is Mon 23 Feb.
    expect(deadlineStatus("2026-02-13T03:00:00.000Z", "2026-02-23T10:00:00.000Z", VN)).toBe("due-soon");
  });

  it("a paused case is judged with its clock stopped", () => {
    // Due Thu 5 Mar 17:00, paused since Wed 4 Mar; now Tue 10 Mar 09:00.
    // Without the pause: overdue. Paused days so far [Wed 4, Tue 10) = Wed 4, Thu 5, Fri 6, Mon 9 = 4,
    // so resuming now would set Thu 5 + 4 = Fri 6, Mon 9, Tue 10, Wed 11 -> Wed 11 17:00: due soon.
    const now = "2026-03-10T02:00:00.000Z";
    expect(deadlineStatus(now, due, VN)).toBe("overdue");
    expect(deadlineStatus(now, due, VN, { pausedAt: "2026-03-04T03:00:00.000Z" })).toBe("due-soon");
    expect(deadlineStatus(now, due, VN, { pausedAt: null })).toBe("overdue");
  });

  it("completed late only after the appointment", () => {
    expect(completedLate("2026-03-05T10:00:00.000Z", due)).toBe(false);
    expect(completedLate("2026-03-05T10:00:00.001Z", due)).toBe(true);
    expect(completedLate("2026-03-04T17:30:00+07:00", due)).toBe(false);
  });
});

describe("timeouts", () => {
  it("30 working days waiting on the citizen from Mon 2 Mar 2026 -> end of Mon 13 Apr", () => {
    // Mar 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 Mar-3 Apr (24), 6-10 Apr (29), Mon 13 Apr (30); Giỗ Tổ is later (27 Apr).
    expect(timeoutAt("2026-03-02T03:00:00.000Z", 30, VN)).toBe("2026-04-13T10:00:00.000Z");
  });

  it("10 working days across Tết: from Mon 9 Feb -> 10-13 (4), 23-27 (9), Mon 2 Mar (10)", () => {
    expect(timeoutAt("2026-02-09T03:00:00.000Z", 10, VN)).toBe("2026-03-02T10:00:00.000Z");
  });

  it("entered on a Saturday evening: the first working day after it is Monday; no cut-off applies", () => {
    expect(timeoutAt("2026-03-07T13:00:00.000Z", 1, VN)).toBe("2026-03-09T10:00:00.000Z");
    expect(timeoutAt("2026-03-02T09:30:00.000Z", 1, VN)).toBe("2026-03-03T10:00:00.000Z"); // Mon 16:30 -> Tue 17:00
  });
});

describe("past the announced schedule: 2027, computed from the statutory rules", () => {
  // VN.json is announced through 2026-12-31; 2027's days off are the Labour Code's (test/engine/holidays.test.ts).
  it("the 2026/2027 boundary: Thu 31 Dec 2026 after 15:00 is received Mon 4 Jan 2027 (1 Jan is New Year), provisional", () => {
    const r = computeDue("2026-12-31T08:30:00.000Z", sameDay, VN); // Thu 15:30 local
    expect(r).toEqual({ effectiveReceiptDate: "2027-01-04", dueAt: "2027-01-04T10:00:00.000Z" });
    expect(isProvisionalDue(r.dueAt, VN)).toBe(true);
    // Before the cut-off the same day it is due that evening, inside the announced schedule.
    const before = computeDue("2026-12-31T07:00:00.000Z", sameDay, VN);
    expect(before.dueAt).toBe("2026-12-31T10:00:00.000Z");
    expect(isProvisionalDue(before.dueAt, VN)).toBe(false);
  });

  it("Tết 2027: Thursday 4 Feb with 3 working days lands after the holiday (4-10 Feb off): Fri 12, Mon 15, Tue 16", () => {
    expect(computeDue("2027-02-04T03:00:00.000Z", threeDays, VN)).toEqual({ effectiveReceiptDate: "2027-02-11", dueAt: "2027-02-16T10:00:00.000Z" });
    // Received Wed 3 Feb 10:00: Thu 11, Fri 12, Mon 15.
    expect(computeDue("2027-02-03T03:00:00.000Z", threeDays, VN).dueAt).toBe("2027-02-15T10:00:00.000Z");
  });

  it("Giỗ Tổ Hùng Vương 2027 is Friday 16 April: Thu 15 Apr after the cut-off is received and due Mon 19 Apr", () => {
    expect(computeDue("2027-04-15T08:00:00.000Z", sameDay, VN)).toEqual({ effectiveReceiptDate: "2027-04-19", dueAt: "2027-04-19T10:00:00.000Z" });
    expect(computeDue("2027-04-14T03:00:00.000Z", { kind: "working-days", days: 2 }, VN).dueAt).toBe("2027-04-19T10:00:00.000Z"); // Wed -> Thu 15, Mon 19
  });

  it("30/4-1/5 2027 (Fri, Sat) gives Mon 3 May off: Thu 29 Apr + 1 working day -> Tue 4 May", () => {
    expect(computeDue("2027-04-29T03:00:00.000Z", { kind: "working-days", days: 1 }, VN).dueAt).toBe("2027-05-04T10:00:00.000Z");
  });
});
