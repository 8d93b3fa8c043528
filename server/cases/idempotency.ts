// Idempotency-Key (IETF httpapi draft, as Stripe does it): the first response per (official, key)
// is stored and replayed; the same key with another body is 422; a replay while the first request
// is still running is 409. A refused request stores nothing, so the client may fix it and retry.
import type { Database, Queryable } from "../db/database.js";
import { MotcuaError } from "../../engine/errors.js";
import { hashJson } from "../../engine/hash.js";

/** Keys live this long; documented in the README and the OpenAPI document. */
export const KEY_TTL_HOURS = 24;
/** A claim older than this whose request never finished (process died) may be taken over. */
const ABANDONED_AFTER_SECONDS = 60;

export interface IdempotencyClaim {
  principal: string;
  key: string;
}

/** A replay carries the first response's exact JSON text, so it is answered byte for byte. */
export type ClaimResult = { kind: "claimed"; claim: IdempotencyClaim } | { kind: "replay"; status: number; body: string };

export function requestHash(method: string, path: string, body: unknown): string {
  return hashJson({ v: 1, method, path, body: body ?? null });
}

export async function claimKey(db: Database, principal: string, key: string, hash: string, now: string): Promise<ClaimResult> {
  if (key.length === 0 || key.length > 255) throw new MotcuaError("request.invalid", "Idempotency-Key must be 1-255 characters");
  return db.tx(async (q) => {
    await q.query(
      `delete from idempotency_keys where principal = $1 and key = $2 and
         (created_at < $3::timestamptz - make_interval(hours => $4) or (status is null and created_at < $3::timestamptz - make_interval(secs => $5)))`,
      [principal, key, now, KEY_TTL_HOURS, ABANDONED_AFTER_SECONDS],
    );
    const ins = await q.query(
      "insert into idempotency_keys (principal, key, request_hash, created_at) values ($1,$2,$3,$4) on conflict do nothing",
      [principal, key, hash, now],
    );
    if (ins.rowCount === 1) return { kind: "claimed", claim: { principal, key } } as const;
    const r = await q.query<{ request_hash: string; status: number | null; response: unknown }>(
      "select request_hash, status, response from idempotency_keys where principal = $1 and key = $2",
      [principal, key],
    );
    const row = r.rows[0]!;
    if (row.request_hash !== hash) throw new MotcuaError("idempotency.key_reused");
    if (row.status === null) throw new MotcuaError("idempotency.in_progress");
    return { kind: "replay", status: row.status, body: typeof row.response === "string" ? row.response : JSON.stringify(row.response) } as const;
  });
}

/** The response text sent to the client; the stored copy and the first answer are this same string. */
export function responseText(body: unknown): string {
  return JSON.stringify(body);
}

/** Stores the response inside the transaction that applied the request: both commit or neither. */
export async function completeKey(q: Queryable, claim: IdempotencyClaim, status: number, body: unknown): Promise<void> {
  // Kept as a jsonb *string* holding the exact text: a jsonb object would come back with its keys
  // reordered (jsonb sorts them), and a replay must equal the first response byte for byte.
  await q.query("update idempotency_keys set status = $3, response = to_jsonb($4::text) where principal = $1 and key = $2", [
    claim.principal, claim.key, status, responseText(body),
  ]);
}

export async function releaseKey(db: Database, claim: IdempotencyClaim): Promise<void> {
  await db.query("delete from idempotency_keys where principal = $1 and key = $2 and status is null", [claim.principal, claim.key]);
}
