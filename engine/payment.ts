// Payment of the fee computed at intake (engine/fee.ts): cash at the counter, or online with the
// portal's payment reference. The reception officer of the case's unit records it; the receipt
// number is minted by the caller (a counter per unit and year, in the same transaction as this
// step) and recorded in the case, so the chain commits to who was paid what, when, on which receipt.
import type { CompiledProcedure } from "./compile.js";
import type { Actor, AuditEntry, CaseState } from "./case.js";
import { MotcuaError } from "./errors.js";
import { type Result, attempt } from "./result.js";
import { BUILTIN_STEPS, builtinStep } from "./builtin-step.js";
import type { FeePayment } from "./fee.js";

export interface PaymentRequest {
  method: unknown;
  reference?: unknown;
}

const MAX_REFERENCE = 100;

/** The request checked before a receipt number is taken: a refused payment must not use one up. */
export function checkPayment(cp: CompiledProcedure, c: CaseState, req: PaymentRequest, actor: Actor): { role: string; method: FeePayment["method"]; reference?: string } {
  if (actor.unit !== c.unit) throw new MotcuaError("actor.unit_not_permitted", `official of unit ${actor.unit} cannot take payment for a case of unit ${c.unit}`);
  const role = actor.roles.find((r) => cp.def.intake.roles.includes(r));
  if (!role) throw new MotcuaError("actor.role_not_permitted", `taking a payment needs one of: ${cp.def.intake.roles.join(", ")}`);
  if (req.method !== "cash" && req.method !== "online") throw invalid("/method", "enum", "must be 'cash' or 'online'");
  const reference = typeof req.reference === "string" ? req.reference.normalize("NFC").trim() : req.reference;
  if (reference !== undefined && (typeof reference !== "string" || reference === "" || reference.length > MAX_REFERENCE)) {
    throw invalid("/reference", "format", `must be the portal's payment reference (1 to ${MAX_REFERENCE} characters)`);
  }
  if (req.method === "online" && reference === undefined) throw invalid("/reference", "required", "an online payment needs the portal's payment reference");
  if (!c.fee || c.fee.due === 0) throw new MotcuaError("fee.nothing_due", c.fee?.exemption ? `exempt: ${c.fee.exemption.reason.en}` : "the procedure is free");
  if (c.fee.payment) throw new MotcuaError("fee.already_paid", `paid ${c.fee.payment.at}, receipt ${c.fee.payment.receipt}`);
  if (c.outcome === "refused" || c.outcome === "withdrawn") throw new MotcuaError("case.closed", `the case was ${c.outcome}`);
  return { role, method: req.method, ...(reference !== undefined ? { reference } : {}) };
}

export function recordPayment(
  cp: CompiledProcedure, c: CaseState, req: PaymentRequest, actor: Actor, ctx: { now: string; receipt: string },
): Result<{ case: CaseState; entry: AuditEntry }> {
  return attempt(() => {
    const { role, method, reference } = checkPayment(cp, c, req, actor);
    const payment: FeePayment = { at: ctx.now, method, ...(reference !== undefined ? { reference } : {}), receipt: ctx.receipt, by: actor.id };
    return builtinStep(cp, c, { fee: { ...c.fee!, payment } }, {
      actor, role, action: BUILTIN_STEPS.payment, at: ctx.now,
      input: { method, ...(reference !== undefined ? { reference } : {}), receipt: ctx.receipt, amount: c.fee!.due },
    });
  });
}

function invalid(pointer: string, rule: string, message: string): MotcuaError {
  return new MotcuaError("data.invalid", message, { errors: [{ pointer, rule, message }] });
}
