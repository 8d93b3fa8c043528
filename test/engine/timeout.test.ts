// Declared timeouts and the deadline clock, driven by a fake clock across weekends, Tết, a
// make-up working Saturday and the 15:00 cut-off. Times are UTC; Vietnam is UTC+7, so
// 09:00 local = 02:00Z, 15:00 local = 08:00Z and the 17:00 end of the working day = 10:00Z.
import { describe, it, expect } from "vitest";
import { act, calendar, loadProcedure, open, staff } from "../support/engine.js";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { timeoutAt } from "../../engine/deadline.js";
import { declaredTimeouts, enteredBefore, fireTimeout, isTimeoutDue, pendingTimeout } from "../../engine/timeout.js";
import { verifyChain } from "../../engine/audit/entry.js";
import { instantMs } from "../../engine/calendar.js";
import type { CaseState } from "../../engine/case.js";

const birth = loadProcedure("civil-status.birth-registration");
const copies = loadProcedure("civil-status.copy-certification");
const cal = calendar();

/** A case of `cp` sitting in `state` since `enteredAt` (only the fields timeouts read matter). */
function sitting(state: string, enteredAt: string, cp = birth): CaseState {
  const w = open(birth, birthDeclaration(), birthDocuments());
  return { ...w.case, procedureId: cp.def.id, state, stateEnteredAt: enteredAt };
}

describe("deadlines on the working-day calendar", () => {
  it("received before 15:00 is due the same day; at or after 15:00 the next working day, across a weekend", () => {
    expect(open(birth, birthDeclaration(), birthDocuments(), "2026-02-27T07:59:59.000Z").case.dueAt).toBe("2026-02-27T10:00:00.000Z"); // Fri 14:59
    expect(open(birth, birthDeclaration(), birthDocuments(), "2026-02-27T08:00:00.000Z").case.dueAt).toBe("2026-03-02T10:00:00.000Z"); // Fri 15:00 -> Mon
    expect(open(birth, birthDeclaration(), birthDocuments(), "2026-02-28T02:00:00.000Z").case.dueAt).toBe("2026-03-02T10:00:00.000Z"); // online on Saturday -> Mon
  });

  it("received on the afternoon before Tết is due after the nine-day break", () => {
    // Fri 13 Feb 2026 15:30 local; 14-22 Feb are days off (Tết Bính Ngọ): Monday 23 Feb.
    expect(open(birth, birthDeclaration(), birthDocuments(), "2026-02-13T08:30:00.000Z").case.dueAt).toBe("2026-02-23T10:00:00.000Z");
  });

  it("a pause while waiting on the citizen moves the due date by the paused working days", async () => {
    const w = open(birth, birthDeclaration(), birthDocuments(), "2026-03-02T02:00:00.000Z"); // Mon 09:00, due Mon 17:00
    w.now = "2026-03-02T03:00:00.000Z";
    await act(w, staff.reception, { action: "request-supplement", data: { missing: "giấy chứng sinh bản gốc" } });
    expect(w.case.pausedAt).toBe("2026-03-02T03:00:00.000Z");
    expect(w.case.dueAt).toBe("2026-03-02T10:00:00.000Z"); // unchanged while paused
    w.now = "2026-03-05T02:00:00.000Z"; // Thu 09:00: Mon, Tue, Wed lost
    await act(w, staff.reception, { action: "supplement", data: {} });
    expect(w.case.pausedAt).toBeNull();
    expect(w.case.pausedWorkingDays).toBe(3);
    expect(w.case.dueAt).toBe("2026-03-05T10:00:00.000Z");
    expect(w.case.originalDueAt).toBe("2026-03-02T10:00:00.000Z");
  });

  it("a pause across Tết counts only working days", async () => {
    const w = open(birth, birthDeclaration(), birthDocuments(), "2026-02-12T02:00:00.000Z"); // Thu 12 Feb 09:00, due 12 Feb 17:00
    w.now = "2026-02-12T03:00:00.000Z";
    await act(w, staff.reception, { action: "request-supplement", data: { missing: "giấy chứng sinh bản gốc" } });
    w.now = "2026-02-24T02:00:00.000Z"; // Tue 24 Feb: 12, 13 and 23 Feb were working days
    await act(w, staff.reception, { action: "supplement", data: {} });
    expect(w.case.pausedWorkingDays).toBe(3);
    expect(w.case.dueAt).toBe("2026-02-24T10:00:00.000Z");
  });
});

