// Validation and lint of a procedure file: ajv for the format, then semantic checks that a
// schema cannot express. Every diagnostic carries a stable code and a JSON pointer.
import type { Procedure } from "../../schemas/generated/procedure.js";
import { createAjv, validateProcedureSchema } from "../json-schema.js";
import { type Diagnostic, pointer } from "../diagnostics.js";
import { isKnownGuard, readPointer } from "../guards.js";
import { SYSTEM_ROLE } from "../case.js";
import { edgesOf, shortestPaths, describePath } from "./graph.js";
import { lintGraph } from "./lint-graph.js";
import { lintGuards, lintRegisters } from "./lint-guards.js";
import { duplicateKeys } from "./duplicate-keys.js";
import { lintPublicFacts } from "./lint-public-facts.js";
import { lintSigners } from "./lint-signers.js";
import { lintExtensions, lintLimits } from "./lint-limits.js";
import { lintExpressions } from "./lint-expressions.js";
import { lintUnitTasks } from "./lint-unit-task.js";
import { lintLinked } from "./lint-linked.js";
import { lintDuplicates } from "./lint-duplicates.js";

/** Required top-level members whose absence has a domain meaning of its own. */
const MISSING_CODES: Record<string, string> = { deadline: "deadline.missing", archive: "archive.missing", form: "form.missing" };

export function lintProcedure(doc: unknown): Diagnostic[] {
  if (!validateProcedureSchema(doc)) return schemaDiagnostics();
  const p = doc as Procedure;
  return [...lintReferences(p), ...lintGuards(p), ...lintRegisters(p), ...lintPublicFacts(p), ...lintSigners(p), ...lintLimits(p), ...lintExtensions(p), ...lintExpressions(p), ...lintUnitTasks(p), ...lintLinked(p), ...lintDuplicates(p), ...lintForm(p), ...lintGraph(p)];
}

/** Lint of a procedure file's text: what lintProcedure finds, plus what parsing would hide (a repeated key). */
export function lintProcedureText(text: string): Diagnostic[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return [{ code: "file.invalid-json", severity: "error", pointer: "", message: (e as Error).message, params: { detail: (e as Error).message } }];
  }
  return [...duplicateKeys(text), ...lintProcedure(doc)];
}

