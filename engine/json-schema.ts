// Ajv instances for the procedure format and for the forms that procedures declare.
// Ajv compiles validators to functions: no I/O, so the engine stays pure.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsImport, { type FormatsPlugin } from "ajv-formats";
import type { FieldError } from "./errors.js";
import procedureSchema from "../schemas/procedure.schema.json" with { type: "json" };

// ajv-formats is CJS; under NodeNext its default export can arrive as the module object.
const addFormats = ((addFormatsImport as unknown as { default?: FormatsPlugin }).default ?? addFormatsImport) as FormatsPlugin;

export type { ValidateFunction };

export function createAjv(): Ajv2020 {
  // allErrors: an administrator fixing a file wants every problem at once, not one per run.
  // strict "log" would print; unknown keywords such as x-title-en are annotations, so allow them.
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  return ajv;
}

const procedureAjv = createAjv();
export const validateProcedureSchema: ValidateFunction = procedureAjv.compile(procedureSchema);

/** Turns ajv errors into field errors whose pointer names the offending field itself (for "required": the missing member). */
export function toFieldErrors(errors: ErrorObject[] | null | undefined, prefix = ""): FieldError[] {
  if (!errors) return [];
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let ptr = e.instancePath;
    if (e.keyword === "required") ptr += "/" + escapeToken(String(e.params.missingProperty));
    if (e.keyword === "additionalProperties") ptr += "/" + escapeToken(String(e.params.additionalProperty));
    const key = ptr + "|" + e.keyword;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer: prefix + ptr, rule: e.keyword, message: e.message ?? e.keyword });
  }
  return out;
}

function escapeToken(t: string): string {
  return t.replace(/~/g, "~0").replace(/\//g, "~1");
}
