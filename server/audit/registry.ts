// Appends a registry entry (procedure publication, official role/certificate change) inside the
// caller's transaction, chained and sealed like case entries.
import type { Queryable } from "../db/database.js";
import { nextRegistryEntry, type RegistryEntry } from "../../engine/audit/registry-entry.js";
import { sealMessage } from "../../engine/audit/leaf.js";
import type { LogKey } from "./log-key.js";
import type { RecordRow } from "../../engine/audit/bundle.js";

/** A registry_entries row as the database returns it. */
export interface RegistryRow {
  stream: string;
  seq: number;
  province: string | null;
  actor_id: string;
  action: string;
  at: Date | string;
  hash: string;
  prev_hash: string;
  entry: RegistryEntry;
  seal: string | null;
  log_index: string | number | null;
}

/** The row's own columns, for the verifier to compare with the sealed record. */
export function recordRow(r: RegistryRow): RecordRow {
  return { stream: r.stream, seq: Number(r.seq), province: r.province, actorId: r.actor_id, action: r.action, at: new Date(r.at).toISOString(), hash: r.hash, prevHash: r.prev_hash };
}

export async function appendRegistryEntry(
  q: Queryable,
  key: LogKey,
  e: { stream: string; province?: string | null; at: string; actorId: string; action: string; data: unknown },
): Promise<RegistryEntry> {
  // Lock the stream's head row so two writers cannot both append seq n+1 (the PK would refuse one anyway).
  const head = await q.query<{ seq: number; hash: string }>(
    "select seq, hash from registry_entries where stream = $1 order by seq desc limit 1 for update",
    [e.stream],
  );
  const entry = nextRegistryEntry(head.rows[0], { stream: e.stream, at: e.at, actor: { id: e.actorId }, action: e.action, province: e.province, data: e.data });
  await q.query(
    "insert into registry_entries (stream, seq, province, actor_id, action, at, hash, prev_hash, entry, seal) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
    [entry.stream, entry.seq, e.province ?? null, e.actorId, e.action, e.at, entry.hash, entry.prevHash, JSON.stringify(entry), key.seal(sealMessage(entry.stream, entry.seq, entry.hash))],
  );
  return entry;
}

export async function listRegistry(q: Queryable, stream: string): Promise<Array<{ entry: RegistryEntry; seal: string; logIndex: number | null }>> {
  const r = await q.query<{ entry: RegistryEntry; seal: string; log_index: string | number | null }>(
    "select entry, seal, log_index from registry_entries where stream = $1 order by seq",
    [stream],
  );
  return r.rows.map((x) => ({ entry: x.entry, seal: x.seal, logIndex: x.log_index === null ? null : Number(x.log_index) }));
}