function schemaDiagnostics(): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of validateProcedureSchema.errors ?? []) {
    // oneOf failures repeat for every branch; keep the first message per place and rule.
    const missing = e.keyword === "required" ? String(e.params.missingProperty) : undefined;
    const ptr = missing ? `${e.instancePath}/${missing}` : e.instancePath;
    const code = missing && e.instancePath === "" && MISSING_CODES[missing] ? MISSING_CODES[missing]! : `schema.${e.keyword}`;
    const key = `${ptr}|${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const extra = e.keyword === "additionalProperties" ? ` '${String(e.params.additionalProperty)}'` : e.keyword === "enum" ? `: ${JSON.stringify(e.params.allowedValues)}` : "";
    out.push({ code, severity: "error", pointer: ptr, message: `${e.message ?? e.keyword}${extra}`, params: schemaParams(e.params as Record<string, unknown>) });
  }
  return out;
}

/** ajv's error params as flat strings and numbers (property, type, limit, allowed values...). */
function schemaParams(params: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    const name = k === "missingProperty" || k === "additionalProperty" ? "property" : k === "allowedValues" ? "values" : k === "allowedValue" ? "value" : k;
    out[name] = typeof v === "number" ? v : Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ") : typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

function lintReferences(p: Procedure): Diagnostic[] {
  const out: Diagnostic[] = [];
  const roles = new Set(p.roles.map((r) => r.id));
  const states = new Set(Object.keys(p.states));
  const docs = new Set(p.form.documents.map((d) => d.id));
  const err = (code: string, ptr: string, message: string, params: Record<string, string | number>) => out.push({ code, severity: "error", pointer: ptr, message, params });

  p.roles.forEach((r, i) => {
    if (p.roles.findIndex((x) => x.id === r.id) !== i) err("role.duplicate", pointer("roles", i, "id"), `role '${r.id}' is declared twice`, { role: r.id });
  });
  p.intake.roles.forEach((r, i) => {
    if (!roles.has(r)) err("role.unknown", pointer("intake", "roles", i), `unknown role '${r}'`, { role: r });
  });
  if (!states.has(p.initial)) err("state.unknown", pointer("initial"), `initial state '${p.initial}' is not declared`, { state: p.initial });
  if (!roles.has(p.archive.role)) err("role.unknown", pointer("archive", "role"), `unknown role '${p.archive.role}'`, { role: p.archive.role });

  for (const [id, s] of Object.entries(p.states)) {
    if (s.kind === "final") {
      if (!s.outcome) err("state.outcome-missing", pointer("states", id), `final state '${id}' must declare its outcome`, { state: id });
    } else {
      if (!s.owner) err("state.owner-missing", pointer("states", id), `state '${id}' must name the role whose queue holds it`, { state: id });
      else if (!roles.has(s.owner)) err("role.unknown", pointer("states", id, "owner"), `unknown role '${s.owner}'`, { role: s.owner });
    }
    if (s.timeout && !p.actions.some((a) => a.id === s.timeout!.action && a.from.includes(id) && a.roles.includes(SYSTEM_ROLE))) {
      err("timeout.action-unavailable", pointer("states", id, "timeout", "action"), `timeout action '${s.timeout.action}' must leave '${id}' and allow role '${SYSTEM_ROLE}'`, { action: s.timeout.action, state: id, role: SYSTEM_ROLE });
    }
  }

  p.actions.forEach((a, i) => {
    a.from.forEach((f, j) => {
      if (!states.has(f)) err("state.unknown", pointer("actions", i, "from", j), `unknown state '${f}'`, { state: f });
      else if (p.states[f]!.kind === "final") err("action.from-final", pointer("actions", i, "from", j), `action '${a.id}' leaves final state '${f}'`, { action: a.id, state: f });
    });
    if (!states.has(a.to)) err("state.unknown", pointer("actions", i, "to"), `unknown state '${a.to}'`, { state: a.to });
    a.branches?.forEach((b, k) => {
      if (!states.has(b.to)) err("state.unknown", pointer("actions", i, "branches", k, "to"), `unknown state '${b.to}'`, { state: b.to });
    });
    a.roles.forEach((r, j) => {
      if (r !== SYSTEM_ROLE && !roles.has(r)) err("role.unknown", pointer("actions", i, "roles", j), `unknown role '${r}'`, { role: r });
    });
    const guardName = typeof a.guard === "string" ? a.guard : a.guard?.type;
    if (guardName !== undefined && !isKnownGuard(guardName)) {
      err("guard.unknown", pointer("actions", i, "guard", ...(typeof a.guard === "string" ? [] : ["type"])), `unknown guard '${guardName}'`, { guard: guardName });
    }
    a.documents?.forEach((d, j) => {
      if (!docs.has(d)) err("document.unknown", pointer("actions", i, "documents", j), `unknown document '${d}'`, { document: d });
    });
    // Two entries of one action id from the same state make the transition ambiguous.
    for (let k = 0; k < i; k++) {
      const other = p.actions[k]!;
      const shared = other.id === a.id ? a.from.filter((f) => other.from.includes(f)) : [];
      if (shared.length > 0) err("action.duplicate", pointer("actions", i), `action '${a.id}' is declared twice from state '${shared[0]}' (also at /actions/${k})`, { action: a.id, state: shared[0]!, other: `/actions/${k}` });
    }
  });
  return out;
}

// One shared instance: validating a schema against the meta-schema compiles nothing new, so the
// lint of a 700-procedure catalog does not pay ajv's code generation per form (~12 ms each).
const metaAjv = createAjv();

function lintForm(p: Procedure): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (schema: Record<string, unknown>, ptr: string) => {
    if (!metaAjv.validateSchema(schema)) {
      const e = metaAjv.errors?.[0];
      out.push({ code: "form.invalid-schema", severity: "error", pointer: ptr + (e?.instancePath ?? ""), message: `not a valid JSON Schema: ${e?.message ?? "invalid"}`, params: { detail: e?.message ?? "invalid" } });
      return;
    }
    for (const ref of unresolvedRefs(schema)) {
      out.push({ code: "form.invalid-schema", severity: "error", pointer: ptr + ref.at, message: `not a valid JSON Schema: $ref '${ref.ref}' does not resolve`, params: { detail: `$ref '${ref.ref}'` } });
    }
  };
  check(p.form.schema, pointer("form", "schema"));
  p.actions.forEach((a, i) => a.data && check(a.data, pointer("actions", i, "data")));
  return out;
}

/** Local "#/..." references that point nowhere; remote references are refused outright (forms must be self-contained). */
function unresolvedRefs(schema: Record<string, unknown>): Array<{ at: string; ref: string }> {
  const bad: Array<{ at: string; ref: string }> = [];
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
    if (node === null || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string" && (!v.startsWith("#") || readPointer(schema, decodeURIComponent(v.slice(1))) === undefined)) bad.push({ at: `${at}/$ref`, ref: v });
      else walk(v, `${at}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
  };
  walk(schema, "");
  return bad;
}

export { edgesOf, shortestPaths, describePath };
