// Moving a running case to a newer version of its procedure. DOMAIN: a case is decided under the
// rules in force when it was received, and moving it is "an explicit, audited decision, never a
// side effect of publishing". The decision is the administrator's; the engine says, per case,
// whether the new version can carry it on: its current state must exist there (and not be final)
// and its dossier must satisfy the new form. The appointment date stays: it was promised to the
// citizen under the rules at receipt. The entry names both versions and the reason.
import type { CompiledProcedure } from "./compile.js";
import type { Actor, AuditEntry, CaseState } from "./case.js";
import { MotcuaError } from "./errors.js";
import { type Result, attempt } from "./result.js";
import { ADMIN_ROLE, BUILTIN_STEPS, builtinStep } from "./builtin-step.js";
import { toFieldErrors } from "./json-schema.js";

export function migrateToVersion(from: CompiledProcedure, to: CompiledProcedure, c: CaseState, actor: Actor, reason: string, now: string): Result<{ case: CaseState; entry: AuditEntry }> {
  return attempt(() => {
    if (!actor.roles.includes(ADMIN_ROLE)) throw new MotcuaError("actor.role_not_permitted", `moving cases to another procedure version needs role '${ADMIN_ROLE}'`);
    if (actor.province !== c.province) throw new MotcuaError("actor.unit_not_permitted", `case of province ${c.province}`);
    if (c.closedAt !== null) throw new MotcuaError("case.closed", "a closed case keeps the version it was decided under");
    if (from.def.id !== to.def.id || c.procedureId !== from.def.id || c.procedureVersion !== from.def.version) {
      throw new MotcuaError("migration.invalid", `case is on ${c.procedureId}@${c.procedureVersion}, not ${from.key}`);
    }
    if (to.def.version <= from.def.version) throw new MotcuaError("migration.invalid", `version ${to.def.version} is not newer than ${from.def.version}`);
    const state = to.def.states[c.state];
    if (!state || state.kind === "final") {
      throw new MotcuaError("migration.state_missing", `version ${to.def.version} has no open state '${c.state}'`, { extra: { state: c.state } });
    }
    if (!to.validateForm(c.data)) {
      throw new MotcuaError("migration.data_invalid", `the dossier does not satisfy the form of version ${to.def.version}`, { errors: toFieldErrors(to.validateForm.errors, "/data") });
    }
    return builtinStep(to, c, { procedureVersion: to.def.version }, {
      actor, role: ADMIN_ROLE, action: BUILTIN_STEPS.versionMigration, at: now,
      input: { fromVersion: from.def.version, toVersion: to.def.version, reason },
    });
  });
}
