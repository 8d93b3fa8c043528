// Idempotency-Key (IETF httpapi draft, as Stripe does it): the first response per (official, key)
// is stored and replayed; the same key with another body is 422; a replay while the first request
// is still running is 409. A refused request stores nothing, so the client may fix it and retry.
//
// A claim is a lease, renewed by its process's heartbeat while the request runs. A process that
// dies (SIGKILL, a crash, a lost link) stops renewing, and another request with the key takes the
// claim over once the lease has run out: within seconds, never a minute. A live request, however
// slow, is never taken over, because its process keeps renewing. Why a lease rather than an
// advisory lock tied to the database session: holding the lock means holding a pooled connection
// for the whole request beside the ones the request itself uses (a pool can then starve itself),
// and PGlite, one in-process connection, has no session that could die alone. The completion is
// fenced by the claim's token, so a process that lost its claim while cut off (partitioned, not
// dead) cannot commit its response, nor therefore the step that goes with it.
import { randomUUID } from "node:crypto";
import type { Database, Queryable } from "../db/database.js";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import { MotcuaError } from "../../engine/errors.js";
import { hashJson } from "../../engine/hash.js";

/** Keys live this long; documented in the README and the OpenAPI document. */
export const KEY_TTL_HOURS = 24;
/** How long a claim holds without renewal. Timed by the database's clock, the one all processes share. */
export const DEFAULT_LEASE_MS = 5_000;

export interface IdempotencyClaim {
  principal: string;
  key: string;
  /** This claim's fencing token: only its holder may complete the key. */
  token: string;
}

/** A replay carries the first response's exact JSON text, so it is answered byte for byte. */
export type ClaimResult = { kind: "claimed"; claim: IdempotencyClaim } | { kind: "replay"; status: number; body: string };

export function requestHash(method: string, path: string, body: unknown): string {
  return hashJson({ v: 1, method, path, body: body ?? null });
}

/** One per process: claims keys, renews the leases of the requests still running, releases them. */
export class IdempotencyClaims {
  private readonly running = new Set<string>();
  /** Releases that failed (database unreachable): retried at each heartbeat until they pass or the lease runs out. */
  private readonly unreleased = new Set<string>();
  private timer?: ReturnType<typeof setInterval>;
  private readonly leaseMs: number;

  constructor(private readonly db: Database, opts: { leaseMs?: number } = {}) {
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  }

  async claim(principal: string, key: string, hash: string, now: string): Promise<ClaimResult> {
    if (key.length === 0 || key.length > 255) {
      throw new MotcuaError("request.invalid", "Idempotency-Key must be 1-255 characters", { errors: [{ pointer: "/header/Idempotency-Key", rule: "maxLength", message: "must be 1-255 characters" }] });
    }
    const token = randomUUID();
    const out = await this.db.tx(async (q) => {
      // An expired key, or a claim whose lease ran out (its process died), makes room for this one.
      await q.query(
        `delete from idempotency_keys where principal = $1 and key = $2 and
           (created_at < $3::timestamptz - make_interval(hours => $4) or (status is null and (lease_until is null or lease_until < clock_timestamp())))`,
        [principal, key, now, KEY_TTL_HOURS],
      );
      const ins = await q.query(
        `insert into idempotency_keys (principal, key, request_hash, created_at, claim_token, lease_until)
           values ($1, $2, $3, $4, $5, clock_timestamp() + make_interval(secs => $6)) on conflict do nothing`,
        [principal, key, hash, now, token, this.leaseMs / 1000],
      );
      if (ins.rowCount === 1) return { kind: "claimed", claim: { principal, key, token } } as const;
      const r = await q.query<{ request_hash: string; status: number | null; response: unknown }>(
        "select request_hash, status, response from idempotency_keys where principal = $1 and key = $2",
        [principal, key],
      );
      const row = r.rows[0]!;
      if (row.request_hash !== hash) throw new MotcuaError("idempotency.key_reused");
      if (row.status === null) throw new MotcuaError("idempotency.in_progress", undefined, { extra: { retryAfterSeconds: Math.ceil(this.leaseMs / 1000) } });
      return { kind: "replay", status: row.status, body: typeof row.response === "string" ? row.response : JSON.stringify(row.response) } as const;
    });
    if (out.kind === "claimed") this.track(token);
    return out;
  }

  /**
   * The request failed: the key is free again for the client's corrected retry. When the database
   * is unreachable (the likely reason it failed) the request does not wait for it: the heartbeat
   * retries the release, and the lease runs out anyway.
   */
  async release(claim: IdempotencyClaim, cause?: unknown): Promise<void> {
    this.running.delete(claim.token);
    this.unreleased.add(claim.token);
    const attempt = this.releasePending();
    if (isDatabaseUnavailable(cause)) attempt.catch(() => {});
    else await attempt;
  }

  /** The request finished and its response is stored: the lease needs no more renewal. */
  done(claim: IdempotencyClaim): void {
    this.running.delete(claim.token);
  }

  /** Stops the heartbeat (the process is shutting down); claims still running then lapse with their lease. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.running.clear();
    this.unreleased.clear();
  }

  private track(token: string): void {
    this.running.add(token);
    this.startHeartbeat();
  }

  private startHeartbeat(): void {
    // A third of the lease: two renewals may fail (a busy pool, a short stall) before it lapses.
    this.timer ??= setInterval(() => void this.beat(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    const tokens = [...this.running];
    try {
      if (tokens.length > 0) {
        await this.db.query(
          "update idempotency_keys set lease_until = clock_timestamp() + make_interval(secs => $2) where claim_token = any($1) and status is null",
          [tokens, this.leaseMs / 1000],
        );
      }
      await this.releasePending();
    } catch {
      // Unreachable database: the next beat tries again; a lease that lapses meanwhile is safe (fenced).
    }
    if (this.running.size === 0 && this.unreleased.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private async releasePending(): Promise<void> {
    const tokens = [...this.unreleased];
    if (tokens.length === 0) return;
    try {
      await this.db.query("delete from idempotency_keys where claim_token = any($1) and status is null", [tokens]);
      for (const t of tokens) this.unreleased.delete(t);
    } catch (e) {
      this.startHeartbeat();
      throw e;
    }
  }
}

/** The response text sent to the client; the stored copy and the first answer are this same string. */
export function responseText(body: unknown): string {
  return JSON.stringify(body);
}

/**
 * Stores the response inside the transaction that applied the request: both commit or neither.
 * Fenced: if this claim lapsed and another request took the key over, nothing is stored and the
 * whole step rolls back.
 */
export async function completeKey(q: Queryable, claim: IdempotencyClaim, status: number, body: unknown): Promise<void> {
  // Kept as a jsonb *string* holding the exact text: a jsonb object would come back with its keys
  // reordered (jsonb sorts them), and a replay must equal the first response byte for byte.
  const r = await q.query("update idempotency_keys set status = $4, response = to_jsonb($5::text) where principal = $1 and key = $2 and claim_token = $3 and status is null", [
    claim.principal, claim.key, claim.token, status, responseText(body),
  ]);
  if (r.rowCount !== 1) throw new MotcuaError("idempotency.in_progress", "this request's claim on the key lapsed while it ran; retry with the same key");
}
