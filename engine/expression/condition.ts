// An expression used as a condition (a guard, a branch, a required-when rule) must give true or
// false. Anything else is the procedure's fault, not the clerk's: a clear problem naming the
// expression, never a crash and never a silent false that would hide the dossier's branch.
import { MotcuaError } from "../errors.js";
import { type ExpressionContext, evaluate } from "./evaluate.js";

/** `where` is the expression's JSON pointer in the procedure, for the problem. */
export function holds(expression: string, ctx: ExpressionContext, where: string): boolean {
  const r = evaluate(expression, ctx);
  if (!r.ok) throw new MotcuaError("expression.failed", `the rule at ${where} could not be evaluated: ${r.message}`, { extra: { expression, at: where } });
  if (typeof r.value !== "boolean") {
    throw new MotcuaError("expression.failed", `the rule at ${where} gave ${JSON.stringify(r.value)}, not true or false`, { extra: { expression, at: where } });
  }
  return r.value;
}
