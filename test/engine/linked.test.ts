// Interconnected procedures in the pure engine: the data each part gets, a part's refusal reported
// at the parent's field, the parent's rule over its parts, and the parent's record of a closed part.
import { describe, expect, it } from "vitest";
import { linkedParts, openPart, partData, partDocuments, partsVerdict, recordPartClosed, PART_CLOSED_STEP, type PartRecord } from "../../engine/linked.js";
import { isMotcuaError } from "../../engine/errors.js";
import { verifyChain } from "../../engine/audit/entry.js";
import { BIRTH_DECLARATION, PROVINCE, calendar, doc, loadProcedure, open, staff } from "../support/engine.js";
import type { CaseState } from "../../engine/case.js";

const parent = loadProcedure("civil-status.birth-registration-linked");
const police = loadProcedure("police.permanent-residence-registration");
const residence = linkedParts(parent).find((p) => p.id === "residence")!;
const NOW = "2026-03-02T02:00:00.000Z";

const record = (part: string, over: Partial<PartRecord> = {}): PartRecord => ({ part, caseId: `c-${part}`, code: part, procedureId: "x.y", unit: "u", outcome: null, closedAt: null, ...over });
const withParts = (parts: PartRecord[]) => ({ parts }) as CaseState;

describe("linked parts", () => {
  it("copy exactly the mapped fields and documents", () => {
    const w = open(parent, BIRTH_DECLARATION, [doc("birth-certificate", 1), doc("declarant-id", 2)]);
    expect(partData(residence, w.case.data)).toEqual({
      person: { fullName: "Lê Văn Bình", sex: "nam", dateOfBirth: "2026-02-01" },
      residence: "Xã Tân Phú",
      declarant: { fullName: "Lê Thị Hoa", personalId: "046198000001" },
    });
    expect(partDocuments(residence, w.case.documents).map((d) => d.id)).toEqual(["declarant-id"]);
  });

  it("report a part's form refusing the mapped data at the parent's field", () => {
    const data = { person: { fullName: "x", sex: "nam", dateOfBirth: "2026-02-20" }, residence: "Phường Tân Phú", declarant: { fullName: "Trần Thị Bình", personalId: "079195012345" } };
    try {
      openPart(police, residence, { id: "p1", code: "P1", unit: "ca", province: PROVINCE, channel: "counter", data }, staff.reception, { now: NOW, calendar: calendar() });
      expect.unreachable();
    } catch (e) {
      expect(isMotcuaError(e) && e.errors?.map((x) => x.pointer)).toEqual(["/data/child/fullName"]);
    }
  });

  it("decide the parent's rule: open while a part is open, failed when one that may not fail did not complete", () => {
    expect(partsVerdict(withParts([record("a"), record("b", { mayFail: true })]))).toBe("open");
    expect(partsVerdict(withParts([record("a", { outcome: "completed", closedAt: NOW }), record("b", { mayFail: true, outcome: "refused", closedAt: NOW })]))).toBe("satisfied");
    expect(partsVerdict(withParts([record("a", { outcome: "withdrawn", closedAt: NOW }), record("b")]))).toBe("failed");
  });

  it("record a closed part in the parent's chain without moving the parent", () => {
    const w = open(parent, BIRTH_DECLARATION, [doc("birth-certificate", 1)], NOW, { links: { parts: [record("residence", { caseId: "p1" })] } });
    const part = { id: "p1", code: "P1", unit: "ca", outcome: "completed", closedAt: NOW } as CaseState;
    const r = recordPartClosed(parent, w.case, part, NOW);
    expect(r.case.state).toBe(w.case.state);
    expect(r.case.parts).toEqual([record("residence", { caseId: "p1", outcome: "completed", closedAt: NOW })]);
    expect(r.entry).toMatchObject({ action: PART_CLOSED_STEP, seq: 1, input: { part: "residence", outcome: "completed" } });
    expect(verifyChain(w.case.id, [...w.entries, r.entry])).toEqual([]);
  });
});
