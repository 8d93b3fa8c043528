// A case's messages to other systems and where each stands, for officials and auditors: the
// reports said data sent outward silently went out of sync; here it never does so silently.
import type { Queryable } from "../db/database.js";

export type SyncStatus = "delivered" | "pending" | "retrying";

export interface OutboxMessage {
  id: string;
  topic: string;
  status: SyncStatus;
  attempts: number;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
  lastError: string | null;
  /** A notice to the citizen (engine/notice.ts): what it tells and where it went. */
  notice?: { event: string; channel: string; to: string };
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export async function caseOutbox(q: Queryable, caseId: string): Promise<OutboxMessage[]> {
  const r = await q.query<Record<string, unknown>>(
    `select id, topic, attempts, created_at, delivered_at, next_attempt_at, last_error,
            case when topic like 'notice.%' then jsonb_build_object('event', payload ->> 'event', 'channel', payload ->> 'channel', 'to', payload ->> 'to') end as notice
       from outbox where case_id = $1 order by created_at, id`,
    [caseId],
  );
  return r.rows.map((m) => ({
    id: String(m.id),
    topic: String(m.topic),
    status: m.delivered_at ? "delivered" : Number(m.attempts) > 0 ? "retrying" : "pending",
    attempts: Number(m.attempts),
    createdAt: iso(m.created_at)!,
    deliveredAt: iso(m.delivered_at),
    nextAttemptAt: m.delivered_at ? null : iso(m.next_attempt_at ?? m.created_at),
    lastError: (m.last_error as string | null) ?? null,
    ...(m.notice ? { notice: m.notice as OutboxMessage["notice"] } : {}),
  }));
}
