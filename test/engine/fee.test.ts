// Fees: the engine computes what the citizen owes at intake from the procedure's rule and the
// dossier (flat, per unit with a cap, exemptions decided by FEEL rules), records it in the case and
// its first entry, and the payment step records the receipt once, for a fee actually due.
import { describe, it, expect } from "vitest";
import { loadProcedure, open, readJson, staff, actor, OTHER_UNIT } from "../support/engine.js";
import { compileProcedure } from "../../engine/compile.js";
import { lintProcedure } from "../../engine/procedure/lint.js";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { computeFee } from "../../engine/fee.js";
import { recordPayment } from "../../engine/payment.js";
import { caseStateHash } from "../../engine/audit/case-state.js";
import type { FeeRule } from "../../schemas/generated/procedure.js";

const ID = (n: string) => n.padStart(12, "0");
const copyData = (pages: number) => ({
  requester: { fullName: "Bùi Thị Lan", personalId: ID("79185007788") },
  document: { type: "van-bang-chung-chi", title: "Bằng tốt nghiệp đại học", number: "QH-2008-123", issuedBy: "Đại học Quốc gia Hà Nội", issueDate: "2008-07-01" },
  pages,
  copies: 3,
});
const extractData = (extra: Record<string, unknown> = {}) => ({
  requester: { fullName: "Hoàng Văn Nam", personalId: ID("79088001122"), relationship: "ban-than" },
  record: { event: "khai-sinh", subjectFullName: "Hoàng Văn Nam", book: "02/1988", entryNumber: "57", registrationDate: "1988-05-20", registeredBy: "UBND phường 16, quận Tân Bình" },
  copies: 2,
  ...extra,
});
const copyCert = loadProcedure("civil-status.copy-certification");
const extract = loadProcedure("civil-status.extract-copy");
const rules = (data: Record<string, unknown>) => ({ data, documents: [], receivedOn: "2026-03-02", now: "2026-03-02T02:00:00.000Z", today: "2026-03-02" });
const reason = (en: string) => ({ vi: en, en });
const err = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as { code: string; errors?: unknown[]; extra?: unknown };
  }
  throw new Error("did not throw");
};

describe("fee computed at intake", () => {
  it("a free procedure records no fee, and payment is refused as nothing due", () => {
    const birth = loadProcedure("civil-status.birth-registration");
    const w = open(birth, birthDeclaration(), birthDocuments());
    expect(w.case.fee).toBeUndefined();
    const r = recordPayment(birth, w.case, { method: "cash" }, staff.reception, { now: w.now, receipt: "2026/000001" });
    expect(r.ok ? "ok" : r.error.code).toBe("fee.nothing_due");
  });

  it("a flat fee is the rule's amount", () => {
    expect(computeFee({ kind: "flat", amount: "50000" }, rules({}))).toEqual({ kind: "flat", amount: 50000, due: 50000 });
  });

  it("per page, with the cap: 2,000 VND a page, at most 200,000", () => {
    expect(open(copyCert, copyData(3), [{ id: "original", name: "a.pdf", sha256: "a".repeat(64) }, { id: "copies", name: "b.pdf", sha256: "b".repeat(64) }]).case.fee)
      .toEqual({ kind: "per-unit", amount: 6000, due: 6000, quantity: 3 });
    const capped = open(copyCert, copyData(150), [{ id: "original", name: "a.pdf", sha256: "a".repeat(64) }, { id: "copies", name: "b.pdf", sha256: "b".repeat(64) }]);
    expect(capped.case.fee).toEqual({ kind: "per-unit", amount: 200000, due: 200000, quantity: 150 });
    // The first entry carries the case with its fee: the chain commits to what was asked.
    expect(capped.entries[0]!.stateHash).toBe(caseStateHash(capped.case));
    expect(JSON.stringify(capped.entries[0]!.changes)).toContain('"fee":{"amount":200000');
  });

  it("a poor household is exempt (100 %): the fee is recorded with the reason and nothing is due", () => {
    const docs = [{ id: "requester-id", name: "cccd.pdf", sha256: "c".repeat(64) }];
    expect(open(extract, extractData(), docs).case.fee).toEqual({ kind: "per-unit", amount: 16000, due: 16000, quantity: 2 });
    const poor = open(extract, extractData({ poorHousehold: true }), docs).case.fee!;
    expect(poor).toMatchObject({ kind: "per-unit", amount: 16000, due: 0, quantity: 2, exemption: { percent: 100 } });
    expect(poor.exemption!.reason.vi).toMatch(/hộ nghèo/);
  });

  it("a partial exemption leaves the rest due, rounded down to the dong; of several that hold, the largest applies", () => {
    const rule: FeeRule = {
      kind: "per-unit", amount: "3333", unit: reason("page"), quantityField: "/pages",
      exemptions: [
        { when: "data.elderly = true", reason: reason("elderly"), percent: 50 },
        { when: "data.disabled = true", reason: reason("disabled"), percent: 70 },
      ],
    };
    expect(computeFee(rule, rules({ pages: 3, elderly: true }))).toEqual({ kind: "per-unit", amount: 9999, due: 4999, quantity: 3, exemption: { reason: reason("elderly"), percent: 50 } });
    expect(computeFee(rule, rules({ pages: 3, elderly: true, disabled: true }))!.exemption).toEqual({ reason: reason("disabled"), percent: 70 });
    expect(computeFee(rule, rules({ pages: 3, elderly: true, disabled: true }))!.due).toBe(2999);
    expect(computeFee(rule, rules({ pages: 3 }))!.exemption).toBeUndefined();
  });

  it("a quantity that is not a whole number is the dossier's error, naming the field", () => {
    const rule: FeeRule = { kind: "per-unit", amount: "1000", unit: reason("copy"), quantityField: "/copies" };
    const e = err(() => computeFee(rule, rules({ copies: "2" })));
    expect(e.code).toBe("data.invalid");
    expect(e.errors).toEqual([expect.objectContaining({ pointer: "/data/copies", rule: "fee-quantity" })]);
  });

  it("an exemption rule that gives no true or false is the procedure's error, naming the rule", () => {
    const rule: FeeRule = { kind: "flat", amount: "1000", exemptions: [{ when: "data.household", reason: reason("x") }] };
    const e = err(() => computeFee(rule, rules({ household: "ngheo" })));
    expect(e.code).toBe("expression.failed");
    expect(e.extra).toMatchObject({ at: "/fee/exemptions/0/when" });
  });
});

