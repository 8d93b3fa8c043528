// Form schemas are checked against the JSON Schema meta-schema, and their local references must resolve.
import { describe, it, expect } from "vitest";
import { lintProcedure } from "../../engine/procedure/lint.js";
import { readJson } from "../support/engine.js";

const base = () => structuredClone(readJson("procedures/civil-status.birth-registration.json")) as { form: { schema: Record<string, unknown> } };

describe("form schema lint", () => {
  it("reports a $ref that resolves nowhere, pointing at the $ref", () => {
    const p = base();
    (p.form.schema.properties as Record<string, unknown>).mother = { $ref: "#/$defs/parnet" };
    const d = lintProcedure(p).filter((x) => x.code === "form.invalid-schema");
    expect(d.map((x) => x.pointer)).toEqual(["/form/schema/properties/mother/$ref"]);
  });

  it("refuses a remote $ref: a form must be self-contained", () => {
    const p = base();
    (p.form.schema.properties as Record<string, unknown>).mother = { $ref: "https://example.org/person.json" };
    expect(lintProcedure(p).map((x) => x.code)).toContain("form.invalid-schema");
  });

  it("accepts the catalog's resolvable references", () => {
    expect(lintProcedure(base())).toEqual([]);
  });
});
