// The engine's one public entry (engine/index.ts): a tool outside the server lints a procedure,
// opens a case, takes a step and checks the chain and the rebuilt case with imports from it alone.
import { describe, it, expect } from "vitest";
import * as engine from "../../engine/index.js";
import { calendar, readJson } from "../support/engine.js";

describe("engine/index.ts", () => {
  it("exports nothing undefined", () => {
    const missing = Object.entries(engine).filter(([, v]) => v === undefined).map(([k]) => k);
    expect(missing).toEqual([]);
  });

  it("carries a case from lint to a verified chain that commits to the case", async () => {
    const doc = readJson("procedures/civil-status.birth-registration.json");
    expect(engine.hasErrors(engine.lintProcedure(doc))).toBe(false);
    const cp = engine.compileProcedure(doc);
    const clerk = { id: "o-1", unit: "u-1", province: "01", roles: ["reception"] };
    const birth = readJson("test/fixtures/histories/inputs/birth.json") as { data: unknown; documents: unknown[] };
    const ctx = { now: "2026-03-02T02:00:00.000Z", calendar: calendar() };
    const bad = engine.openCase(cp, { id: "c-0", code: "HS-0", unit: "u-1", province: "01", channel: "counter", data: { nope: true }, documents: [] }, clerk, ctx);
    // A dossier that does not fit the form is a typed error, not an exception.
    expect(!bad.ok && engine.isMotcuaError(bad.error) && bad.error.code).toBe("data.invalid");
    const opened = engine.openCase(cp, { id: "c-1", code: "HS-1", unit: "u-1", province: "01", channel: "counter", data: birth.data, documents: birth.documents }, clerk, ctx);
    if (!opened.ok) throw opened.error;
    const step = await engine.applyAction(cp, opened.case, { action: "accept" }, clerk, { ...ctx, now: "2026-03-02T02:10:00.000Z" });
    if (!step.ok) throw step.error;
    expect(engine.verifyChain("c-1", [opened.entry, step.entry])).toEqual([]);
    // The last entry commits to the case as it now is, and a changed dossier no longer matches.
    expect(engine.caseStateHash(step.case)).toBe(step.entry.stateHash);
    expect(engine.caseStateHash({ ...step.case, data: { ...step.case.data, copies: 9 } })).not.toBe(step.entry.stateHash);
  });
});
