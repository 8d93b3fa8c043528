// Lint of rules written as FEEL expressions: each must parse, and each dossier field it names
// must be declared by the form. A misspelt field would make the rule fail on every dossier (or,
// worse, hold on none), and the clerk would learn it at the counter.
import type { Procedure } from "../../schemas/generated/procedure.js";
import { type Diagnostic, pointer } from "../diagnostics.js";
import { parseFields } from "../expression/fields.js";
import { declaresField } from "./lint-guards.js";

/** Every expression of the procedure, with the JSON pointer where it is written. */
export function expressionsOf(p: Procedure): Array<{ at: string; expression: string }> {
  const out: Array<{ at: string; expression: string }> = [];
  p.form.documents.forEach((d, i) => {
    if (d.requiredWhen !== undefined) out.push({ at: pointer("form", "documents", i, "requiredWhen"), expression: d.requiredWhen });
  });
  p.form.requiredWhen?.forEach((r, i) => out.push({ at: pointer("form", "requiredWhen", i, "when"), expression: r.when }));
  p.actions.forEach((a, i) => {
    if (typeof a.guard === "object" && a.guard.type === "expression" && typeof a.guard.params?.expression === "string") {
      out.push({ at: pointer("actions", i, "guard", "params", "expression"), expression: a.guard.params.expression });
    }
    a.branches?.forEach((b, k) => out.push({ at: pointer("actions", i, "branches", k, "when"), expression: b.when }));
  });
  if (p.fee.kind !== "free") p.fee.exemptions?.forEach((x, i) => out.push({ at: pointer("fee", "exemptions", i, "when"), expression: x.when }));
  return out;
}

export function lintExpressions(p: Procedure): Diagnostic[] {
  const out: Diagnostic[] = [];
  const form = p.form.schema as Record<string, unknown>;
  for (const { at, expression } of expressionsOf(p)) {
    const parsed = parseFields(expression);
    if (!parsed.ok) {
      out.push({ code: "expression.invalid", severity: "error", pointer: at, message: `not a FEEL expression: ${parsed.message}`, params: { detail: parsed.message, position: parsed.position } });
      continue;
    }
    for (const name of new Set(parsed.names)) {
      out.push({ code: "expression.name-unknown", severity: "error", pointer: at, message: `'${name}' is not something a rule can read (data, documents, receivedOn, today(), now())`, params: { name } });
    }
    for (const field of new Set(parsed.fields)) {
      if (!declaresField(form, field)) out.push({ code: "expression.field-unknown", severity: "error", pointer: at, message: `the form declares no field at '${field}'`, params: { field } });
    }
  }
  // The fields a required-when rule requires must be fields of the form, or the rule requires nothing that can be given.
  p.form.requiredWhen?.forEach((r, i) => r.fields.forEach((field, j) => {
    if (!declaresField(form, field)) out.push({ code: "required-when.field-unknown", severity: "error", pointer: pointer("form", "requiredWhen", i, "fields", j), message: `the form declares no field at '${field}'`, params: { field } });
  }));
  return out;
}
