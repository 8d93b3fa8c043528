// The global append-only log (RFC 9162 Merkle tree) over every chained record. Records are
// committed first and sequenced after, by one sequencer at a time (advisory lock), so commits of
// different cases never wait on a global counter. Each process keeps the tree in memory and
// catches up from log_leaves; checkpoints are C2SP signed notes stored in log_checkpoints.
import { untimed, type Timed } from "../periodic.js";
import { verify as edVerify, createPublicKey } from "node:crypto";
import type { Database } from "../db/database.js";
import { MerkleTree } from "../../engine/audit/merkle.js";
import { formatCheckpoint, signCheckpoint } from "../../engine/audit/checkpoint.js";
import { entryLeafHash, sealMessage } from "../../engine/audit/leaf.js";
import { fromHex, toHex } from "../../engine/hash.js";
import type { LogKey } from "./log-key.js";
import { LOCK_SEQUENCER } from "../db/advisory-locks.js";

export interface StoredCheckpoint {
  size: number;
  rootHash: string;
  note: string;
  createdAt: string;
}

const BATCH = 5000;

export class TransparencyLog {
  private readonly tree = new MerkleTree();
  private readonly publicKey;

  constructor(private readonly db: Database, readonly key: LogKey, readonly origin: string, private readonly crypto: Crypto) {
    this.publicKey = createPublicKey(key.privateKey);
  }

  get size(): number {
    return this.tree.size;
  }

  /** Loads leaves other processes (or an earlier run) appended. */
  async sync(): Promise<void> {
    for (;;) {
      const r = await this.db.query<{ leaf_hash: string }>("select leaf_hash from log_leaves where idx >= $1 order by idx limit 50000", [this.tree.size]);
      for (const row of r.rows) this.tree.append(fromHex(row.leaf_hash));
      if (r.rows.length < 50000) return;
    }
  }

  /** Gives log positions to committed, correctly sealed records not yet in the log. Returns how many. */
  async sequence(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.tx(async (q) => {
        await q.query("select pg_advisory_xact_lock($1)", [LOCK_SEQUENCER]);
        const next = Number((await q.query<{ n: string }>("select coalesce(max(idx) + 1, 0)::text as n from log_leaves")).rows[0]!.n);
        const pending = await q.query<{ kind: string; stream: string; seq: number; hash: string; seal: string | null }>(
          `select * from (
             select 'case' as kind, 'case:' || case_id as stream, seq, hash, seal, at from audit_entries where log_index is null
             union all
             select 'registry', stream, seq, hash, seal, at from registry_entries where log_index is null
           ) p
           -- A record the log already holds (its row's log_index was cleared afterwards) is never
           -- logged twice: the unique (stream, seq) would stop the sequencer for good, and the
           -- verifier reports the row.
           where not exists (select 1 from log_leaves l where l.stream = p.stream and l.seq = p.seq)
           order by at, stream, seq limit ${BATCH}`,
        );
        let idx = next;
        for (const p of pending.rows) {
          // A row that the server did not seal was not written by the server: never log it.
          if (!p.seal || !edVerify(null, sealMessage(p.stream, p.seq, p.hash), this.publicKey, Buffer.from(p.seal, "base64"))) continue;
          await q.query("insert into log_leaves (idx, stream, seq, leaf_hash) values ($1,$2,$3,$4)", [idx, p.stream, p.seq, toHex(entryLeafHash(p.stream, p.seq, p.hash))]);
          if (p.kind === "case") await q.query("update audit_entries set log_index = $1 where case_id = $2 and seq = $3", [idx, p.stream.slice(5), p.seq]);
          else await q.query("update registry_entries set log_index = $1 where stream = $2 and seq = $3", [idx, p.stream, p.seq]);
          idx++;
        }
        return { added: idx - next, scanned: pending.rows.length };
      });
      total += n.added;
      if (n.scanned < BATCH) break;
    }
    await this.sync();
    return total;
  }

  /** Sequences pending records and signs a checkpoint when the log grew. */
  async publishCheckpoint(now: string): Promise<StoredCheckpoint | undefined> {
    await this.sequence();
    const latest = await this.latestCheckpoint();
    if (latest && latest.size >= this.tree.size) return latest;
    if (this.tree.size === 0) return undefined;
    const size = this.tree.size;
    const rootHash = this.tree.rootAt(size);
    const note = await signCheckpoint(formatCheckpoint({ origin: this.origin, size, rootHash }), { name: this.key.name, privateKey: this.key.cryptoKeys.privateKey, publicKey: this.key.cryptoKeys.publicKey }, this.crypto);
    await this.db.query("insert into log_checkpoints (size, root_hash, note, created_at) values ($1,$2,$3,$4) on conflict (size) do nothing", [size, toHex(rootHash), note, now]);
    return (await this.checkpointAt(size))!;
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const r = await this.db.query("select * from log_checkpoints order by size desc limit 1");
    return r.rows[0] ? toCheckpoint(r.rows[0]) : undefined;
  }

  async checkpointAt(size: number): Promise<StoredCheckpoint | undefined> {
    const r = await this.db.query("select * from log_checkpoints where size = $1", [size]);
    return r.rows[0] ? toCheckpoint(r.rows[0]) : undefined;
  }

  async inclusionProof(index: number, size: number): Promise<string[]> {
    if (size > this.tree.size) await this.sync();
    return this.tree.inclusionProof(index, size).map(toHex);
  }

  async consistencyProof(oldSize: number, newSize: number): Promise<string[]> {
    if (newSize > this.tree.size) await this.sync();
    return this.tree.consistencyProof(oldSize, newSize).map(toHex);
  }

  /** Periodic sequencing and checkpointing; returns a stop function. */
  start(intervalMs: number, clock: () => string, onError: (e: unknown) => void, timed: Timed = untimed): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      timed("checkpoint", () => this.publishCheckpoint(clock())).catch(onError).finally(() => (running = false));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

function toCheckpoint(r: Record<string, unknown>): StoredCheckpoint {
  return {
    size: Number(r.size),
    rootHash: String(r.root_hash),
    note: String(r.note),
    createdAt: (r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at))).toISOString(),
  };
}
