// Dossier fields the form requires only when a rule holds (form.requiredWhen), e.g. the reason
// for a late declaration once the declaration is late. JSON Schema can require a field only on
// other fields' values; these rules may also read the date of receipt and the documents.
import type { CompiledProcedure } from "./compile.js";
import type { ExpressionContext } from "./expression/evaluate.js";
import { holds } from "./expression/condition.js";
import { MotcuaError } from "./errors.js";
import { readPointer } from "./guards.js";

export function checkRequiredFields(cp: CompiledProcedure, rules: ExpressionContext): void {
  const errors: Array<{ pointer: string; rule: string; message: string }> = [];
  (cp.def.form.requiredWhen ?? []).forEach((r, i) => {
    if (!holds(r.when, rules, `/form/requiredWhen/${i}/when`)) return;
    for (const field of r.fields) {
      const v = readPointer(rules.data, field);
      if (v === undefined || v === null || v === "") errors.push({ pointer: `/data${field}`, rule: "requiredWhen", message: `required when ${r.when}` });
    }
  });
  if (errors.length > 0) throw new MotcuaError("data.invalid", `fields required by the form's rules: ${errors.map((e) => e.pointer).join(", ")}`, { errors });
}
