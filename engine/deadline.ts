// Statutory deadlines on a working-day calendar: the appointment given at intake, how a pause
// (waiting on the citizen) and an extension (apology notice) move it, and the status at an instant.
// The rule itself (DeadlineRule) is the procedure file's, typed from schemas/procedure.schema.json.
//
// Rules, checked against the domain notes ("same working day; received after 15:00 -> next"):
// - Effective receipt day: received on a working day strictly before the cut-off -> that day;
//   at/after the cut-off, or on a non-working day -> the next working day. A submission at
//   02:00 on a Monday is therefore received Monday; 15:00:00 sharp is already "after 15:00".
// - same-working-day -> due at the end of the working day (workdayEnd) of the effective receipt day.
// - working-days N   -> due at the end of the N-th working day after the effective receipt day
//   (received Monday 09:00, N = 3 -> Thursday 17:00; after the cut-off on Monday -> Friday 17:00).
// - Pause: paused working days = working days d with date(pausedAt) <= d < date(resumedAt), local.
//   The day the pause starts is lost, the day work resumes is not; pause and resume on the same
//   day cost nothing. The due date then moves later by that many working days, still at day end.
// - Provisional: a due date past the calendar's announced schedule counts the statutory holidays
//   only (the government has not yet announced that year's swaps and bridge days), so the case
//   records it as provisional when the date is set; a later calendar does not rewrite that fact.
import type { DeadlineRule } from "../schemas/generated/procedure.js";
import {
  type Instant, type LocalDate, type WorkingCalendar,
  addWorkingDays, atLocalTime, endOfWorkingDay, instantMs, isLocalDate, isProvisionalDate, isWorkingDay, localDate, nextWorkingDay, workingDaysBetween,
} from "./calendar.js";

export type { DeadlineRule };

export interface Due {
  /** The local date the dossier counts as received (after the cut-off rule). */
  effectiveReceiptDate: LocalDate;
  /** The appointment: end of the working day the result is due. */
  dueAt: Instant;
}

/** The due date of a dossier received at `receivedAt` under `rule`. */
export function computeDue(receivedAt: Instant, rule: DeadlineRule, cal: WorkingCalendar): Due {
  const effectiveReceiptDate = effectiveReceipt(receivedAt, rule.cutoff ?? cal.cutoff, cal);
  const days = rule.kind === "working-days" ? rule.days : 0;
  return { effectiveReceiptDate, dueAt: endOfWorkingDay(addWorkingDays(effectiveReceiptDate, days, cal), cal) };
}

/** Whether a due date lies past the calendar's announced schedule (engine/calendar.ts isProvisionalDate). */
export function isProvisionalDue(dueAt: Instant, cal: WorkingCalendar): boolean {
  return isProvisionalDate(localDate(dueAt, cal), cal);
}

/**
 * A case's fields for a due date just computed: the date, and whether it is provisional.
 * `dueProvisional` is present (undefined) when it is not, so spreading this over a case clears an old mark.
 */
export function dueFields(dueAt: Instant, cal: WorkingCalendar): { dueAt: Instant; dueProvisional: true | undefined } {
  return { dueAt, dueProvisional: isProvisionalDue(dueAt, cal) ? true : undefined };
}

function effectiveReceipt(receivedAt: Instant, cutoff: string, cal: WorkingCalendar): LocalDate {
  const day = localDate(receivedAt, cal);
  const beforeCutoff = instantMs(receivedAt) < instantMs(atLocalTime(day, cutoff, cal));
  return isWorkingDay(day, cal) && beforeCutoff ? day : nextWorkingDay(day, cal);
}

/** Working days the clock stood still between a pause and its resumption (see the rule above). */
export function pausedWorkingDays(pausedAt: Instant, resumedAt: Instant, cal: WorkingCalendar): number {
  return workingDaysBetween(localDate(pausedAt, cal), localDate(resumedAt, cal), cal);
}

/** The due date moved later by `days` working days, at the end of that working day. */
export function extendForPause(dueAt: Instant, days: number, cal: WorkingCalendar): Instant {
  if (days === 0) return dueAt;
  return endOfWorkingDay(addWorkingDays(localDate(dueAt, cal), days, cal), cal);
}

/** Why an extension (apology notice with a new appointment) is refused. Expected outcomes, not exceptions. */
export type ExtensionRefusal =
  | "deadline.extension_not_later" // the new date is not after the current due date
  | "deadline.extension_not_working_day" // nobody can return a result on a day off
  | "deadline.extension_too_long"; // beyond maxExtensionDays working days after the current due date

export type ExtensionResult =
  | { ok: true; dueAt: Instant }
  | { ok: false; code: ExtensionRefusal; /** the latest date the cap allows, when there is a cap */ latestDate?: LocalDate };

/**
 * Moves the appointment to the end of the working day `newDate`. `maxExtensionDays` is the
 * procedure's cap (DeadlineRule.maxExtensionDays), counted in working days after the current due
 * date; undefined means the procedure declares no cap. The caller keeps originalDueAt as it was.
 */
export function requestExtension(
  dueAt: Instant, newDate: LocalDate, maxExtensionDays: number | undefined, cal: WorkingCalendar,
): ExtensionResult {
  if (!isLocalDate(newDate)) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(newDate)}`);
  const current = localDate(dueAt, cal);
  const latestDate = maxExtensionDays === undefined ? undefined : addWorkingDays(current, maxExtensionDays, cal);
  const refuse = (code: ExtensionRefusal): ExtensionResult => (latestDate ? { ok: false, code, latestDate } : { ok: false, code });
  if (newDate <= current) return refuse("deadline.extension_not_later");
  if (!isWorkingDay(newDate, cal)) return refuse("deadline.extension_not_working_day");
  if (latestDate !== undefined && newDate > latestDate) return refuse("deadline.extension_too_long");
  return { ok: true, dueAt: endOfWorkingDay(newDate, cal) };
}

export type DeadlineStatus = "on-time" | "due-soon" | "overdue";

export interface StatusOptions {
  /** Due within this many working days after today counts as due soon (default 1: today or the next working day). */
  dueSoonWorkingDays?: number;
  /** Set while the case waits on the citizen: the clock is stopped, so judge against the due date as resuming now would set it. */
  pausedAt?: Instant | null;
}

/** Where a case stands at `now`. Exactly at dueAt it is not yet overdue. */
export function deadlineStatus(now: Instant, dueAt: Instant, cal: WorkingCalendar, opts: StatusOptions = {}): DeadlineStatus {
  const due = instantMs(opts.pausedAt ? extendForPause(dueAt, pausedWorkingDays(opts.pausedAt, now, cal), cal) : dueAt);
  const t = instantMs(now);
  if (t > due) return "overdue";
  const horizon = endOfWorkingDay(addWorkingDays(localDate(now, cal), opts.dueSoonWorkingDays ?? 1, cal), cal);
  return due <= instantMs(horizon) ? "due-soon" : "on-time";
}

/** Whether a result completed at `completedAt` missed its appointment (late counts only after dueAt). */
export function completedLate(completedAt: Instant, dueAt: Instant): boolean {
  return instantMs(completedAt) > instantMs(dueAt);
}

/**
 * When a state's declared timeout fires ("waiting on the citizen longer than 30 working days"):
 * the end of the N-th working day after the local date the case entered the state. The receipt
 * cut-off does not apply: it is about when a dossier is received, not how long a case waits.
 */
export function timeoutAt(enteredAt: Instant, workingDays: number, cal: WorkingCalendar): Instant {
  return endOfWorkingDay(addWorkingDays(localDate(enteredAt, cal), workingDays, cal), cal);
}
