// Supplements: the citizen brings missing papers and corrections while the clock is paused.
import { describe, it, expect } from "vitest";
import { loadProcedure, open, act, staff, doc, BIRTH_DECLARATION } from "../support/engine.js";

const cp = loadProcedure("civil-status.birth-registration");
const declaration = BIRTH_DECLARATION;

describe("supplements", () => {
  it("corrects one nested field with a JSON Merge Patch and re-validates the dossier", async () => {
    const w = open(cp, declaration, [doc("birth-certificate", 1)], undefined, { id: "case-s", code: "HS-S" });
    await act(w, staff.reception, { action: "request-supplement", data: { missing: "CCCD của người đi khai sinh" } });
    await act(w, staff.reception, { action: "supplement", data: { mother: { personalId: "046198000009" } }, documents: [doc("declarant-id", 2)] });
    expect((w.case.data.mother as Record<string, unknown>).personalId).toBe("046198000009");
    expect((w.case.data.mother as Record<string, unknown>).fullName).toBe("Lê Thị Hoa");
    expect(w.case.state).toBe("received");
  });

  it("refuses a patch that breaks the form, pointing at the field", async () => {
    const w = open(cp, declaration, [doc("birth-certificate", 1)], undefined, { id: "case-t", code: "HS-T" });
    await act(w, staff.reception, { action: "request-supplement", data: { missing: "CCCD" } });
    const r = await (await import("../../engine/apply.js")).applyAction(cp, w.case, { action: "supplement", data: { mother: { personalId: "123" } } }, staff.reception, w.ctx());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.errors?.map((e) => e.pointer)).toEqual(["/data/mother/personalId"]);
  });
});
