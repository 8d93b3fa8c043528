// Moving an open case to the unit its commune was merged into (the 1 July 2025 reform merged
// communes and wards into successors). The case keeps its id, code, procedure version and hash
// chain; the entry records both units. Closed cases are not moved: their history names the unit
// that decided them, and the store finds them under the successor through the merge record.
import type { CompiledProcedure } from "./compile.js";
import type { Actor, AuditEntry, CaseState } from "./case.js";
import { MotcuaError } from "./errors.js";
import { type Result, attempt } from "./result.js";
import { ADMIN_ROLE, BUILTIN_STEPS, builtinStep } from "./builtin-step.js";

export interface UnitMove {
  /** The successor unit and its province (a merge never crosses provinces). */
  into: string;
  province: string;
}

export function moveToSuccessor(cp: CompiledProcedure, c: CaseState, move: UnitMove, actor: Actor, now: string): Result<{ case: CaseState; entry: AuditEntry }> {
  return attempt(() => {
    if (!actor.roles.includes(ADMIN_ROLE)) throw new MotcuaError("actor.role_not_permitted", `merging units needs role '${ADMIN_ROLE}'`);
    // Only the province's own administration reorganises its communes.
    if (actor.province !== c.province || move.province !== c.province) throw new MotcuaError("actor.unit_not_permitted", `case of province ${c.province}`);
    if (c.closedAt !== null) throw new MotcuaError("case.closed", "closed cases keep the unit that decided them");
    if (move.into === c.unit) throw new MotcuaError("unit.merge_invalid", `case is already in unit ${c.unit}`);
    return builtinStep(cp, c, { unit: move.into }, {
      actor, role: ADMIN_ROLE, action: BUILTIN_STEPS.unitMerge, at: now,
      input: { fromUnit: c.unit, toUnit: move.into },
    });
  });
}
