// Lint of a signature checkpoint's public facts: each names a field the case will have when it is
// signed (a form field, the register line, the code), once. A fact pointing nowhere would print
// nothing on the public check, and the bank clerk would have nothing to compare.
import type { Procedure } from "../../schemas/generated/procedure.js";
import { type Diagnostic, pointer } from "../diagnostics.js";
import { isFactPointer } from "../public-facts.js";
import { declaresField } from "./lint-guards.js";

export function lintPublicFacts(p: Procedure): Diagnostic[] {
  const out: Diagnostic[] = [];
  p.actions.forEach((a, i) => {
    const seen = new Set<string>();
    (a.signature?.publicFacts ?? []).forEach((f, j) => {
      const at = pointer("actions", i, "signature", "publicFacts", j);
      if (seen.has(f.id)) out.push({ code: "public-fact.duplicate", severity: "error", pointer: `${at}/id`, message: `public fact '${f.id}' is declared twice`, params: { fact: f.id } });
      seen.add(f.id);
      const known = isFactPointer(f.pointer) && (!f.pointer.startsWith("/data/") || declaresField(p.form.schema as Record<string, unknown>, f.pointer.slice(5)));
      if (!known) {
        out.push({ code: "public-fact.field-unknown", severity: "error", pointer: `${at}/pointer`, message: `public fact '${f.id}' names no field of the case at '${f.pointer}'`, params: { fact: f.id, field: f.pointer } });
      }
    });
  });
  return out;
}
