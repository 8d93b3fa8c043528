// The possible-duplicates key: the declared fields' values as text, or none when any is missing,
// so a half-filled form never flags unrelated dossiers.
import { describe, expect, it } from "vitest";
import { duplicateKey } from "../../engine/index.js";
import type { Procedure } from "../../schemas/generated/procedure.js";

const def = (fields?: string[]) => ({ intake: { roles: ["clerk"], ...(fields ? { duplicates: { fields } } : {}) } }) as unknown as Procedure;
const FIELDS = ["/child/fullName", "/child/dateOfBirth", "/mother/fullName"];

describe("duplicateKey", () => {
  it("reads each declared field in order, NFC, trimmed, single-spaced", () => {
    const data = { child: { fullName: "  Nguye\u0302\u0303n   Minh An ", dateOfBirth: "2026-11-20" }, mother: { fullName: "Trần Thị Bình" } };
    expect(duplicateKey(def(FIELDS), data)).toEqual([
      { field: "/child/fullName", value: "Nguyễn Minh An" },
      { field: "/child/dateOfBirth", value: "2026-11-20" },
      { field: "/mother/fullName", value: "Trần Thị Bình" },
    ]);
  });

  it("is null when the procedure declares no check", () => {
    expect(duplicateKey(def(), { child: { fullName: "An" } })).toBeNull();
  });

  it.each([
    ["a missing field", { child: { fullName: "An", dateOfBirth: "2026-11-20" } }],
    ["a blank field", { child: { fullName: " ", dateOfBirth: "2026-11-20" }, mother: { fullName: "Bình" } }],
    ["an object where a value belongs", { child: { fullName: { x: 1 }, dateOfBirth: "2026-11-20" }, mother: { fullName: "Bình" } }],
    ["no data", undefined],
  ])("is null with %s", (_name, data) => {
    expect(duplicateKey(def(FIELDS), data)).toBeNull();
  });

  it("reads numbers and booleans as their text", () => {
    expect(duplicateKey(def(["/n", "/b"]), { n: 12, b: true })).toEqual([{ field: "/n", value: "12" }, { field: "/b", value: "true" }]);
  });
});
