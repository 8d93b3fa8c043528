// Which actions an official may take on a case right now: drives the buttons a clerk sees.
import type { Action } from "../schemas/generated/procedure.js";
import type { CompiledProcedure } from "./compile.js";
import type { Actor, CaseState } from "./case.js";
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

export function availableActions(cp: CompiledProcedure, c: CaseState, actor: Actor): AvailableAction[] {
  if (c.closedAt !== null) return [];
  const snapshot = cp.machine.resolveState({ value: c.state, context: { data: c.data, documents: c.documents, requiredDocuments: cp.requiredDocuments } });
  return cp.def.actions
    .filter((a) => a.from.includes(c.state) && a.roles.some((r) => actor.roles.includes(r)) && actingUnit(cp, c, a.id) === actor.unit)
    .map((a) => ({
      id: a.id,
      title: a.title,
      to: a.to,
      enabled: snapshot.can({ type: a.id, documents: c.documents }),
      needsData: a.data !== undefined || a.updatesForm === true,
      ...(a.signature ? { signature: a.signature } : {}),
      ...(a.register ? { register: a.register } : {}),
    }));
}
