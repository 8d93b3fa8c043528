// Declared timeouts, found by a scan (nothing is stored per case): an open case in a state that
// declares `timeout: {workingDays: N}` is due once it entered the state before
// enteredBefore(now, N) (engine/timeout.ts). A process claims due cases in a short transaction
// with FOR UPDATE SKIP LOCKED plus a row in timer_claims, so concurrent schedulers take disjoint
// sets; it then fires each through the engine and CaseService.commit, whose version check makes
// a second firing impossible even if a claim expired under a very slow process.
import type { Database, Queryable } from "../db/database.js";
import type { CaseService } from "../cases/service.js";
import { MotcuaError } from "../../engine/errors.js";
import { enteredBefore, fireTimeout } from "../../engine/timeout.js";
import type { Logger } from "../log.js";

interface DeclaredRow {
  id: string;
  version: number;
  state: string;
  working_days: number;
}

export interface TimeoutDeps {
  db: Database;
  cases: CaseService;
  log: Logger;
  /** Identifies the process in timer_claims. */
  name: string;
  batchSize: number;
  leaseSeconds: number;
}

export interface TimeoutReport {
  fired: number;
  /** Lost to an official's action or another process: the case had moved on. */
  conflicts: number;
  /** The engine refused the declared action (a broken procedure): retried after a back-off. */
  refused: number;
}

/** States with a declared timeout, per published version; versions are immutable, so the list only grows. */
export class DeclaredTimeouts {
  private cached: { versions: number; rows: DeclaredRow[] } | undefined;

  async list(q: Queryable): Promise<DeclaredRow[]> {
    const n = (await q.query<{ n: number }>("select count(*)::int as n from procedure_versions")).rows[0]!.n;
    if (this.cached?.versions !== n) {
      const r = await q.query<DeclaredRow>(
        `select v.id, v.version, s.key as state, (s.value -> 'timeout' ->> 'workingDays')::int as working_days
           from procedure_versions v cross join lateral jsonb_each(v.definition -> 'states') s
          where s.value ? 'timeout'`,
      );
      this.cached = { versions: n, rows: r.rows };
    }
    return this.cached.rows;
  }
}

export async function fireDueTimeouts(d: TimeoutDeps, declared: DeclaredTimeouts, now: string): Promise<TimeoutReport> {
  const report: TimeoutReport = { fired: 0, conflicts: 0, refused: 0 };
  const rows = await declared.list(d.db);
  if (rows.length === 0) return report;
  const cal = d.cases.calendar;
  const bounds = new Map<number, string>();
  for (const r of rows) if (!bounds.has(r.working_days)) bounds.set(r.working_days, enteredBefore(now, r.working_days, cal));
  const args = [rows.map((r) => r.id), rows.map((r) => r.version), rows.map((r) => r.state), rows.map((r) => bounds.get(r.working_days)!)];
  for (;;) {
    const claimed = await claim(d, args);
    for (const id of claimed) await fireOne(d, id, now, report);
    if (claimed.length < d.batchSize) return report;
  }
}

async function claim(d: TimeoutDeps, args: unknown[][]): Promise<string[]> {
  return d.db.tx(async (q) => {
    const r = await q.query<{ case_id: string }>(
      `with due as (
         select c.id, c.province from cases c
           join unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[]) as t (pid, ver, st, bound)
             on c.procedure_id = t.pid and c.procedure_version = t.ver and c.state = t.st
          where c.closed_at is null and c.state_entered_at < t.bound
            and not exists (select 1 from timer_claims k where k.case_id = c.id and k.claimed_until > now())
          order by c.state_entered_at, c.id
          limit $5
          for update of c skip locked)
       insert into timer_claims (case_id, province, claimed_by, claimed_until)
       select id, province, $6, now() + make_interval(secs => $7) from due
       on conflict (case_id) do update set claimed_by = excluded.claimed_by, claimed_until = excluded.claimed_until
         where timer_claims.claimed_until <= now()
       returning case_id`,
      [...args, d.batchSize, d.name, d.leaseSeconds],
    );
    return r.rows.map((x) => x.case_id);
  });
}

async function fireOne(d: TimeoutDeps, id: string, now: string, report: TimeoutReport): Promise<void> {
  const c = await d.cases.load(id);
  const cp = await d.cases.compiled(d.db, c);
  const r = await fireTimeout(cp, c, { now, calendar: d.cases.calendar });
  if (r && !r.ok) {
    report.refused++;
    d.log.error({ caseId: id, code: r.error.code, detail: r.error.detail }, "declared timeout refused by the engine");
    // Keep the claim for an hour so a broken procedure does not spin the scheduler.
    await d.db.query("update timer_claims set claimed_until = now() + interval '1 hour' where case_id = $1 and claimed_by = $2", [id, d.name]);
    return;
  }
  try {
    if (r) {
      await d.cases.commit(cp, c.version, r.case, r.entry, r.effects);
      report.fired++;
    }
  } catch (e) {
    if (!(e instanceof MotcuaError && e.code === "case.version_conflict")) throw e;
    report.conflicts++;
  }
  await d.db.query("delete from timer_claims where case_id = $1 and claimed_by = $2", [id, d.name]);
}
