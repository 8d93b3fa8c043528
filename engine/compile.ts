// Compiles a validated procedure into an XState v5 machine plus the validators its cases need.
// Compiled once per procedure version and cached by the caller: versions are immutable.
import { setup, type AnyStateMachine } from "xstate";
import type { GuardRef, Procedure } from "../schemas/generated/procedure.js";
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
      const index = def.actions.indexOf(a);
      const own = a.guard ? [guardCheck(a.guard, `/actions/${index}/guard`)] : [];
      // Branches first, in order; XState takes the first transition whose guards all hold.
      (a.branches ?? []).forEach((b, k) => {
        (on[a.id] ??= []).push({ target: b.to, guard: checks([...own, { name: "expression", params: { expression: b.when, at: `/actions/${index}/branches/${k}/when` } }]) });
      });
      (on[a.id] ??= []).push({ target: a.to, ...(own.length > 0 ? { guard: checks(own) } : {}) });
    }
    states[id] = s.kind === "final" ? { type: "final" } : { on };
  }
  // One dispatcher guard resolves the names in the JSON through the fixed registry (STYLE.md #4).
  return setup({
    types: {} as { context: GuardContext; events: MachineEvent },
    guards: {
      procedureGuard: ({ context }, params: { checks: GuardCheck[] }) => params.checks.every((g) => GUARDS[g.name]!.impl(context, g.params)),
    },
  }).createMachine({
    id: procedureKey(def),
    initial: def.initial,
    context: { data: {}, documents: [], requiredDocuments: [] },
    states,
  } as never) as unknown as AnyStateMachine;
}

interface GuardCheck {
  name: string;
  params: Record<string, unknown>;
}

function guardCheck(g: GuardRef, at: string): GuardCheck {
  const name = typeof g === "string" ? g : g.type;
  const params = typeof g === "string" ? {} : (g.params ?? {});
  return { name, params: name === "expression" ? { ...params, at: `${at}/params/expression` } : params };
}

function checks(list: GuardCheck[]): object {
  return { type: "procedureGuard", params: { checks: list } };
}