describe("payment step", () => {
  const docs = [{ id: "requester-id", name: "cccd.pdf", sha256: "c".repeat(64) }];
  const now = "2026-03-02T03:00:00.000Z";

  it("records method, reference and receipt in the case and its entry; a second payment is refused", () => {
    const w = open(extract, extractData(), docs);
    const r = recordPayment(extract, w.case, { method: "online", reference: "DVC-2026-778899" }, staff.reception, { now, receipt: "2026/000001" });
    if (!r.ok) throw r.error;
    expect(r.case.fee!.payment).toEqual({ at: now, method: "online", reference: "DVC-2026-778899", receipt: "2026/000001", by: staff.reception.id });
    expect(r.case.state).toBe(w.case.state);
    expect(r.entry).toMatchObject({ action: "system:payment", seq: 1, prevHash: w.entries[0]!.hash, input: { method: "online", receipt: "2026/000001", amount: 16000 } });
    expect(r.entry.stateHash).toBe(caseStateHash(r.case));
    const again = recordPayment(extract, r.case, { method: "cash" }, staff.reception, { now, receipt: "2026/000002" });
    expect(again.ok ? "ok" : again.error.code).toBe("fee.already_paid");
  });

  it("refuses an exempt case, an online payment without reference, another role and another unit", () => {
    const poor = open(extract, extractData({ poorHousehold: true }), docs);
    const code = (r: { ok: boolean; error?: { code: string; errors?: Array<{ pointer: string }> } }) => (r.ok ? "ok" : `${r.error!.code} ${r.error!.errors?.map((x) => x.pointer).join(",") ?? ""}`.trim());
    expect(code(recordPayment(extract, poor.case, { method: "cash" }, staff.reception, { now, receipt: "x" }))).toBe("fee.nothing_due");
    const w = open(extract, extractData(), docs);
    expect(code(recordPayment(extract, w.case, { method: "online" }, staff.reception, { now, receipt: "x" }))).toBe("data.invalid /reference");
    expect(code(recordPayment(extract, w.case, { method: "card" }, staff.reception, { now, receipt: "x" }))).toBe("data.invalid /method");
    expect(code(recordPayment(extract, w.case, { method: "cash" }, staff.civilStatus, { now, receipt: "x" }))).toBe("actor.role_not_permitted");
    expect(code(recordPayment(extract, w.case, { method: "cash" }, actor("other", ["reception"], OTHER_UNIT), { now, receipt: "x" }))).toBe("actor.unit_not_permitted");
  });
});

// compileProcedure is the path a published procedure takes: the catalog's exemption compiles.
it("the catalog's extract-copy procedure declares its exemption", () => {
  const def = readJson("procedures/civil-status.extract-copy.json") as { fee: { exemptions?: unknown[] } };
  expect(def.fee.exemptions).toHaveLength(1);
  expect(() => compileProcedure(def)).not.toThrow();
});

it("lint reads exemption rules like the procedure's other rules: a misspelt field or bad syntax is named at its pointer", () => {
  const def = readJson("procedures/civil-status.extract-copy.json") as { fee: { exemptions: Array<{ when: string }> } };
  expect(lintProcedure(def).filter((d) => d.severity === "error")).toEqual([]);
  def.fee.exemptions[0]!.when = "data.poorHouse = true";
  expect(lintProcedure(def)).toContainEqual(expect.objectContaining({ code: "expression.field-unknown", pointer: "/fee/exemptions/0/when", params: { field: "/poorHouse" } }));
  def.fee.exemptions[0]!.when = "data.poorHousehold =";
  expect(lintProcedure(def)).toContainEqual(expect.objectContaining({ code: "expression.invalid", pointer: "/fee/exemptions/0/when" }));
});
