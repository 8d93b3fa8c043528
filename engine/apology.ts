// Apology notice (văn bản xin lỗi và hẹn lại ngày trả kết quả): when a dossier will miss its
// appointment, the role owning its current state (or a supervisor) records why and a new
// appointment date. The case keeps the missed deadline (apology.statutoryDueAt) and moves dueAt
// to the new one. It is late, and counts as late in statistics even if the new date is kept, when the
// missed deadline has passed: at the notice, or when the case closes after it (engine/step.ts).
//
// The procedure's maxExtensionDays caps the new date in working days after the deadline missed
// (the one before the first notice), so chaining notices cannot stretch a case without limit.
import type { CompiledProcedure } from "./compile.js";
import type { Actor, AuditEntry, CaseState } from "./case.js";
import { MotcuaError } from "./errors.js";
import type { WorkingCalendar } from "./calendar.js";
import { instantMs, isLocalDate, localDate } from "./calendar.js";
import { dueFields, requestExtension } from "./deadline.js";
import { type Result, attempt } from "./result.js";
import type { OutboxEffect } from "./apply.js";
import { BUILTIN_STEPS, SUPERVISOR_ROLE, builtinStep, checkOpenInUnit, queueRole } from "./builtin-step.js";

export interface ApologyRequest {
  reason: unknown;
  /** Local date "YYYY-MM-DD" of the new appointment. */
  newAppointment: unknown;
}

const MIN_REASON = 10;

export function recordApology(
  cp: CompiledProcedure, c: CaseState, req: ApologyRequest, actor: Actor, ctx: { now: string; calendar: WorkingCalendar },
): Result<{ case: CaseState; entry: AuditEntry; effects: OutboxEffect[] }> {
  return attempt(() => {
    checkOpenInUnit(c, actor);
    const owner = queueRole(cp, c);
    const role = [owner, SUPERVISOR_ROLE].find((r) => r !== null && actor.roles.includes(r));
    if (!role) throw new MotcuaError("actor.role_not_permitted", `an apology notice in state '${c.state}' needs role ${owner ?? "(none)"} or ${SUPERVISOR_ROLE}`);
    const reason = typeof req.reason === "string" ? req.reason.normalize("NFC").trim() : "";
    if (reason.length < MIN_REASON) throw invalid("/reason", "minLength", `a written reason of at least ${MIN_REASON} characters is required`);
    if (!isLocalDate(req.newAppointment)) throw invalid("/newAppointment", "format", "must be a date YYYY-MM-DD");
    // While the dossier waits on the citizen the clock stands still: the office is not late.
    if (c.pausedAt !== null) throw new MotcuaError("deadline.clock_paused", `the clock is paused since ${c.pausedAt}`);

    const statutoryDueAt = c.apology?.statutoryDueAt ?? c.dueAt;
    const ext = requestExtension(statutoryDueAt, req.newAppointment, cp.def.deadline.maxExtensionDays, ctx.calendar);
    if (!ext.ok) throw new MotcuaError(ext.code, `new appointment ${req.newAppointment} refused`, { extra: ext.latestDate ? { latestDate: ext.latestDate } : {} });
    if (req.newAppointment <= localDate(c.dueAt, ctx.calendar)) {
      throw new MotcuaError("deadline.extension_not_later", `the current appointment is already ${localDate(c.dueAt, ctx.calendar)}`);
    }
    const apology = { reason, newDueAt: ext.dueAt, statutoryDueAt, at: ctx.now, by: actor.id, count: (c.apology?.count ?? 0) + 1 };
    // Late only once the deadline is really missed: a notice given ahead of it is a promise, and a
    // case returned by the missed-to-be date after all is on time (closeIfFinal judges it then).
    const missed = instantMs(ctx.now) > instantMs(statutoryDueAt);
    return builtinStep(cp, c, { ...dueFields(ext.dueAt, ctx.calendar), apology, ...(missed ? { late: true } : {}) }, {
      actor, role, action: BUILTIN_STEPS.apology, at: ctx.now, calendar: ctx.calendar,
      input: { reason, newAppointment: req.newAppointment, previousDueAt: c.dueAt },
    });
  });
}

function invalid(pointer: string, rule: string, message: string): MotcuaError {
  return new MotcuaError("data.invalid", message, { errors: [{ pointer, rule, message }] });
}
