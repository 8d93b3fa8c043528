// Possible duplicates at intake: before a dossier is received, the cases of the province that hold
// the same declared facts (engine/duplicates.ts, server/store/duplicates.ts). POST /cases asks it
// itself and answers 409 case.possible_duplicate until the officer confirms; the console asks
// POST /cases/possible-duplicates first, so the officer sees the matches while the citizen is at
// the counter.
import type { Queryable } from "../db/database.js";
import type { CompiledProcedure } from "../../engine/compile.js";
import { MotcuaError, fieldError } from "../../engine/errors.js";
import { duplicateFields, duplicateKey } from "../../engine/duplicates.js";
import { findPossibleDuplicates, type PossibleDuplicate } from "../store/duplicates.js";
import { latestVersion, versionInForce } from "../store/procedures.js";
// Types only: service.ts imports this module for intake.
import type { CaseService } from "./service.js";
import type { Principal } from "../http/auth.js";

export interface DuplicatesAnswer {
  /** The pointers compared; empty when the procedure declares no check. */
  fields: string[];
  possibleDuplicates: PossibleDuplicate[];
}

/** The cases of `province` that may be `data` registered before; none when a declared field is missing. */
export async function duplicatesOf(q: Queryable, cp: CompiledProcedure, province: string, data: unknown): Promise<DuplicatesAnswer> {
  const key = duplicateKey(cp.def, data);
  return { fields: duplicateFields(cp.def), possibleDuplicates: key ? await findPossibleDuplicates(q, { province, procedureId: cp.def.id, key }) : [] };
}

/** The refusal POST /cases answers while matches exist and the body lacks confirmDuplicate: true. */
export function possibleDuplicateError(found: DuplicatesAnswer): MotcuaError {
  const codes = found.possibleDuplicates.map((x) => x.code).join(", ");
  return new MotcuaError("case.possible_duplicate", `cases with the same ${found.fields.join(", ")}: ${codes}; check them, then send confirmDuplicate: true to receive the dossier anyway`, {
    extra: { fields: found.fields, possibleDuplicates: found.possibleDuplicates },
  });
}

export interface DuplicatesDeps {
  cases: CaseService;
  db: Queryable;
  clock: () => string;
}

/**
 * POST /cases/possible-duplicates {procedureId, data}: under the version intake would use now.
 * Only an official who may receive the procedure's dossiers asks, so the check is no way for any
 * other official to look up who registered what in the province.
 */
export async function checkPossibleDuplicates(d: DuplicatesDeps, p: Principal, body: Record<string, unknown>): Promise<DuplicatesAnswer> {
  const { procedureId, data } = body;
  if (typeof procedureId !== "string") throw fieldError("/procedureId", "required", "must name a procedure");
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw fieldError("/data", "type", "must be the form's data, an object");
  const version = (await versionInForce(d.db, procedureId, d.clock())) ?? (await latestVersion(d.db, procedureId));
  if (!version) throw new MotcuaError("procedure.not_found", procedureId);
  const cp = await d.cases.compiled(d.db, { procedureId, procedureVersion: version.version });
  if (!p.roles.some((r) => cp.def.intake.roles.includes(r))) throw new MotcuaError("actor.role_not_permitted", `checking for duplicates needs one of: ${cp.def.intake.roles.join(", ")}`);
  return duplicatesOf(d.db, cp, p.province, data);
}
