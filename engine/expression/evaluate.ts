// Rules written as FEEL expressions (DMN's language, which Camunda users already write), run by
// the `feelin` interpreter. Pure and deterministic: the instant comes in with the context, and
// FEEL's today() and now() are shadowed by it, so a rule cannot read the wall clock. Fees will
// evaluate through the same function.
import { evaluate as feel, date, dateAndTime } from "feelin";
import type { Instant, LocalDate } from "../calendar.js";

/** What a rule may read: the dossier data, its documents, the local date of receipt, and the instant of the step. */
export interface ExpressionContext {
  data: Record<string, unknown>;
  documents: ReadonlyArray<{ id: string }>;
  /** Local date the dossier was received ("YYYY-MM-DD"): `receivedOn` in FEEL, a date. */
  receivedOn: LocalDate;
  /** The step's instant and its local date: FEEL's now() and today(). */
  now: Instant;
  today: LocalDate;
}

export type Evaluation = { ok: true; value: unknown } | { ok: false; message: string };

// A step asks the same rule of the same context several times (the guard XState checks, the
// engine's own probe, the required documents, the available actions): feelin parses on every
// call (~0.6 ms), so each context remembers its answers. Contexts are built per step and never
// changed, so the memo changes no answer, only how often one is worked out.
const answered = new WeakMap<ExpressionContext, Map<string, Evaluation>>();

export function evaluate(expression: string, ctx: ExpressionContext): Evaluation {
  let known = answered.get(ctx);
  if (!known) answered.set(ctx, (known = new Map()));
  const hit = known.get(expression);
  if (hit) return hit;
  const r = evaluateOnce(expression, ctx);
  known.set(expression, r);
  return r;
}

function evaluateOnce(expression: string, ctx: ExpressionContext): Evaluation {
  try {
    const r = feel(expression, feelContext(ctx));
    if (r.value === null && r.warnings.length > 0) return { ok: false, message: r.warnings.map((w) => w.message).join("; ") };
    return { ok: true, value: r.value };
  } catch (e) {
    // feelin throws on syntax errors, and on some values it cannot format in a warning.
    return { ok: false, message: (e as Error).message };
  }
}

/** Names every expression may use at the top level (for the parser, and the reader of a procedure). */
export const CONTEXT_NAMES = ["data", "documents", "receivedOn", "today", "now"] as const;

function feelContext(ctx: ExpressionContext): Record<string, unknown> {
  return {
    data: ctx.data,
    documents: ctx.documents.map((d) => ({ id: d.id })),
    receivedOn: date(ctx.receivedOn),
    today: () => date(ctx.today),
    now: () => dateAndTime(ctx.now),
  };
}
