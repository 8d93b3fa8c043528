// The engine copies client data (NFC normalisation, merge patches) with defined members, so a
// "__proto__" member parsed from JSON stays an ordinary key: validation sees exactly what is
// stored, whatever reaches the engine (the HTTP gate refuses the key before it, the CLI does not).
import { describe, it, expect } from "vitest";
import { normalizeNfc, canonicalJson } from "../../engine/hash.js";
import { mergePatch } from "../../engine/form.js";
import { BIRTH_DECLARATION, PROVINCE, UNIT, act, calendar, doc, loadProcedure, open, refused, staff } from "../support/engine.js";
import { openCase } from "../../engine/intake.js";

const parsed = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe("__proto__ members in engine copies", () => {
  it("normalizeNfc keeps __proto__ as a member, never as the copy's prototype", () => {
    const copy = normalizeNfc(parsed('{"__proto__":{"fullName":"x"}}'));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy.fullName).toBeUndefined();
    expect(Object.keys(copy)).toEqual(["__proto__"]);
    // What is hashed (and stored) is what was validated: the member is there.
    expect(canonicalJson(copy)).toBe('{"__proto__":{"fullName":"x"}}');
  });

  it("mergePatch neither pollutes Object.prototype nor merges into inherited members", () => {
    const out = mergePatch({ a: 1 }, parsed('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(out.polluted).toBeUndefined();
    expect(Object.keys(out)).toEqual(["a", "__proto__", "constructor"]);
    expect(out.constructor).toEqual({ prototype: { polluted: true } });
  });

  it("refuses an intake whose child's name is only under __proto__ (required field missing)", () => {
    const cp = loadProcedure("civil-status.birth-registration");
    const { fullName: _gone, ...child } = BIRTH_DECLARATION.child;
    const data = parsed(JSON.stringify({ ...BIRTH_DECLARATION, child }).replace('"child":{', '"child":{"__proto__":{"fullName":"x"},'));
    const r = openCase(cp, { id: "c", code: "HS-1", unit: UNIT, province: PROVINCE, channel: "counter", data, documents: [doc("birth-certificate"), doc("declarant-id", 2)] }, staff.reception, { now: "2026-03-02T02:00:00.000Z", calendar: calendar() });
    if (r.ok) throw new Error("intake accepted without the child's name");
    expect(r.error.code).toBe("data.invalid");
    expect(r.error.errors?.map((e) => e.pointer)).toContain("/data/child/fullName");
  });

  it("refuses a record whose book and number are only under __proto__, so no register entry is made", async () => {
    const w = open(loadProcedure("civil-status.birth-registration"), BIRTH_DECLARATION, [doc("birth-certificate"), doc("declarant-id", 2)]);
    await act(w, staff.reception, { action: "accept" });
    expect(await refused(w, staff.civilStatus, { action: "record", data: parsed('{"__proto__":{"book":"01/2026","entryNumber":"7"}}') })).toBe("data.invalid");
  });
});
