// Built-in steps: changes to a case that no procedure file declares — an apology notice, a claim,
// a reassignment, a move to a successor unit. Each is one audit entry in the case's hash chain,
// exactly like a procedure action, so history shows who did it, when, and what changed.
//
// Naming convention: built-in steps are named "system:<step>". Procedure action ids match
// ^[a-z][a-z0-9-]*$ (schemas/procedure.schema.json), so the ':' keeps the two namespaces apart
// forever. "system:" says the step is defined by the engine, not that the system actor took it:
// the entry's actor is whoever did (a supervisor reassigning, an administrator merging units).
// Timeouts declared in a procedure are NOT built-in steps: they fire the procedure's own action
// (e.g. "expire") as the system actor (engine/timeout.ts).
import type { CompiledProcedure } from "./compile.js";
import type { Actor, AuditEntry, CaseState } from "./case.js";
import { MotcuaError } from "./errors.js";
import { buildEntry, withHead } from "./step.js";
import type { WorkingCalendar } from "./calendar.js";
import { noticeEffects } from "./notice.js";
import { entryEffect, type OutboxEffect } from "./apply.js";

export const BUILTIN_STEPS = {
  apology: "system:apology",
  claim: "system:claim",
  release: "system:release",
  reassign: "system:reassign",
  unitMerge: "system:unit-merge",
  versionMigration: "system:version-migration",
  payment: "system:payment",
} as const;

/** A unit's leader of the one-stop team: reassigns work and may record apology notices for any state. */
export const SUPERVISOR_ROLE = "supervisor";

/** The province's administrator: merges communes, moves running cases to a newer procedure version. */
export const ADMIN_ROLE = "admin";

export type BuiltinStep = (typeof BUILTIN_STEPS)[keyof typeof BUILTIN_STEPS];

export interface BuiltinInput {
  actor: Actor;
  /** The role the actor acted in (recorded in the entry). */
  role: string;
  action: BuiltinStep;
  input: Record<string, unknown>;
  at: string;
  /** Given for a step the citizen is told of (an apology notice): the calendar dates the notice. */
  calendar?: WorkingCalendar;
}

/** Applies `changes` (never the state itself: built-in steps do not move the case in its procedure) and seals the entry. */
export function builtinStep(cp: CompiledProcedure, before: CaseState, changes: Partial<CaseState>, e: BuiltinInput): { case: CaseState; entry: AuditEntry; effects: OutboxEffect[] } {
  const after: CaseState = { ...before, ...changes, state: before.state, version: before.version + 1 };
  const effects = e.calendar ? noticeEffects(cp, before, after, { action: e.action, input: e.input }, before.seq, e.calendar) : [];
  const entry = buildEntry(cp, { before, after, actor: e.actor, role: e.role, action: e.action, input: e.input, at: e.at, effects: effects.map(entryEffect) });
  return { case: withHead(after, entry), entry, effects };
}

/** The checks every built-in step shares: the case is open and the actor works in its unit. */
export function checkOpenInUnit(c: CaseState, actor: Actor): void {
  if (actor.unit !== c.unit) throw new MotcuaError("actor.unit_not_permitted", `official of unit ${actor.unit} has no jurisdiction over a case of unit ${c.unit}`);
  if (c.closedAt !== null) throw new MotcuaError("case.closed", `case is closed (${c.state})`);
}

/** Role whose queue holds the case in its current state (null in final states). */
export function queueRole(cp: CompiledProcedure, c: CaseState): string | null {
  return cp.def.states[c.state]?.owner ?? null;
}
