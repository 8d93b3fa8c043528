// Password guessing is slowed per username: after MAX_FAILURES failed logins within the window,
// further attempts are refused with 429 and Retry-After until the oldest failure leaves the
// window; a successful login clears the count. Kept in the database, so every server process
// sees the same count. Per username rather than per address: guessers rotate addresses.
import type { Database } from "../db/database.js";
import { MotcuaError } from "../../engine/errors.js";

export const MAX_FAILURES = 10;
export const WINDOW_SECONDS = 15 * 60;

export async function assertNotThrottled(db: Database, username: string, now: string): Promise<void> {
  const r = await db.query<{ n: number; oldest: Date | string | null }>(
    "select count(*)::int as n, min(at) as oldest from login_failures where username = $1 and at > $2::timestamptz - make_interval(secs => $3)",
    [username, now, WINDOW_SECONDS],
  );
  const { n, oldest } = r.rows[0]!;
  if (n < MAX_FAILURES || oldest === null) return;
  const retryAfter = Math.max(1, Math.ceil((new Date(oldest).getTime() + WINDOW_SECONDS * 1000 - Date.parse(now)) / 1000));
  throw new MotcuaError("auth.too_many_attempts", `too many failed logins for this username; try again in ${Math.ceil(retryAfter / 60)} minute(s)`, {
    extra: { retryAfterSeconds: retryAfter },
  });
}

export async function recordFailure(db: Database, username: string, now: string): Promise<void> {
  await db.tx(async (q) => {
    // Expired rows of every username go, so guesses at made-up usernames cannot pile up.
    await q.query("delete from login_failures where at <= $1::timestamptz - make_interval(secs => $2)", [now, WINDOW_SECONDS]);
    await q.query("insert into login_failures (username, at) values ($1, $2)", [username, now]);
  });
}

export async function clearFailures(db: Database, username: string): Promise<void> {
  await db.query("delete from login_failures where username = $1", [username]);
}
