// Lint of tasks for another unit (engine/unit-task.ts): the answers are actions the other unit can
// take from the state, and every field the task reads or shows is a field of the form. An answer
// that can never be taken would leave the case waiting on a unit with no button to press; a shown
// field that does not exist would hand the other unit an empty page.
import type { Procedure } from "../../schemas/generated/procedure.js";
import { type Diagnostic, pointer } from "../diagnostics.js";
import { declaresField } from "./lint-guards.js";

export function lintUnitTasks(p: Procedure): Diagnostic[] {
  const out: Diagnostic[] = [];
  const schema = p.form.schema as Record<string, unknown>;
  const docs = new Set(p.form.documents.map((d) => d.id));
  for (const [id, s] of Object.entries(p.states)) {
    const t = s.unitTask;
    if (!t) continue;
    t.answers.forEach((a, i) => {
      const action = p.actions.find((x) => x.id === a && x.from.includes(id));
      if (!action || (s.owner !== undefined && !action.roles.includes(s.owner))) {
        const message = `'${a}' is not an action the owner role '${s.owner ?? ""}' can take from '${id}'`;
        out.push({ code: "unit-task.answer-unavailable", severity: "error", pointer: pointer("states", id, "unitTask", "answers", i), message, params: { state: id, action: a } });
      }
    });
    const fields: Array<[string, string]> = [
      ...("fromData" in t.unit ? [[t.unit.fromData, pointer("states", id, "unitTask", "unit", "fromData")] as [string, string]] : []),
      ...t.shows.data.map((f, i) => [f, pointer("states", id, "unitTask", "shows", "data", i)] as [string, string]),
    ];
    for (const [field, at] of fields) {
      if (!declaresField(schema, field)) out.push({ code: "unit-task.field-unknown", severity: "error", pointer: at, message: `the form has no field '${field}'`, params: { state: id, field } });
    }
    (t.shows.documents ?? []).forEach((d, i) => {
      if (!docs.has(d)) out.push({ code: "document.unknown", severity: "error", pointer: pointer("states", id, "unitTask", "shows", "documents", i), message: `unknown document '${d}'`, params: { document: d } });
    });
  }
  return out;
}
