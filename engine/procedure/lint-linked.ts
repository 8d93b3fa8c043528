// Lint of interconnected procedures (engine/linked.ts): each part maps fields this form declares,
// and the gate names actions of this procedure. The linked procedure and its form live in other
// files; publishing checks nothing across files, intake does (a part's form refuses what it gets,
// naming the parent's field).
import type { Procedure } from "../../schemas/generated/procedure.js";
import { type Diagnostic, pointer } from "../diagnostics.js";
import { declaresField } from "./lint-guards.js";

export function lintLinked(p: Procedure): Diagnostic[] {
  if (!p.linked) return [];
  const out: Diagnostic[] = [];
  const schema = p.form.schema as Record<string, unknown>;
  const docs = new Set(p.form.documents.map((d) => d.id));
  p.linked.gate.forEach((a, i) => {
    if (!p.actions.some((x) => x.id === a)) out.push({ code: "linked.gate-unknown", severity: "error", pointer: pointer("linked", "gate", i), message: `the gate names no action '${a}'`, params: { action: a } });
  });
  p.linked.parts.forEach((part, i) => {
    const fields = [...part.map.map((m, j) => [m.from, pointer("linked", "parts", i, "map", j, "from")] as const)];
    if ("fromData" in part.owner) fields.push([part.owner.fromData, pointer("linked", "parts", i, "owner", "fromData")]);
    for (const [field, at] of fields) {
      if (!declaresField(schema, field)) out.push({ code: "linked.field-unknown", severity: "error", pointer: at, message: `the form has no field '${field}'`, params: { part: part.id, field } });
    }
    (part.documents ?? []).forEach((d, j) => {
      if (!docs.has(d.from)) out.push({ code: "document.unknown", severity: "error", pointer: pointer("linked", "parts", i, "documents", j, "from"), message: `unknown document '${d.from}'`, params: { document: d.from } });
    });
  });
  return out;
}
