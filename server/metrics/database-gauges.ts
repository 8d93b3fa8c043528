// Gauges read from the database at scrape time: the work waiting for the background jobs and the
// age of the last checkpoint. Every worker reads the same rows, so workers combine them by "max";
// pool figures are per process and are summed. Each query uses a partial index (see schema.sql).
import type { Database } from "../db/database.js";
import type { Metrics } from "./registry.js";

export function databaseGauges(metrics: Metrics, db: Database, clock: () => string): void {
  const now = () => Date.parse(clock());
  if (db.poolStats) {
    const stats = db.poolStats.bind(db);
    metrics.gauge("motcua_db_pool_connections", "Database pool connections by state (in use, idle) and requests waiting for one", ["state"], (set) => {
      const s = stats();
      set({ state: "in_use" }, s.total - s.idle);
      set({ state: "idle" }, s.idle);
      set({ state: "waiting" }, s.waiting);
    }, "sum");
  }
  metrics.gauge("motcua_outbox_backlog", "Undelivered outbox messages: pending (never failed) or failing (last attempt failed)", ["state"], async (set) => {
    const r = await quietly(db.query<{ pending: string; failing: string }>(
      "select count(*) filter (where last_error is null) as pending, count(*) filter (where last_error is not null) as failing from outbox where delivered_at is null"));
    if (!r) return;
    set({ state: "pending" }, Number(r.rows[0]!.pending));
    set({ state: "failing" }, Number(r.rows[0]!.failing));
  });
  metrics.gauge("motcua_scheduler_overdue_unmarked", "Open cases past their due date that the scheduler has not yet marked overdue", [], async (set) => {
    const r = await quietly(db.query<{ n: string }>("select count(*) as n from cases where closed_at is null and due_at < $1 and deadline_mark is distinct from 'overdue'", [clock()]));
    if (r) set({}, Number(r.rows[0]!.n));
  });
  metrics.gauge("motcua_log_unsequenced_records", "Sealed records not yet in the Merkle log", [], async (set) => {
    const r = await quietly(db.query<{ n: string }>(
      "select (select count(*) from audit_entries where log_index is null) + (select count(*) from registry_entries where log_index is null) as n"));
    if (r) set({}, Number(r.rows[0]!.n));
  });
  metrics.gauge("motcua_checkpoint_age_seconds", "Seconds since the newest signed checkpoint (absent before the first)", [], async (set) => {
    const r = await quietly(db.query<{ at: Date | string | null }>("select created_at as at from log_checkpoints order by size desc limit 1"));
    const at = r?.rows[0]?.at;
    if (at) set({}, Math.max(0, (now() - new Date(at).getTime()) / 1000));
  });
}

/** A scrape during a database outage still answers (the process figures matter most then); the gauge is left out. */
async function quietly<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch {
    return undefined;
  }
}
