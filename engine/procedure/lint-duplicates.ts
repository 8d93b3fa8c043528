// Lint of the possible-duplicates check (engine/duplicates.ts): every field it compares is one the
// form declares. A pointer to nowhere would make every dossier's key missing, so the check would
// silently never fire.
import type { Procedure } from "../../schemas/generated/procedure.js";
import { type Diagnostic, pointer } from "../diagnostics.js";
import { declaresField } from "./lint-guards.js";

export function lintDuplicates(p: Procedure): Diagnostic[] {
  const schema = p.form.schema as Record<string, unknown>;
  return (p.intake.duplicates?.fields ?? []).flatMap((field, i) =>
    declaresField(schema, field)
      ? []
      : [{ code: "duplicates.field-unknown", severity: "error" as const, pointer: pointer("intake", "duplicates", "fields", i), message: `the form declares no field at '${field}'`, params: { field } }],
  );
}
