// Round limits as data: "at most 2 supplement requests" is one declared number, counted by the
// engine in the case (so the audit chain commits to it), and the third request is refused with
// nothing changed while the other ways out of the state stay open.
import { describe, it, expect } from "vitest";
import { compileProcedure } from "../../engine/compile.js";
import { lintProcedure } from "../../engine/procedure/lint.js";
import { verifyChain } from "../../engine/audit/entry.js";
import type { Procedure } from "../../schemas/generated/procedure.js";
import { act, doc, open, readJson, refused, staff, BIRTH_DECLARATION } from "../support/engine.js";

function withTwoSupplementRounds(): Procedure {
  const p = structuredClone(readJson("procedures/civil-status.birth-registration.json")) as Procedure;
  p.actions.find((a) => a.id === "request-supplement")!.maxRounds = 2;
  return p;
}

const supplementRound = async (w: ReturnType<typeof open>, n: number) => {
  await act(w, staff.reception, { action: "request-supplement", data: { missing: `giấy tờ lần ${n}` } });
  await act(w, staff.reception, { action: "supplement", data: {} });
};

describe("round limits", () => {
  it("lints clean", () => expect(lintProcedure(withTwoSupplementRounds())).toEqual([]));

  it("counts two supplement requests in the case and refuses a third; the dossier can still go on", async () => {
    const w = open(compileProcedure(withTwoSupplementRounds()), BIRTH_DECLARATION, [doc("birth-certificate", 1), doc("declarant-id", 2)]);
    await supplementRound(w, 1);
    expect(w.case.rounds).toEqual({ "request-supplement": 1 });
    await supplementRound(w, 2);
    expect(w.case.rounds).toEqual({ "request-supplement": 2 });
    const before = w.case;
    expect(await refused(w, staff.reception, { action: "request-supplement", data: { missing: "lần 3" } })).toBe("action.round_limit");
    expect(w.case).toBe(before);
    // The count is part of what the chain commits to: the entry's changes carry it.
    expect(w.entries.at(-2)!.changes).toContainEqual({ op: "replace", path: "/rounds/request-supplement", value: 2 });
    expect(verifyChain(w.case.id, w.entries)).toEqual([]);
    await act(w, staff.reception, { action: "accept" });
    expect(w.case.state).toBe("verification");
  });

  it("leaves actions without a limit uncounted", async () => {
    const w = open(compileProcedure(withTwoSupplementRounds()), BIRTH_DECLARATION, [doc("birth-certificate", 1), doc("declarant-id", 2)]);
    await act(w, staff.reception, { action: "accept" });
    expect(w.case.rounds).toBeUndefined();
  });
});
