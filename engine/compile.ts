// Compiles a validated procedure into an XState v5 machine plus the validators its cases need.
// Compiled once per procedure version and cached by the caller: versions are immutable.
import { setup, type AnyStateMachine } from "xstate";
import type { Action, Procedure } from "../schemas/generated/procedure.js";
import { createAjv, type ValidateFunction } from "./json-schema.js";
import { GUARDS, type GuardContext } from "./guards.js";
import { lintProcedure } from "./procedure/lint.js";
import { hasErrors, type Diagnostic } from "./diagnostics.js";
import { MotcuaError } from "./errors.js";
import type { CaseDocument } from "./case.js";

export interface CompiledProcedure {
  def: Procedure;
  /** "id@version", the name cases and audit entries use. */
  key: string;
  machine: AnyStateMachine;
  validateForm: ValidateFunction;
  /** Action data validators by action index. */
  actionData: Map<number, ValidateFunction>;
  requiredDocuments: string[];
  diagnostics: Diagnostic[];
}

export interface MachineEvent {
  type: string;
  data?: unknown;
  documents?: CaseDocument[];
}

export function procedureKey(p: { id: string; version: number }): string {
  return `${p.id}@${p.version}`;
}

export function compileProcedure(doc: unknown): CompiledProcedure {
  const diagnostics = lintProcedure(doc);
  if (hasErrors(diagnostics)) {
    throw new MotcuaError("procedure.invalid", `${diagnostics.filter((d) => d.severity === "error").length} lint error(s)`, { extra: { diagnostics } });
  }
  const def = doc as Procedure;
  const ajv = createAjv();
  const actionData = new Map<number, ValidateFunction>();
  def.actions.forEach((a, i) => a.data && actionData.set(i, ajv.compile(a.data)));
  return {
    def,
    key: procedureKey(def),
    machine: buildMachine(def),
    validateForm: ajv.compile(def.form.schema),
    actionData,
    requiredDocuments: def.form.documents.filter((d) => d.required).map((d) => d.id),
    diagnostics,
  };
}

function buildMachine(def: Procedure): AnyStateMachine {
  const states: Record<string, object> = {};
  for (const [id, s] of Object.entries(def.states)) {
    const on: Record<string, object[]> = {};
    for (const a of def.actions.filter((x) => x.from.includes(id))) {
      (on[a.id] ??= []).push({ target: a.to, ...(a.guard ? { guard: guardRef(a) } : {}) });
    }
    states[id] = s.kind === "final" ? { type: "final" } : { on };
  }
  // One dispatcher guard resolves the names in the JSON through the fixed registry (STYLE.md #4).
  return setup({
    types: {} as { context: GuardContext; events: MachineEvent },
    guards: {
      procedureGuard: ({ context }, params: { name: string; params: Record<string, unknown> }) =>
        GUARDS[params.name]!.impl(context, params.params),
    },
  }).createMachine({
    id: procedureKey(def),
    initial: def.initial,
    context: { data: {}, documents: [], requiredDocuments: [] },
    states,
  } as never) as unknown as AnyStateMachine;
}

function guardRef(a: Action): object {
  const g = a.guard!;
  const name = typeof g === "string" ? g : g.type;
  const params = typeof g === "string" ? {} : (g.params ?? {});
  return { type: "procedureGuard", params: { name, params } };
}
