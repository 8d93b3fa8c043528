// Supervision of running cases: apology notices, claiming from a queue, reassignment (one case,
// or every open case of an official who left), and the queue view. Each change is a built-in
// engine step committed through CaseService.commit (one transaction, optimistic version check).
// Every write here is safe to retry: claiming a held case or assigning it to its holder changes
// nothing, a repeated apology is refused as not later, a repeated bulk reassignment finds no cases.
import type { Database } from "../db/database.js";
import type { CaseState, AuditEntry } from "../../engine/case.js";
import type { CompiledProcedure } from "../../engine/compile.js";
import { MotcuaError } from "../../engine/errors.js";
import { recordApology } from "../../engine/apology.js";
import { assign, canHold, type AssignmentRequest, type Candidate } from "../../engine/reassign.js";
import { SUPERVISOR_ROLE } from "../../engine/builtin-step.js";
import { deadlineStatus } from "../../engine/deadline.js";
import { type CaseService, actorOf, fieldError } from "../cases/service.js";
import { getOfficial, type Official } from "../store/officials.js";
import { visibleUnits } from "../store/units.js";
import type { Principal } from "../http/auth.js";

export interface SupervisionDeps {
  db: Database;
  cases: CaseService;
  clock: () => string;
}

export interface StepOutcome {
  case: CaseState;
  entry: AuditEntry | null;
}

export class SupervisionService {
  constructor(private readonly d: SupervisionDeps) {}

  async apology(p: Principal, id: string, body: Record<string, unknown>): Promise<StepOutcome> {
    const { c, cp } = await this.open(p, id, body);
    const r = recordApology(cp, c, { reason: body.reason, newAppointment: body.newAppointment }, actorOf(p), { now: this.d.clock(), calendar: this.d.cases.calendar });
    if (!r.ok) throw r.error;
    // The apology's notice to the citizen (engine/notice.ts) is written with it.
    await this.d.cases.commit(cp, c.version, r.case, r.entry, r.effects);
    return { case: r.case, entry: r.entry };
  }

  /** claim, release, or a supervisor's assignment of one case (officialId null: back to the queue). */
  async assignment(p: Principal, id: string, body: Record<string, unknown>, kind: AssignmentRequest["kind"]): Promise<StepOutcome> {
    const { c, cp } = await this.open(p, id, body);
    let req: AssignmentRequest = { kind } as AssignmentRequest;
    if (kind === "reassign") {
      if (body.officialId !== null && typeof body.officialId !== "string") throw fieldError("/officialId", "type", "must be an official id, or null for the queue");
      req = { kind, to: body.officialId === null ? null : candidate(await this.official(body.officialId)) };
    }
    return this.commitAssignment(cp, c, req, p);
  }

  /**
   * Every open case an official holds goes to `to` where `to` can hold it (same unit, the role
   * owning the case's state), and back to its queue otherwise. For an official who left: the
   * account may already be inactive; history keeps both names on each case.
   */
  async reassignOpenCases(p: Principal, officialId: string, body: Record<string, unknown>) {
    const from = await this.official(officialId);
    if (!p.roles.includes(SUPERVISOR_ROLE) || p.unit !== from.unit) throw new MotcuaError("auth.forbidden", `needs role '${SUPERVISOR_ROLE}' in unit ${from.unit}`);
    if (body.to !== undefined && body.to !== null && typeof body.to !== "string") throw fieldError("/to", "type", "must be an official id, or null for the queues");
    const to = typeof body.to === "string" ? candidate(await this.official(body.to)) : null;
    if (to && (to.id === from.id || !to.active || to.unit !== from.unit)) throw new MotcuaError("assignment.target_invalid", `${to.id} cannot take over from ${from.id}`);
    const reason = typeof body.reason === "string" && body.reason.trim() ? body.reason.normalize("NFC").trim() : "reassign-open-cases";
    return this.moveOpenCases(from, to, reason, p);
  }

  /** An administrator deactivated `departed`: each case they hold goes back to its queue. */
  releaseDeparted(departed: { id: string }, reason: string, p: Principal) {
    return this.moveOpenCases(departed, null, reason, p, true);
  }

