// The context XState's guards see for one step: the dossier as it will be after the step, the
// documents the form requires of this dossier (its requiredWhen rules evaluated), and what
// expression rules read. Built here once so that a step and the list of available actions agree.
import type { Action } from "../schemas/generated/procedure.js";
import type { CompiledProcedure } from "./compile.js";
import type { CaseDocument, CaseState } from "./case.js";
import type { GuardContext } from "./guards.js";
import { localDate, type Instant, type WorkingCalendar } from "./calendar.js";
import type { ExpressionContext } from "./expression/evaluate.js";
import { holds } from "./expression/condition.js";

export interface RuleTime {
  now: Instant;
  calendar: WorkingCalendar;
}

export function guardContext(cp: CompiledProcedure, c: CaseState, data: Record<string, unknown>, documents: CaseDocument[], t: RuleTime): GuardContext & { rules: ExpressionContext } {
  const rules: ExpressionContext = { data, documents, receivedOn: localDate(c.receivedAt, t.calendar), now: t.now, today: localDate(t.now, t.calendar) };
  return { data, documents, requiredDocuments: requiredDocuments(cp, rules), rules };
}

/** The form's required documents, and those whose requiredWhen rule holds on this dossier. */
export function requiredDocuments(cp: CompiledProcedure, rules: ExpressionContext): string[] {
  return cp.def.form.documents
    .filter((d, i) => d.required || (d.requiredWhen !== undefined && holds(d.requiredWhen, rules, `/form/documents/${i}/requiredWhen`)))
    .map((d) => d.id);
}

/**
 * Evaluates the action's own rules (an expression guard, its branches) outside XState, whose
 * guards turn an exception into "not allowed": a rule that fails on this dossier must reach the
 * clerk as expression.failed naming the rule, not as an unmet condition.
 */
export function probeRules(action: Action, index: number, ctx: GuardContext): void {
  if (!ctx.rules) return;
  const g = action.guard;
  if (typeof g === "object" && g.type === "expression") holds(String(g.params?.expression), ctx.rules, `/actions/${index}/guard/params/expression`);
  action.branches?.forEach((b, k) => holds(b.when, ctx.rules!, `/actions/${index}/branches/${k}/when`));
}
