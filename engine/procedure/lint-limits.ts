// Lint of limits a procedure declares as data: round limits of actions (maxRounds) and lawful
// extensions of the due date. The engine counts rounds per action id, so every entry of one id
// must agree on the limit; an extension longer than the statutory cap could never be granted whole.
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