describe("declared timeouts", () => {
  it("lists the states that declare one", () => {
    expect(declaredTimeouts(birth)).toEqual([{ state: "awaiting-supplement", workingDays: 30, action: "expire" }]);
    expect(declaredTimeouts(copies)).toEqual([{ state: "awaiting-supplement", workingDays: 10, action: "expire" }]);
  });

  it("falls due at the end of the N-th working day after the state was entered (hand-counted)", () => {
    // Entered Mon 2 Mar 2026 10:00 local; 30 working days later is Mon 13 Apr (no holidays between).
    expect(pendingTimeout(birth, sitting("awaiting-supplement", "2026-03-02T03:00:00.000Z"), cal)).toEqual({ action: "expire", at: "2026-04-13T10:00:00.000Z" });
    // Entered Mon 9 Feb 2026; 10 working days skip the Tết break 14-22 Feb: 10-13, 23-27 Feb, 2 Mar.
    expect(pendingTimeout(copies, sitting("awaiting-supplement", "2026-02-09T03:00:00.000Z", copies), cal)!.at).toBe("2026-03-02T10:00:00.000Z");
    // Entered after the 15:00 cut-off: the cut-off is about receipt, not waiting. Fri 9 Jan 2026 16:00,
    // and Saturday 10 Jan is a make-up working day.
    const one = { ...birth, def: { ...birth.def, states: { ...birth.def.states, "awaiting-supplement": { ...birth.def.states["awaiting-supplement"]!, timeout: { workingDays: 1, action: "expire" } } } } };
    expect(pendingTimeout(one, sitting("awaiting-supplement", "2026-01-09T09:00:00.000Z"), cal)!.at).toBe("2026-01-10T10:00:00.000Z");
    expect(pendingTimeout(birth, sitting("verification", "2026-03-02T03:00:00.000Z"), cal)).toBeNull();
  });

  it("fires the declared action as the system actor, never early, through the ordinary step", async () => {
    const w = open(birth, birthDeclaration(), birthDocuments(), "2026-03-02T02:00:00.000Z");
    w.now = "2026-03-02T03:00:00.000Z";
    await act(w, staff.reception, { action: "request-supplement", data: { missing: "giấy chứng sinh bản gốc" } });
    const early = await fireTimeout(birth, w.case, { now: "2026-04-13T09:59:59.999Z", calendar: cal });
    expect(early).toBeNull();
    expect(isTimeoutDue(birth, w.case, "2026-04-13T09:59:59.999Z", cal)).toBe(false);
    expect(isTimeoutDue(birth, w.case, "2026-04-13T10:00:00.000Z", cal)).toBe(true);
    const r = await fireTimeout(birth, w.case, { now: "2026-04-13T10:00:00.000Z", calendar: cal });
    if (!r || !r.ok) throw new Error("expected the timeout to fire");
    expect(r.case.state).toBe("withdrawn");
    expect(r.case.outcome).toBe("withdrawn");
    expect(r.case.closedAt).toBe("2026-04-13T10:00:00.000Z");
    expect(r.entry).toMatchObject({ action: "expire", from: "awaiting-supplement", to: "withdrawn", actor: { id: "system", role: "system", unit: w.case.unit } });
    expect(verifyChain(w.case.id, [...w.entries, r.entry])).toEqual([]);
    // A closed case has nothing pending.
    expect(await fireTimeout(birth, r.case, { now: "2026-05-01T00:00:00.000Z", calendar: cal })).toBeNull();
  });

  it("nobody but the system actor may take the timeout action", async () => {
    const w = open(birth, birthDeclaration(), birthDocuments());
    await act(w, staff.reception, { action: "request-supplement", data: { missing: "giấy chứng sinh bản gốc" } });
    const { applyAction } = await import("../../engine/apply.js");
    const r = await applyAction(birth, w.case, { action: "expire" }, staff.reception, w.ctx());
    expect(r.ok ? "ok" : r.error.code).toBe("actor.role_not_permitted");
  });
});

describe("enteredBefore: the scan bound a store uses", () => {
  it("agrees with timeoutAt for every entry time and clock across 2025-2026", () => {
    // xorshift: deterministic instants between 2025-01-01 and 2026-12-01.
    let x = 20250701;
    const rand = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
    const start = Date.parse("2025-01-01T00:00:00Z");
    const span = Date.parse("2026-10-01T00:00:00Z") - start;
    for (let i = 0; i < 400; i++) {
      const entered = new Date(start + Math.floor(rand() * span)).toISOString();
      const n = 1 + Math.floor(rand() * 30);
      const now = new Date(Date.parse(entered) + Math.floor(rand() * 60 * 86_400_000)).toISOString();
      const due = instantMs(now) >= instantMs(timeoutAt(entered, n, cal));
      expect(instantMs(entered) < instantMs(enteredBefore(now, n, cal)), `${entered} + ${n} wd at ${now}`).toBe(due);
    }
  });

  it("is the start of a working day, counted back from the last ended working day", () => {
    // Mon 13 Apr 2026 17:00 local has just ended: 30 working days back from 13 Apr is Tue 3 Mar.
    expect(enteredBefore("2026-04-13T10:00:00.000Z", 30, cal)).toBe("2026-03-02T17:00:00.000Z");
    // One minute earlier, 13 Apr has not ended yet: the bound is a working day earlier (Mon 2 Mar).
    expect(enteredBefore("2026-04-13T09:59:00.000Z", 30, cal)).toBe("2026-03-01T17:00:00.000Z");
  });
});
