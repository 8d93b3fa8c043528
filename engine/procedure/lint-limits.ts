// Lint of limits a procedure declares as data: round limits of actions (maxRounds) and lawful
// extensions of the due date. The engine counts rounds per action id, so every entry of one id
// must agree on the limit. A lawful extension on a final state would never run, and one longer than
// the statutory total could never be granted whole.
import type { Procedure } from "../../schemas/generated/procedure.js";
import { type Diagnostic, pointer } from "../diagnostics.js";

export function lintLimits(p: Procedure): Diagnostic[] {
  const out: Diagnostic[] = [];
  const firstLimit = new Map<string, { limit: number | undefined; at: number }>();
  p.actions.forEach((a, i) => {
    const first = firstLimit.get(a.id);
    if (!first) {
      firstLimit.set(a.id, { limit: a.maxRounds, at: i });
      return;
    }
    if (first.limit !== a.maxRounds) {
      out.push({
        code: "action.rounds-mismatch", severity: "error", pointer: pointer("actions", i, ...(a.maxRounds !== undefined ? ["maxRounds"] : [])),
        message: `action '${a.id}' declares maxRounds ${a.maxRounds ?? "(none)"} here and ${first.limit ?? "(none)"} at /actions/${first.at}: one action id has one counter`,
        params: { action: a.id, other: `/actions/${first.at}` },
      });
    }
  });
  return out;
}

/** A lawful extension lives on a state the case waits in, and fits within the statute's total. */
export function lintExtensions(p: Procedure): Diagnostic[] {
  const out: Diagnostic[] = [];
  const cap = p.deadline.maxLawfulExtensionDays;
  for (const [id, s] of Object.entries(p.states)) {
    if (!s.extension) continue;
    const at = pointer("states", id, "extension");
    if (s.kind === "final") out.push({ code: "extension.on-final", severity: "error", pointer: at, message: `final state '${id}' cannot extend a deadline: the case is closed there`, params: { state: id } });
    else if (cap !== undefined && s.extension.workingDays > cap) {
      out.push({ code: "extension.exceeds-cap", severity: "error", pointer: `${at}/workingDays`, message: `state '${id}' extends by ${s.extension.workingDays} working days, more than the statutory total of ${cap} (deadline/maxLawfulExtensionDays)`, params: { state: id, days: s.extension.workingDays, cap } });
    }
  }
  return out;
}
