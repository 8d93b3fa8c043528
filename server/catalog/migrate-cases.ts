// Moving a procedure's open cases to a newer version: an administrator's explicit decision with a
// reason, for the cases of their province. Each case that the newer version can carry on (see
// engine/version-migration.ts) gets its own "system:version-migration" audit entry; the others stay
// where they are and are listed with why, so the administrator can finish them under the old rules
// or correct them. `dryRun` answers the same list and writes nothing. One transaction: cases are
// locked while they are checked, and the decision is recorded once in the procedure's registry.
import type { Database } from "../db/database.js";
import { MotcuaError, type ErrorCode, type FieldError } from "../../engine/errors.js";
import { ADMIN_ROLE } from "../../engine/builtin-step.js";
import { migrateToVersion } from "../../engine/version-migration.js";
import { type CaseService, actorOf, fieldError, ownerOf } from "../cases/service.js";
import { rowToCase, updateCaseAppendEntry } from "../store/cases.js";
import { getVersion } from "../store/procedures.js";
import { appendRegistryEntry } from "../audit/registry.js";
import type { LogKey } from "../audit/log-key.js";
import type { Principal } from "../http/auth.js";
import { isPositivePgInteger } from "../db/integers.js";

export interface MigrationOutcome {
  procedureId: string;
  fromVersion: number;
  toVersion: number;
  dryRun: boolean;
  moved: Array<{ id: string; code: string; state: string }>;
  /** Open cases the newer version cannot carry on, with the reason; they stay on fromVersion. */
  blocked: Array<{ id: string; code: string; state: string; reason: ErrorCode; detail: string; errors?: FieldError[] }>;
}

export async function migrateCases(
  d: { db: Database; cases: CaseService; clock: () => string; key: LogKey },
  p: Principal,
  procedureId: string,
  body: Record<string, unknown>,
): Promise<MigrationOutcome> {
  // Like a unit merge, this reorganises a province's work: its own administration decides.
  if (!p.roles.includes(ADMIN_ROLE) || p.unitLevel !== "province") throw new MotcuaError("auth.forbidden", `needs role '${ADMIN_ROLE}' at a province`);
  const { fromVersion, toVersion, reason, dryRun } = readBody(body);
  const now = d.clock();
  const [from, to] = await Promise.all([getVersion(d.db, procedureId, fromVersion), getVersion(d.db, procedureId, toVersion)]);
  if (!from) throw new MotcuaError("procedure.not_found", `${procedureId}@${fromVersion}`);
  if (!to) throw new MotcuaError("procedure.not_found", `${procedureId}@${toVersion}`);
  if (toVersion <= fromVersion) throw new MotcuaError("migration.invalid", `version ${toVersion} is not newer than ${fromVersion}`);
  if (Date.parse(to.inForceFrom) > Date.parse(now)) throw new MotcuaError("procedure.not_in_force", `version ${toVersion} takes effect at ${to.inForceFrom}`);
  const actor = actorOf(p);
  return d.db.tx(async (q) => {
    const cpFrom = await d.cases.compiled(q, { procedureId, procedureVersion: fromVersion });
    const cpTo = await d.cases.compiled(q, { procedureId, procedureVersion: toVersion });
    const open = await q.query(
      "select * from cases where procedure_id = $1 and procedure_version = $2 and province = $3 and closed_at is null order by received_at, id for update",
      [procedureId, fromVersion, p.province],
    );
    const out: MigrationOutcome = { procedureId, fromVersion, toVersion, dryRun, moved: [], blocked: [] };
    for (const row of open.rows) {
      const c = rowToCase(row);
      const m = migrateToVersion(cpFrom, cpTo, c, actor, reason, now);
      if (!m.ok) {
        out.blocked.push({ id: c.id, code: c.code, state: c.state, reason: m.error.code, detail: m.error.detail ?? m.error.message, ...(m.error.errors ? { errors: m.error.errors } : {}) });
        continue;
      }
      out.moved.push({ id: c.id, code: c.code, state: c.state });
      if (dryRun) continue;
      // Same write as CaseService.commit, inside this transaction (the rows are locked above).
      if (!(await updateCaseAppendEntry(q, m.case, c.version, ownerOf(cpTo, m.case), m.entry, d.cases.sealOf(m.entry)))) throw new MotcuaError("case.version_conflict", c.id);
    }
    if (!dryRun && out.moved.length > 0) {
      await appendRegistryEntry(q, d.key, {
        stream: `procedure:${procedureId}`, province: p.province, at: now, actorId: p.id, action: "procedure.migrate-cases",
        data: { fromVersion, toVersion, reason, province: p.province, moved: out.moved.length, blocked: out.blocked.length },
      });
    }
    return out;
  });
}

function readBody(body: Record<string, unknown>): { fromVersion: number; toVersion: number; reason: string; dryRun: boolean } {
  const version = (name: "fromVersion" | "toVersion") => {
    const v = body[name];
    if (!isPositivePgInteger(v)) throw fieldError(`/${name}`, "minimum", "must be a published version number");
    return v as number;
  };
  const fromVersion = version("fromVersion");
  const toVersion = version("toVersion");
  const reason = typeof body.reason === "string" ? body.reason.trim() : "";
  // The decision is read years later by an auditor: it says why.
  if (reason.length < 5 || reason.length > 500) throw fieldError("/reason", "minLength", "must say why, in 5 to 500 characters");
  if (body.dryRun !== undefined && typeof body.dryRun !== "boolean") throw fieldError("/dryRun", "type", "must be true or false");
  return { fromVersion, toVersion, reason, dryRun: body.dryRun === true };
}
