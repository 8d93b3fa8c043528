// Round limits declared as data ("at most 2 supplement requests"): the case counts the rounds of
// each limited action, so the count is part of the case the audit chain commits to, and a step
// beyond the limit is refused before anything changes.
import type { Action } from "../schemas/generated/procedure.js";
import type { CaseState } from "./case.js";
import { MotcuaError } from "./errors.js";

/** The case's round counts after taking `action`; throws action.round_limit when none is left. */
export function countRound(c: CaseState, action: Action): CaseState["rounds"] {
  if (action.maxRounds === undefined) return c.rounds;
  const used = c.rounds?.[action.id] ?? 0;
  if (used >= action.maxRounds) {
    throw new MotcuaError("action.round_limit", `'${action.id}' may be taken at most ${action.maxRounds} time(s) in one case`, { extra: { action: action.id, limit: action.maxRounds, used } });
  }
  return { ...c.rounds, [action.id]: used + 1 };
}
