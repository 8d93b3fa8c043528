// Lint of what actions read from data: guard parameters and register pointers. A guard that names
// a document or a dossier field the procedure does not declare is false for every case: the
// action never becomes available and dossiers stall with no error anywhere; a register pointer
// to no field would let every entry number through unchecked. Errors, where they were written.
import type { Procedure } from "../../schemas/generated/procedure.js";
import { type Diagnostic, pointer } from "../diagnostics.js";
import { GUARDS, readPointer } from "../guards.js";
import { createAjv, toFieldErrors, type ValidateFunction } from "../json-schema.js";

const ajv = createAjv();
const validators = new Map<string, ValidateFunction>();

function paramsValidator(name: string): ValidateFunction | undefined {
  const schema = GUARDS[name]?.params.schema;
  if (!schema) return undefined;
  let v = validators.get(name);
  if (!v) validators.set(name, (v = ajv.compile(schema)));
  return v;
}

/** A register entry is read from the action's data: both pointers must name fields its schema declares. */
export function lintRegisters(p: Procedure): Diagnostic[] {
  const out: Diagnostic[] = [];
  p.actions.forEach((a, i) => {
    if (!a.register) return;
    for (const member of ["book", "entry"] as const) {
      const field = a.register[member];
      if (!a.data || !declaresField(a.data as Record<string, unknown>, field)) {
        out.push({ code: "register.field-unknown", severity: "error", pointer: pointer("actions", i, "register", member), message: `action '${a.id}' has no data field at '${field}'`, params: { action: a.id, field } });
      }
    }
  });
  return out;
}

export function lintGuards(p: Procedure): Diagnostic[] {
  const out: Diagnostic[] = [];
  const docs = new Set(p.form.documents.map((d) => d.id));
  p.actions.forEach((a, i) => {
    const ref = typeof a.guard === "string" ? { type: a.guard } : a.guard;
    const guard = ref && Object.prototype.hasOwnProperty.call(GUARDS, ref.type) ? GUARDS[ref.type]! : undefined;
    if (!ref || !guard) return; // no guard, or an unknown one (guard.unknown)
    const at = pointer("actions", i, "guard", "params");
    const params = (ref as { params?: Record<string, unknown> }).params ?? {};
    const validate = paramsValidator(ref.type);
    if (!validate) {
      if (Object.keys(params).length > 0) out.push({ code: "guard.params-invalid", severity: "error", pointer: at, message: `guard '${ref.type}' takes no params`, params: { guard: ref.type, detail: "no params" } });
      return;
    }
    if (!validate(params)) {
      for (const e of toFieldErrors(validate.errors)) {
        out.push({ code: "guard.params-invalid", severity: "error", pointer: at + e.pointer, message: `guard '${ref.type}': ${e.message}`, params: { guard: ref.type, detail: e.message } });
      }
      return;
    }
    const docsMember = guard.params.documents;
    if (docsMember) {
      (params[docsMember] as string[]).forEach((id, j) => {
        if (!docs.has(id)) out.push({ code: "document.unknown", severity: "error", pointer: `${at}/${docsMember}/${j}`, message: `unknown document '${id}'`, params: { document: id } });
      });
    }
    const fieldMember = guard.params.field;
    if (fieldMember) {
      const field = params[fieldMember] as string;
      if (!declaresField(p.form.schema as Record<string, unknown>, field)) {
        out.push({ code: "guard.field-unknown", severity: "error", pointer: `${at}/${fieldMember}`, message: `the form declares no field at '${field}'`, params: { field } });
      }
    }
  });
  return out;
}

/** Whether a JSON pointer into the data names something the form schema declares (properties, items, local $ref, allOf/anyOf/oneOf, if/then/else branches). */
export function declaresField(root: Record<string, unknown>, ptr: string): boolean {
  const tokens = ptr.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  const step = (schema: unknown, k: number, depth: number): boolean => {
    if (depth > 32 || schema === null || typeof schema !== "object") return false;
    const s = schema as Record<string, unknown>;
    if (typeof s.$ref === "string" && s.$ref.startsWith("#") && step(readPointer(root, decodeURIComponent(s.$ref.slice(1))), k, depth + 1)) return true;
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      if (Array.isArray(s[key]) && (s[key] as unknown[]).some((b) => step(b, k, depth + 1))) return true;
    }
    for (const key of ["then", "else"]) if (s[key] && step(s[key], k, depth + 1)) return true;
    if (k === tokens.length) return true;
    const token = tokens[k]!;
    const props = s.properties as Record<string, unknown> | undefined;
    if (props && Object.prototype.hasOwnProperty.call(props, token)) return step(props[token], k + 1, depth + 1);
    if (/^(0|[1-9]\d*)$/.test(token) && s.items && typeof s.items === "object") return step(s.items, k + 1, depth + 1);
    return false;
  };
  return step(root, 0, 0);
}
