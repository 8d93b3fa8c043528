// Lawful extensions: entering the late-declaration verification of a death registration moves the
// due date by the declared working days, once up to the statute's total, with the reason kept on
// the case and in the chain; originalDueAt stays the appointment given at intake.
import { describe, it, expect } from "vitest";
import { act, doc, loadProcedure, open, staff } from "../support/engine.js";
import { verifyChain } from "../../engine/audit/entry.js";

const cp = loadProcedure("civil-status.death-registration");
const declaration = {
  deceased: { fullName: "Lê Văn Tư", sex: "nam", dateOfBirth: "1941-06-15", ethnicity: "Kinh", nationality: "Việt Nam", lastResidence: "Phường Tân Phú", personalId: "079041000789" },
  death: { date: "2026-03-01", place: "Tại nhà riêng", cause: "Bệnh tuổi già" },
  declarant: { fullName: "Lê Thị Hoa", personalId: "079170002345", relationship: "con" },
  copies: 1,
};
const papers = [doc("death-notice", 1), doc("declarant-id", 2), doc("late-declaration-note", 3)];

describe("lawful extension", () => {
  it("moves the due date by 2 working days on entering the verification, with its reason", async () => {
    // Received Fri 20 Mar 09:00 local, due that day 17:00; extended over the weekend to Tue 24 Mar 17:00.
    const w = open(cp, declaration, papers, "2026-03-20T02:00:00.000Z");
    await act(w, staff.reception, { action: "accept" });
    expect(w.case).toMatchObject({ state: "late-verification", originalDueAt: "2026-03-20T10:00:00.000Z", dueAt: "2026-03-24T10:00:00.000Z" });
    expect(w.case.extensions).toEqual([{
      state: "late-verification", workingDays: 2, at: w.now, fromDueAt: "2026-03-20T10:00:00.000Z", toDueAt: "2026-03-24T10:00:00.000Z",
      reason: cp.def.states["late-verification"]!.extension!.reason,
    }]);
    expect(w.case.late).toBeUndefined();
    expect(w.entries.at(-1)!.dueAt).toBe("2026-03-24T10:00:00.000Z");
    expect(verifyChain(w.case.id, w.entries)).toEqual([]);
  });

  it("grants no more than the statute's total when the case enters the state again", async () => {
    const w = open(cp, declaration, papers, "2026-03-20T02:00:00.000Z");
    await act(w, staff.reception, { action: "accept" });
    await act(w, staff.civilStatus, { action: "request-supplement", data: { missing: "Xác nhận của tổ dân phố" } });
    await act(w, staff.reception, { action: "supplement", data: {} });
    await act(w, staff.reception, { action: "accept" });
    expect(w.case.state).toBe("late-verification");
    expect(w.case.extensions).toHaveLength(1);
    expect(w.case.dueAt).toBe("2026-03-24T10:00:00.000Z");
  });
});
