// POST /cases/:id/payment: the fee paid at the counter (cash) or through the portal (online, with
// its payment reference). One transaction: the case row is locked, the request checked, the next
// receipt number of the unit's year taken from its counter row, and the case with its audit entry
// written. A refused or rolled-back payment takes no number, so a unit's receipts for a year are
// numbered 1, 2, 3... without gaps or repeats, however many counters pay at once. With an
// Idempotency-Key the answer is stored in the same transaction, so a retried request (a double
// tap, a dropped connection) gets the same receipt back instead of 409 fee.already_paid.
import type { Queryable } from "../db/database.js";
import type { CaseState, AuditEntry } from "../../engine/case.js";
import { MotcuaError } from "../../engine/errors.js";
import { checkPayment, recordPayment, type PaymentRequest } from "../../engine/payment.js";
import { localDate } from "../../engine/calendar.js";
import { getCaseSeenBy, lockCase, updateCaseAppendEntry } from "../store/cases.js";
import { type CaseService, actorOf, ownerOf } from "./service.js";
import { completeKey, type IdempotencyClaim } from "./idempotency.js";
import type { Principal } from "../http/auth.js";

export interface PaymentDeps {
  cases: CaseService;
  db: { tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> } & Queryable;
  clock: () => string;
}

/** "2026/000123": the year of the payment (local date) and the unit's running number in it. */
export function receiptNumber(year: string, n: number): string {
  return `${year}/${String(n).padStart(6, "0")}`;
}

/** The unit's next receipt number of the year; the counter row stays locked until the transaction ends. */
async function nextReceipt(q: Queryable, unit: string, year: number): Promise<number> {
  const r = await q.query<{ last: number }>(
    `insert into receipt_counters (unit, year, last) values ($1, $2, 1)
     on conflict (unit, year) do update set last = receipt_counters.last + 1 returning last`,
    [unit, year],
  );
  return Number(r.rows[0]!.last);
}

export async function recordCasePayment(
  d: PaymentDeps,
  p: Principal,
  id: string,
  body: Record<string, unknown>,
  claim?: IdempotencyClaim,
): Promise<{ status: number; body: { case: CaseState; entry: AuditEntry } }> {
  const found = await getCaseSeenBy(d.db, id, p);
  // Outside the caller's sight it is "not found"; inside the province the engine refuses on jurisdiction.
  if (!found || (!found.visible && found.case.province !== p.province)) throw new MotcuaError("case.not_found", id);
  const req: PaymentRequest = { method: body.method, reference: body.reference };
  const now = d.clock();
  return d.db.tx(async (q) => {
    const c = await lockCase(q, found.case.id);
    if (!c) throw new MotcuaError("case.not_found", id);
    const cp = await d.cases.compiled(q, c);
    const actor = actorOf(p);
    checkPayment(cp, c, req, actor);
    const year = localDate(now, d.cases.calendar).slice(0, 4);
    const receipt = receiptNumber(year, await nextReceipt(q, c.unit, Number(year)));
    const r = recordPayment(cp, c, req, actor, { now, receipt });
    if (!r.ok) throw r.error;
    if (!(await updateCaseAppendEntry(q, r.case, c.version, ownerOf(cp, r.case), r.entry, d.cases.sealOf(r.entry)))) {
      throw new MotcuaError("case.version_conflict", `the case is at version ${c.version}`, { extra: { currentVersion: c.version } });
    }
    const response = { status: 200, body: { case: r.case, entry: r.entry } };
    if (claim) await completeKey(q, claim, response.status, response.body);
    return response;
  });
}
