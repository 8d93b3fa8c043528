// Declared timeouts ("waiting on the citizen longer than 30 working days -> withdrawn"): which
// case is due, and firing its action as the system actor through the ordinary applyAction, so
// a fired timeout is an audit entry like any other step. XState's `after` is not used: delayed
// events do not survive persist/restore (ARCHITECTURE.md), so the server's scheduler asks here.
//
// A timeout fires at timeoutAt(stateEnteredAt, N) (engine/deadline.ts): the end of the N-th
// working day after the local date the case entered the state. At that instant it is due.
import type { CompiledProcedure } from "./compile.js";
import type { Actor, CaseState } from "./case.js";
import { SYSTEM_ROLE } from "./case.js";
import { applyAction, type ApplyContext, type ApplyResult } from "./apply.js";
import { type Instant, type LocalDate, type WorkingCalendar, atLocalTime, endOfWorkingDay, instantMs, isWorkingDay, localDate } from "./calendar.js";
import { timeoutAt } from "./deadline.js";

export interface DeclaredTimeout {
  state: string;
  workingDays: number;
  action: string;
}

/** Every state of a procedure that declares a timeout. */
export function declaredTimeouts(cp: CompiledProcedure): DeclaredTimeout[] {
  return Object.entries(cp.def.states).flatMap(([state, s]) => (s.timeout ? [{ state, workingDays: s.timeout.workingDays, action: s.timeout.action }] : []));
}

/** The pending timeout of an open case, or null when its state declares none. */
export function pendingTimeout(cp: CompiledProcedure, c: CaseState, cal: WorkingCalendar): { action: string; at: Instant } | null {
  const t = cp.def.states[c.state]?.timeout;
  if (!t || c.closedAt !== null) return null;
  return { action: t.action, at: timeoutAt(c.stateEnteredAt, t.workingDays, cal) };
}

export function isTimeoutDue(cp: CompiledProcedure, c: CaseState, now: Instant, cal: WorkingCalendar): boolean {
  const t = pendingTimeout(cp, c, cal);
  return t !== null && instantMs(now) >= instantMs(t.at);
}

/** The scheduler acts in the case's own unit: jurisdiction holds for the system too. */
export function systemActor(c: CaseState): Actor {
  return { id: SYSTEM_ROLE, unit: c.unit, province: c.province, roles: [SYSTEM_ROLE] };
}

/** Fires the case's declared timeout if it is due at ctx.now; null when nothing is due (never early). */
export async function fireTimeout(cp: CompiledProcedure, c: CaseState, ctx: ApplyContext): Promise<ApplyResult | null> {
  const t = pendingTimeout(cp, c, ctx.calendar);
  if (!t || instantMs(ctx.now) < instantMs(t.at)) return null;
  return applyAction(cp, c, { action: t.action }, systemActor(c), ctx);
}

/**
 * The scan bound for a store: a timeout of `workingDays` is due at `now` exactly when the case
 * entered its state before the returned instant. So a query `state_entered_at < bound` finds the
 * due cases with an index, and nothing needs storing per case.
 *
 * Why: due <=> the N-th working day after E (the entry date) has ended by now <=> at least N
 * working days lie in (E, L], L the last working day whose end is <= now <=> E < W, W the N-th
 * working day counted back from L (L itself is the first). The bound is the start of W.
 */
export function enteredBefore(now: Instant, workingDays: number, cal: WorkingCalendar): Instant {
  const today = localDate(now, cal);
  let day = isWorkingDay(today, cal) && instantMs(now) >= instantMs(endOfWorkingDay(today, cal)) ? today : previousWorkingDay(today, cal);
  for (let i = 1; i < workingDays; i++) day = previousWorkingDay(day, cal);
  return atLocalTime(day, "00:00", cal);
}

// A calendar with no working day in ten years is broken: stop instead of looping forever.
const MAX_SCAN_DAYS = 3660;

function previousWorkingDay(date: LocalDate, cal: WorkingCalendar): LocalDate {
  let ms = Date.parse(`${date}T00:00:00Z`);
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    ms -= 86_400_000;
    const d = new Date(ms).toISOString().slice(0, 10);
    if (isWorkingDay(d, cal)) return d;
  }
  throw new RangeError(`calendar ${cal.id} has no working day before ${date}`);
}
