// Delivers outbox messages: each is POSTed to its topic's target with the message id as
// Idempotency-Key, so a redelivery (after a timeout whose answer was lost) has no second effect
// at the receiver. Failures are kept on the row and retried with backoff; nothing is dropped.
// Safe in several processes: a message is claimed with SKIP LOCKED and a lease before sending.
import type { Database } from "../db/database.js";
import type { Targets } from "./targets.js";
import { sendMail } from "./smtp.js";

export interface DeliveryOptions {
  db: Database;
  targets: Targets;
  /** Names this process in locked_by. */
  name: string;
  batchSize?: number;
  /** How long a claim keeps other processes away; longer than the request timeout. */
  leaseSeconds?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface DeliveryReport {
  delivered: number;
  failed: number;
}

interface Row {
  id: string;
  case_id: string;
  topic: string;
  payload: unknown;
  created_at: Date | string;
  attempts: number;
}

/** Wait before attempt n+1 after n failures: 30 s, 1 min, 2 min, ... capped at 6 hours. */
export function backoffSeconds(failures: number): number {
  return Math.min(30 * 2 ** Math.max(0, failures - 1), 6 * 3600);
}

export async function deliverDue(o: DeliveryOptions, now: string): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, failed: 0 };
  const topics = Object.keys(o.targets);
  if (topics.length === 0) return report;
  const claimed = await o.db.query<Row>(
    `update outbox set locked_until = $2::timestamptz + make_interval(secs => $3), locked_by = $4
      where id in (
        select id from outbox
         where delivered_at is null and topic = any($1::text[])
           and coalesce(next_attempt_at, created_at) <= $2::timestamptz
           and (locked_until is null or locked_until < $2::timestamptz)
         order by created_at
         limit $5
         for update skip locked)
      returning id, case_id, topic, payload, created_at, attempts`,
    [topics, now, o.leaseSeconds ?? 120, o.name, o.batchSize ?? 50],
  );
  for (const m of claimed.rows) {
    const error = await send(o, m);
    if (error === undefined) {
      await o.db.query("update outbox set delivered_at = $2, attempts = attempts + 1, last_error = null, locked_until = null where id = $1 and locked_by = $3", [m.id, now, o.name]);
      report.delivered++;
    } else {
      await o.db.query(
        `update outbox set attempts = attempts + 1, last_error = $2, locked_until = null,
           next_attempt_at = $3::timestamptz + make_interval(secs => $4)
         where id = $1 and locked_by = $5`,
        [m.id, error, now, backoffSeconds(m.attempts + 1), o.name],
      );
      report.failed++;
    }
  }
  return report;
}

/** undefined when the target accepted the message (2xx); otherwise what went wrong, for the case's sync status. */
async function send(o: DeliveryOptions, m: Row): Promise<string | undefined> {
  const target = o.targets[m.topic]!;
  if (target.kind === "smtp") return sendMail(target, m.id, m.payload, o.timeoutMs ?? 10_000);
  const createdAt = m.created_at instanceof Date ? m.created_at.toISOString() : new Date(m.created_at).toISOString();
  try {
    const r = await (o.fetch ?? fetch)(target.url, {
      method: "POST",
      headers: { ...target.headers, "content-type": "application/json", "idempotency-key": m.id },
      body: JSON.stringify({ id: m.id, topic: m.topic, caseId: m.case_id, createdAt, payload: m.payload }),
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
    if (r.ok) return undefined;
    const text = (await r.text().catch(() => "")).slice(0, 200);
    return `HTTP ${r.status}${text ? `: ${text}` : ""}`;
  } catch (e) {
    const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (err.name === "TimeoutError") return `no answer within ${o.timeoutMs ?? 10_000} ms`;
    return (err.cause?.code ?? err.cause?.message ?? err.message ?? String(e)).slice(0, 200);
  }
}
