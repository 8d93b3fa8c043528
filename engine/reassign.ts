// Who holds a case. A case always sits in a queue: its unit plus the role owning its current
// state. One official may hold it (claim), give it back (release), or a supervisor may hand it
// to someone else (reassign) — e.g. every open case of an official who left; an administrator of
// the province who deactivates an official puts theirs back in the queues (release-departed).
// Each change is an audit entry naming the previous and the new holder, so the history survives
// staff changes.
//
// A hold is tied to the queue it was taken in (assigneeRole): when the case moves to a state
// owned by another role, the hold lapses and the case waits in the new role's queue.
import type { CompiledProcedure } from "./compile.js";
import type { Actor, AuditEntry, CaseState } from "./case.js";
import { MotcuaError } from "./errors.js";
import { type Result, attempt } from "./result.js";
import { ADMIN_ROLE, BUILTIN_STEPS, SUPERVISOR_ROLE, builtinStep, checkOpenInUnit, queueRole } from "./builtin-step.js";

/** An official who may receive a case, as the store knows them. */
export interface Candidate {
  id: string;
  unit: string;
  roles: string[];
  active: boolean;
}

export type AssignmentRequest =
  | { kind: "claim" }
  | { kind: "release" }
  /** to: null puts the case back into its queue. */
  | { kind: "reassign"; to: Candidate | null; reason?: string }
  /**
   * The holder was deactivated: the case goes back to its queue, by an administrator of the
   * case's province (who works from the province, not the case's unit).
   */
  | { kind: "release-departed"; departed: string; reason: string };

/** entry is null when nothing changes (claiming a case one already holds): retries are harmless. */
export type AssignmentResult = Result<{ case: CaseState; entry: AuditEntry | null }>;

/** The official holding the case in its current queue, or null when it waits unclaimed. */
export function holder(cp: CompiledProcedure, c: CaseState): string | null {
  if (c.closedAt !== null || c.assignee === null) return null;
  // Cases assigned before queues were tracked have no assigneeRole: the assignment stands.
  if (c.assigneeRole === undefined || c.assigneeRole === null) return c.assignee;
  return c.assigneeRole === queueRole(cp, c) ? c.assignee : null;
}

/** Whether a candidate can hold the case in its current state. */
export function canHold(cp: CompiledProcedure, c: CaseState, who: Candidate): boolean {
  const role = queueRole(cp, c);
  return who.active && who.unit === c.unit && role !== null && who.roles.includes(role);
}

export function assign(cp: CompiledProcedure, c: CaseState, req: AssignmentRequest, actor: Actor, now: string): AssignmentResult {
  return attempt(() => {
    if (req.kind === "release-departed") return releaseDeparted(cp, c, req, actor, now);
    checkOpenInUnit(c, actor);
    const queue = queueRole(cp, c);
    if (queue === null) throw new MotcuaError("action.not_available", `state '${c.state}' has no queue`);
    const current = holder(cp, c);
    let to: string | null;
    let role: string;
    let action: (typeof BUILTIN_STEPS)["claim" | "release" | "reassign"];
    if (req.kind === "claim") {
      if (!actor.roles.includes(queue)) throw new MotcuaError("actor.role_not_permitted", `the queue of state '${c.state}' is role '${queue}'`);
      if (current !== null && current !== actor.id) throw new MotcuaError("assignment.already_claimed", `held by ${current}`, { extra: { assignee: current } });
      [to, role, action] = [actor.id, queue, BUILTIN_STEPS.claim];
    } else if (req.kind === "release") {
      if (current === null) return { case: c, entry: null };
      if (current !== actor.id && !actor.roles.includes(SUPERVISOR_ROLE)) throw new MotcuaError("assignment.not_holder", `held by ${current}`);
      [to, role, action] = [null, current === actor.id && actor.roles.includes(queue) ? queue : SUPERVISOR_ROLE, BUILTIN_STEPS.release];
    } else {
      if (!actor.roles.includes(SUPERVISOR_ROLE)) throw new MotcuaError("actor.role_not_permitted", `reassigning needs role '${SUPERVISOR_ROLE}'`);
      if (req.to && !canHold(cp, c, req.to)) {
        throw new MotcuaError("assignment.target_invalid", `${req.to.id} cannot hold a case of unit ${c.unit} in the '${queue}' queue`, { extra: { officialId: req.to.id } });
      }
      [to, role, action] = [req.to?.id ?? null, SUPERVISOR_ROLE, BUILTIN_STEPS.reassign];
    }
    if (to === current && to === c.assignee) return { case: c, entry: null };
    const input: Record<string, unknown> = { queue, previousAssignee: current, assignee: to };
    if (req.kind === "reassign" && req.reason) input.reason = req.reason;
    return builtinStep(cp, c, { assignee: to, assigneeRole: to === null ? null : queue }, { actor, role, action, input, at: now });
  });
}

function releaseDeparted(cp: CompiledProcedure, c: CaseState, req: { departed: string; reason: string }, actor: Actor, now: string) {
  if (!actor.roles.includes(ADMIN_ROLE)) throw new MotcuaError("actor.role_not_permitted", `releasing a departed official's case needs role '${ADMIN_ROLE}'`);
  if (actor.province !== c.province) throw new MotcuaError("actor.unit_not_permitted", `an administrator of province ${actor.province} has no jurisdiction over a case of province ${c.province}`);
  if (c.closedAt !== null) throw new MotcuaError("case.closed", `case is closed (${c.state})`);
  const queue = queueRole(cp, c);
  if (queue === null) throw new MotcuaError("action.not_available", `state '${c.state}' has no queue`);
  // Only the departed official's hold is released; a case someone else took meanwhile stays theirs.
  if (c.assignee !== req.departed) return { case: c, entry: null };
  const input = { queue, previousAssignee: req.departed, assignee: null, reason: req.reason };
  return builtinStep(cp, c, { assignee: null, assigneeRole: null }, { actor, role: ADMIN_ROLE, action: BUILTIN_STEPS.reassign, input, at: now });
}
