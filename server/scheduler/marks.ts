// Deadline marks: the status of a case (on time, due soon, overdue) is derived from due_at at
// query time everywhere. What the scheduler stores is which notice it last sent (cases.
// deadline_mark), so each crossing into "due soon" or "overdue" is announced once, as a row in
// deadline_notices, in the same statement that moves the mark. An apology notice or a pause that
// moves the due date makes the mark stale; the next pass corrects it, and a later crossing is
// announced again. One statement, SKIP LOCKED: concurrent schedulers mark disjoint rows.
import type { Database } from "../db/database.js";
import { type Instant, type WorkingCalendar, addWorkingDays, endOfWorkingDay, localDate } from "../../engine/calendar.js";

export interface MarkReport {
  dueSoon: number;
  overdue: number;
  cleared: number;
}

// Mirrors engine/deadline.ts deadlineStatus: a clock paused before the due date keeps moving it.
const STATUS = `case
  when due_at < $1::timestamptz and (paused_at is null or paused_at > due_at) then 'overdue'
  when paused_at is null and due_at <= $2::timestamptz then 'due-soon'
end`;

/** Due within `dueSoonWorkingDays` working days after today counts as due soon (the inbox's rule). */
export function dueSoonHorizon(now: Instant, cal: WorkingCalendar, dueSoonWorkingDays = 1): Instant {
  return endOfWorkingDay(addWorkingDays(localDate(now, cal), dueSoonWorkingDays, cal), cal);
}

export async function markDeadlines(db: Database, now: Instant, cal: WorkingCalendar, batchSize: number, dueSoonWorkingDays = 1): Promise<MarkReport> {
  const horizon = dueSoonHorizon(now, cal, dueSoonWorkingDays);
  const report: MarkReport = { dueSoon: 0, overdue: 0, cleared: 0 };
  for (;;) {
    const r = await db.query<{ mark: string | null; n: number }>(
      `with picked as (
         select id from cases
          where closed_at is null and (due_at <= $2::timestamptz or deadline_mark is not null)
            and deadline_mark is distinct from (${STATUS})
          order by due_at, id
          limit $3
          for update skip locked),
       changed as (
         update cases c set deadline_mark = (${STATUS}), deadline_marked_at = $1::timestamptz
           from picked where c.id = picked.id
         returning c.id, c.province, c.unit, c.owner_role, case when c.assignee_role is null or c.assignee_role = c.owner_role then c.assignee end as holder,
                   c.due_at, c.deadline_mark),
       sent as (
         insert into deadline_notices (case_id, province, unit, owner_role, assignee, kind, due_at, at)
         select id, province, unit, owner_role, holder, deadline_mark, due_at, $1::timestamptz from changed where deadline_mark is not null)
       select deadline_mark as mark, count(*)::int as n from changed group by deadline_mark`,
      [now, horizon, batchSize],
    );
    let total = 0;
    for (const x of r.rows) {
      total += x.n;
      if (x.mark === "overdue") report.overdue += x.n;
      else if (x.mark === "due-soon") report.dueSoon += x.n;
      else report.cleared += x.n;
    }
    if (total < batchSize) return report;
  }
}