  /**
   * Every open case `from` holds goes to `to` (where they may hold it) or back to its role queue,
   * each as an audited step by `p`. Also used when an administrator deactivates an official
   * (`departed`): their claims are released at once, so nothing waits on someone who left.
   */
  private async moveOpenCases(from: { id: string }, to: Candidate | null, reason: string, p: Principal, departed = false) {
    const ids = await this.d.db.query<{ id: string }>("select id from cases where assignee = $1 and closed_at is null order by received_at, id", [from.id]);
    const moved: Array<{ id: string; code: string; assignee: string | null }> = [];
    const failed: Array<{ id: string; code: string }> = [];
    for (const { id } of ids.rows) {
      // A case an official acts on meanwhile moves on; reload and decide again.
      for (let attempt = 1; ; attempt++) {
        const c = await this.d.cases.load(id);
        if (c.closedAt !== null || c.assignee !== from.id) break;
        const cp = await this.d.cases.compiled(this.d.db, c);
        try {
          const req: AssignmentRequest = departed ? { kind: "release-departed", departed: from.id, reason } : { kind: "reassign", to: to && canHold(cp, c, to) ? to : null, reason };
          const out = await this.commitAssignment(cp, c, req, p);
          moved.push({ id: c.id, code: c.code, assignee: out.case.assignee });
          break;
        } catch (e) {
          if (e instanceof MotcuaError && e.code === "case.version_conflict" && attempt < 3) continue;
          if (e instanceof MotcuaError) {
            failed.push({ id: c.id, code: e.code });
            break;
          }
          throw e;
        }
      }
    }
    return { from: from.id, to: to?.id ?? null, moved, failed };
  }

  /** Open cases of a unit's role queues with who holds each, and the counts per holder. */
  async queue(p: Principal, query: { unit?: string; role?: string }) {
    const units = await visibleUnits(this.d.db, p);
    const unit = query.unit ?? p.unit;
    if (!units.includes(unit)) throw new MotcuaError("auth.forbidden", `unit ${unit} is outside your jurisdiction`);
    const roles = query.role ? [query.role] : p.roles;
    // The hold lapses when the case left the queue it was taken in (engine/reassign.ts holder()).
    const r = await this.d.db.query<Record<string, unknown>>(
      `select id, code, procedure_id, state, owner_role, due_at, paused_at, received_at,
              case when assignee_role is null or assignee_role = owner_role then assignee end as holder
         from cases where unit = $1 and owner_role = any($2) and closed_at is null
        order by due_at, id limit 500`,
      [unit, roles],
    );
    const now = this.d.clock();
    const items = r.rows.map((x) => {
      const dueAt = iso(x.due_at);
      const pausedAt = x.paused_at ? iso(x.paused_at) : null;
      return {
        id: String(x.id), code: String(x.code), procedureId: String(x.procedure_id), state: String(x.state), queue: String(x.owner_role),
        holder: (x.holder as string | null) ?? null, dueAt, pausedAt, deadline: deadlineStatus(now, dueAt, this.d.cases.calendar, { pausedAt }),
      };
    });
    const counts = new Map<string, { queue: string; holder: string | null; count: number }>();
    for (const i of items) {
      const k = `${i.queue}\u0000${i.holder ?? ""}`;
      const e = counts.get(k) ?? { queue: i.queue, holder: i.holder, count: 0 };
      e.count++;
      counts.set(k, e);
    }
    return { unit, roles, items, holders: [...counts.values()] };
  }

  private async commitAssignment(cp: CompiledProcedure, c: CaseState, req: AssignmentRequest, p: Principal): Promise<StepOutcome> {
    const r = assign(cp, c, req, actorOf(p), this.d.clock());
    if (!r.ok) throw r.error;
    if (r.entry) await this.d.cases.commit(cp, c.version, r.case, r.entry, []);
    return { case: r.case, entry: r.entry };
  }

  /** Loads a case the caller may address, checking expectedVersion when given. */
  private async open(p: Principal, id: string, body: Record<string, unknown>): Promise<{ c: CaseState; cp: CompiledProcedure }> {
    const c = await this.d.cases.load(id);
    const units = await visibleUnits(this.d.db, p);
    // Outside the caller's sight it is "not found"; inside the province the engine refuses on jurisdiction.
    if (!units.includes(c.unit) && c.province !== p.province) throw new MotcuaError("case.not_found", id);
    const expected = body.expectedVersion;
    if (expected !== undefined && (typeof expected !== "number" || !Number.isInteger(expected))) throw fieldError("/expectedVersion", "type", "must be an integer");
    if (expected !== undefined && expected !== c.version) throw new MotcuaError("case.version_conflict", `the case is at version ${c.version}`, { extra: { currentVersion: c.version } });
    return { c, cp: await this.d.cases.compiled(this.d.db, c) };
  }

  private async official(id: string): Promise<Official> {
    const o = await getOfficial(this.d.db, id);
    if (!o) throw new MotcuaError("official.not_found", id);
    return o;
  }
}

function candidate(o: Official): Candidate {
  return { id: o.id, unit: o.unit, roles: o.roles, active: o.active };
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
