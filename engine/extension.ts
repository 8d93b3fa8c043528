// Lawful extensions (gia hạn theo quy định): a state the procedure declares as extending, e.g.
// verification by another unit, adds working days to the due date when the case enters it, up
// to the statute's total (deadline.maxLawfulExtensionDays). Unlike an apology notice this is not
// lateness: the case is on time if it is returned by the extended date. Every extension is kept
// on the case with its reason and the dates it moved between, so the officer and the citizen see
// why the appointment changed, and the audit chain commits to it.
import type { CompiledProcedure } from "./compile.js";
import type { CaseState } from "./case.js";
import type { Instant, WorkingCalendar } from "./calendar.js";
import { dueFields, extendForPause } from "./deadline.js";

/** `after` with the extension its new state grants, if any (only when the step enters that state). */
export function extendOnEntry(cp: CompiledProcedure, from: string, after: CaseState, now: Instant, cal: WorkingCalendar): CaseState {
  const ext = cp.def.states[after.state]?.extension;
  if (!ext || after.state === from || after.closedAt !== null) return after;
  const granted = (after.extensions ?? []).reduce((n, e) => n + e.workingDays, 0);
  const cap = cp.def.deadline.maxLawfulExtensionDays;
  const days = cap === undefined ? ext.workingDays : Math.min(ext.workingDays, Math.max(0, cap - granted));
  if (days === 0) return after;
  const toDueAt = extendForPause(after.dueAt, days, cal);
  const extension = { state: after.state, workingDays: days, reason: ext.reason, at: now, fromDueAt: after.dueAt, toDueAt };
  return { ...after, ...dueFields(toDueAt, cal), extensions: [...(after.extensions ?? []), extension] };
}
