// The fee a dossier owes, computed at intake from the procedure's fee rule (flat, per unit with an
// optional cap) and its exemptions (FEEL rules over the dossier: a poor household, a war invalid...).
// The case records the figures as they were decided, so a later version of the rule or of the
// dossier does not change what the citizen was told to pay (and the chain commits to them).
// Amounts are integers of VND: the rule's Money strings are exact, and so is every figure here.
import type { FeeRule } from "../schemas/generated/procedure.js";
import type { ExpressionContext } from "./expression/evaluate.js";
import { holds } from "./expression/condition.js";
import { readPointer } from "./guards.js";
import { MotcuaError } from "./errors.js";

export interface CaseFee {
  kind: Exclude<FeeRule["kind"], "free">;
  /** The fee before any exemption, VND. */
  amount: number;
  /** What the citizen owes after the exemption, VND (0: nothing to pay). */
  due: number;
  /** The number of units (copies, pages) a per-unit fee was counted on. */
  quantity?: number;
  exemption?: { reason: { vi: string; en: string }; percent: number };
  /** Set by the payment step (engine/payment.ts). */
  payment?: FeePayment;
}

export interface FeePayment {
  at: string;
  method: "cash" | "online";
  /** The portal's payment reference (online payments). */
  reference?: string;
  /** Receipt number, unique per unit and year: "2026/000123". */
  receipt: string;
  by: string;
}

/** The fee of a dossier; none for a free procedure (its cases record nothing, as before fees were computed). */
export function computeFee(rule: FeeRule, rules: ExpressionContext): CaseFee | null {
  if (rule.kind === "free") return null;
  let amount = Number(rule.amount);
  let quantity: number | undefined;
  if (rule.kind === "per-unit") {
    const q = readPointer(rules.data, rule.quantityField);
    if (typeof q !== "number" || !Number.isSafeInteger(q) || q < 0) {
      const message = `the fee is counted per ${rule.unit.en}: a whole number of them is required`;
      throw new MotcuaError("data.invalid", message, { errors: [{ pointer: `/data${rule.quantityField}`, rule: "fee-quantity", message }] });
    }
    quantity = q;
    amount *= q;
    if (rule.cap !== undefined) amount = Math.min(amount, Number(rule.cap));
  }
  const exemption = exemptionOf(rule, rules);
  // A reduction rounds in the citizen's favour: the part still due is rounded down to the dong.
  const due = exemption ? Math.floor((amount * (100 - exemption.percent)) / 100) : amount;
  return { kind: rule.kind, amount, due, ...(quantity !== undefined ? { quantity } : {}), ...(exemption ? { exemption } : {}) };
}

/** The largest exemption whose rule holds (the first of equals), or none. */
function exemptionOf(rule: Exclude<FeeRule, { kind: "free" }>, rules: ExpressionContext): CaseFee["exemption"] {
  let best: CaseFee["exemption"];
  (rule.exemptions ?? []).forEach((x, i) => {
    if (!holds(x.when, rules, `/fee/exemptions/${i}/when`)) return;
    const percent = x.percent ?? 100;
    if (!best || percent > best.percent) best = { reason: { vi: x.reason.vi, en: x.reason.en }, percent };
  });
  return best;
}

/** The figures a case row keeps beside its fee (for statistics): due, and collected once paid. */
export function feeFigures(fee: CaseFee | null | undefined): { feeDue: number | null; feeCollected: number | null } {
  if (!fee) return { feeDue: null, feeCollected: null };
  return { feeDue: fee.due, feeCollected: fee.payment ? fee.due : null };
}
