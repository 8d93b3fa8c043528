// Which actions an official may take on a case right now: drives the buttons a clerk sees.
import type { Action } from "../schemas/generated/procedure.js";
import type { CompiledProcedure } from "./compile.js";
import type { Actor, CaseState } from "./case.js";
import type { AnyStateMachine } from "xstate";
import { guardContext, type RuleTime } from "./rule-context.js";
import { actingUnit } from "./unit-task.js";

export function findAction(cp: CompiledProcedure, state: string, actionId: string): { action: Action; index: number } | undefined {
  const index = cp.def.actions.findIndex((a) => a.id === actionId && a.from.includes(state));
  return index < 0 ? undefined : { action: cp.def.actions[index]!, index };
}

export interface AvailableAction {
  id: string;
  title: Action["title"];
  to: string;
  /** False when a named condition (e.g. required documents) is not met yet. */
  enabled: boolean;
  needsData: boolean;
  signature?: Action["signature"];
  /** Where the action's data names the register book and entry number (see `registerBooks` in the case view). */
  register?: Action["register"];
}

/** `at` is the instant expression rules see (today(), now()). */
export function availableActions(cp: CompiledProcedure, c: CaseState, actor: Actor, at: RuleTime): AvailableAction[] {
  // Who may act is decided per action below (the case's unit, or the unit a task went to).
  if (c.closedAt !== null) return [];
  let snapshot: ReturnType<AnyStateMachine["resolveState"]> | undefined;
  try {
    snapshot = cp.machine.resolveState({ value: c.state, context: guardContext(cp, c, c.data, c.documents, at) });
  } catch {
    // A rule that cannot be evaluated on this dossier: the buttons show disabled; taking the
    // action answers with the problem (expression.failed) naming the rule.
  }
  const can = (id: string): boolean => {
    try {
      return snapshot?.can({ type: id, documents: c.documents }) ?? false;
    } catch {
      return false;
    }
  };
  return cp.def.actions
    .filter((a) => a.from.includes(c.state) && a.roles.some((r) => actor.roles.includes(r)) && actingUnit(cp, c, a.id) === actor.unit)
    .map((a) => ({
      id: a.id,
      title: a.title,
      to: a.to,
      enabled: can(a.id),
      needsData: a.data !== undefined || a.updatesForm === true,
      ...(a.signature ? { signature: a.signature } : {}),
      ...(a.register ? { register: a.register } : {}),
    }));
}
