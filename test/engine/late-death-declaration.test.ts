// The late death declaration, decided by a FEEL rule over the dossier's dates (Luật Hộ tịch 2014,
// art. 33: within 15 days of the death). Declared 15 days after the death: the ordinary path.
// Declared 16 days after: a late-declaration note becomes required and a verification step is
// added. Both sides of the boundary, as the reception officer meets them.
import { describe, it, expect } from "vitest";
import { act, doc, loadProcedure, open, refused, staff } from "../support/engine.js";
import { applyAction, compileProcedure, evaluate } from "../../engine/index.js";

const cp = loadProcedure("civil-status.death-registration");

// Died Sun 1 Mar 2026; receipts at 09:00 local (02:00 UTC).
const declaration = (deathDate = "2026-03-01") => ({
  deceased: { fullName: "Lê Văn Tư", sex: "nam", dateOfBirth: "1941-06-15", ethnicity: "Kinh", nationality: "Việt Nam", lastResidence: "Phường Tân Phú, TP. Hồ Chí Minh", personalId: "079041000789" },
  death: { date: deathDate, place: "Tại nhà riêng", cause: "Bệnh tuổi già" },
  declarant: { fullName: "Lê Thị Hoa", personalId: "079170002345", relationship: "con" },
  copies: 1,
});
const papers = [doc("death-notice", 1), doc("declarant-id", 2)];
const note = doc("late-declaration-note", 3);

describe("late death declaration (a FEEL rule over the dates)", () => {
  it("15 days after the death (Mon 16 Mar): not late, straight to verification without the note", async () => {
    const w = open(cp, declaration(), papers, "2026-03-16T02:00:00.000Z");
    await act(w, staff.reception, { action: "accept" });
    expect(w.case.state).toBe("verification");
  });

  it("16 days after the death (Tue 17 Mar): the note is required and the verification step is added", async () => {
    const w = open(cp, declaration(), papers, "2026-03-17T02:00:00.000Z");
    expect(await refused(w, staff.reception, { action: "accept" })).toBe("action.guard_failed");
    await act(w, staff.reception, { action: "accept", documents: [note] });
    expect(w.case.state).toBe("late-verification");
    // The queue is the civil-status officer's; reception cannot skip the verification.
    expect(await refused(w, staff.reception, { action: "confirm-late-declaration", data: { findings: "Đã xác minh với tổ dân phố" } })).toBe("actor.role_not_permitted");
    await act(w, staff.civilStatus, { action: "confirm-late-declaration", data: { findings: "Đã xác minh với tổ dân phố" } });
    expect(w.case.state).toBe("verification");
  });

  it("the date of receipt is the case's, not the day an officer acts: accepted a week later, an on-time declaration stays on time", async () => {
    const w = open(cp, declaration(), papers, "2026-03-16T02:00:00.000Z");
    w.now = "2026-03-23T02:00:00.000Z";
    await act(w, staff.reception, { action: "accept" });
    expect(w.case.state).toBe("verification");
  });

  it("a rule that cannot be evaluated on a dossier is a problem naming the rule, not a crash", async () => {
    // Lint passes (the field exists) but the place of death is text, not a date.
    const def = structuredClone(cp.def);
    def.actions.find((a) => a.id === "accept")!.branches = [{ when: 'date(data.death.place) > date("2026-01-01")', to: "late-verification" }];
    const index = def.actions.findIndex((a) => a.id === "accept");
    const w = open(compileProcedure(def), declaration(), papers, "2026-03-17T02:00:00.000Z");
    const r = await applyAction(w.cp, w.case, { action: "accept" }, staff.reception, w.ctx());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "expression.failed", extra: { at: `/actions/${index}/branches/0/when` } });
  });

  it("a field required when a rule holds: asked of a late declaration only, naming the field", () => {
    // The procedure with the time of death required of late declarations (a form rule, not JSON Schema).
    const def = structuredClone(cp.def);
    def.form.requiredWhen = [{ when: 'receivedOn - date(data.death.date) > duration("P15D")', fields: ["/death/time"] }];
    const withRule = compileProcedure(def);
    expect(() => open(withRule, declaration(), papers, "2026-03-16T02:00:00.000Z")).not.toThrow();
    const late = (() => {
      try {
        open(withRule, declaration(), papers, "2026-03-17T02:00:00.000Z");
        return undefined;
      } catch (e) {
        return e as { code: string; errors: unknown[] };
      }
    })();
    expect(late).toMatchObject({ code: "data.invalid", errors: [{ pointer: "/data/death/time", rule: "requiredWhen" }] });
    const given = declaration();
    (given.death as Record<string, unknown>).time = "22:15";
    expect(() => open(withRule, given, papers, "2026-03-17T02:00:00.000Z")).not.toThrow();
  });

  it("evaluate() is exported for other rules (fees): pure, with the time passed in", () => {
    const ctx = { data: { copies: 3 }, documents: [], receivedOn: "2026-03-17", now: "2026-03-17T02:00:00.000Z", today: "2026-03-17" };
    expect(evaluate("data.copies * 8000", ctx)).toEqual({ ok: true, value: 24000 });
    expect(evaluate("today() = receivedOn", ctx)).toEqual({ ok: true, value: true });
    expect(evaluate("data.copies *", ctx)).toMatchObject({ ok: false });
  });
});
