// The global log against the rows it was built from: every leaf has its record, sealed and
// unchanged, at the index the record's row says; the leaves rebuild every signed checkpoint's root;
// every checkpoint row says what its signed note says. A record deleted after it was logged (a read
// record, say, which no case row points to) or a leaf rewritten shows here, whichever case or
// stream it belonged to. Reads the whole log in batches: an auditor's job, not a request path.
import { createPublicKey, verify as edVerify } from "node:crypto";
import type { Database } from "../db/database.js";
import { MerkleTree } from "../../engine/audit/merkle.js";
import { verifyCheckpoint } from "../../engine/audit/checkpoint.js";
import { entryLeafHash, sealMessage } from "../../engine/audit/leaf.js";
import { hashEntry } from "../../engine/audit/entry.js";
import { fromHex, toHex } from "../../engine/hash.js";
import type { Finding } from "../../engine/audit/findings.js";
import type { TransparencyLog } from "./log.js";
import { recordRowCheck } from "../../engine/audit/verify-rows.js";
import { recordRow, type RegistryRow } from "./registry.js";

const BATCH = 5000;
const MAX_FINDINGS = 200;

export interface LogReport {
  ok: boolean;
  size: number;
  checkpoints: number;
  findings: Finding[];
}

interface LeafRow {
  idx: string | number;
  stream: string;
  seq: number;
  leaf_hash: string;
  hash: string | null;
  entry: { hash?: string; prevHash: string } | null;
  seal: string | null;
  log_index: string | number | null;
  /** The registry row's own columns (null for case entries, which the case verification covers). */
  registry: RegistryRow | null;
}

export async function verifyLog(db: Database, tlog: TransparencyLog): Promise<LogReport> {
  const findings: Finding[] = [];
  const add = (f: Finding) => findings.length < MAX_FINDINGS && findings.push(f);
  const publicKey = createPublicKey({ key: tlog.key.publicKeyPem, format: "pem" });
  const tree = new MerkleTree();
  for (let from = 0; ; from += BATCH) {
    const rows = await leavesWithRecords(db, from, BATCH);
    for (const r of rows) {
      const idx = Number(r.idx);
      if (idx !== tree.size) {
        add({ reason: "log.leaf-missing", params: { table: "log_leaves", index: tree.size }, detail: `the log has no leaf at index ${tree.size}` });
        break;
      }
      const leaf = /^[0-9a-f]{64}$/.test(r.leaf_hash) ? fromHex(r.leaf_hash) : undefined;
      // A leaf that is not even a hash still takes its place, so the indexes after it stay right.
      tree.append(leaf ?? new Uint8Array(32));
      if (!leaf) add({ reason: "log.leaf-altered", params: { table: "log_leaves", column: "log_leaves.leaf_hash", index: idx }, detail: `leaf ${idx} is not a SHA-256 hash` });
      else checkLeaf(r, idx, publicKey, add);
    }
    if (rows.length < BATCH || findings.some((f) => f.reason === "log.leaf-missing")) break;
  }
  const checkpoints = await db.query<{ size: string | number; root_hash: string; note: string }>("select size, root_hash, note from log_checkpoints order by size");
  for (const c of checkpoints.rows) {
    const size = Number(c.size);
    const v = await verifyCheckpoint(c.note, { name: tlog.key.name, publicKey: tlog.key.publicKeyRaw }, globalThis.crypto);
    if (!v.ok) {
      add({ reason: "log.checkpoint-invalid", params: { table: "log_checkpoints", column: "log_checkpoints.note", size }, detail: `the checkpoint of size ${size} does not verify (${v.reason})` });
      continue;
    }
    if (v.size !== size) add({ reason: "log.checkpoint-column", params: { column: "log_checkpoints.size", size }, detail: `the row says size ${size}, its note ${v.size}` });
    if (toHex(v.rootHash) !== c.root_hash) add({ reason: "log.checkpoint-column", params: { column: "log_checkpoints.root_hash", size }, detail: `the row's root hash differs from its note's` });
    if (v.size > tree.size) {
      add({ reason: "log.leaf-missing", params: { table: "log_leaves", index: tree.size, size: v.size }, detail: `a checkpoint covers ${v.size} leaves, the log has ${tree.size}` });
    } else if (toHex(tree.rootAt(v.size)) !== toHex(v.rootHash)) {
      add({ reason: "log.root-mismatch", params: { table: "log_leaves", column: "log_leaves.leaf_hash", size: v.size }, detail: `the leaves do not rebuild the signed root of size ${v.size}` });
    }
  }
  await danglingIndexes(db, add);
  await unpublishedVersions(db, add);
  return { ok: findings.length === 0, size: tree.size, checkpoints: checkpoints.rows.length, findings };
}

function checkLeaf(r: LeafRow, idx: number, publicKey: ReturnType<typeof createPublicKey>, add: (f: Finding) => void): void {
  const table = r.stream.startsWith("case:") ? "audit_entries" : "registry_entries";
  const at = { table, stream: r.stream, seq: r.seq, index: idx };
  if (r.hash === null || r.entry === null) {
    add({ reason: "log.row-missing", params: at, detail: `the log holds ${r.stream}#${r.seq} at index ${idx}, the database has no such record` });
    return;
  }
  const { hash: _h, ...unsealed } = r.entry;
  const intact = r.entry.hash === r.hash && hashEntry(unsealed) === r.hash && !!r.seal && edVerify(null, sealMessage(r.stream, r.seq, r.hash), publicKey, Buffer.from(r.seal, "base64"));
  if (toHex(entryLeafHash(r.stream, r.seq, r.hash)) !== r.leaf_hash) {
    // Whichever side still holds together was left alone.
    if (intact) add({ reason: "log.leaf-altered", params: { ...at, column: "log_leaves.leaf_hash" }, detail: `leaf ${idx} is not the leaf of the record it names` });
    else add({ reason: "log.record-altered", params: { ...at, column: `${table}.hash` }, detail: `${r.stream}#${r.seq} differs from what the log holds at index ${idx}` });
  } else if (!intact) {
    add({ reason: "log.record-altered", params: { ...at, column: `${table}.entry` }, detail: `${r.stream}#${r.seq} no longer matches its hash or seal` });
  }
  if (r.registry) {
    const row = recordRowCheck(recordRow(r.registry), r.registry.entry);
    if (!row.ok) add({ reason: row.reason, params: { ...at, ...row.params }, detail: row.detail });
  }
  if (r.log_index === null || Number(r.log_index) !== idx) {
    add({ reason: "log.index-mismatch", params: { ...at, column: `${table}.log_index` }, detail: `${r.stream}#${r.seq} is at index ${idx}, its row says ${String(r.log_index)}` });
  }
}

function leavesWithRecords(db: Database, from: number, limit: number): Promise<LeafRow[]> {
  return db
    .query<LeafRow>(
      `select l.idx, l.stream, l.seq, l.leaf_hash, coalesce(a.hash, g.hash) as hash, coalesce(a.entry, g.entry) as entry,
              coalesce(a.seal, g.seal) as seal, coalesce(a.log_index, g.log_index) as log_index, to_jsonb(g) as registry
         from log_leaves l
         left join audit_entries a on l.stream like 'case:%' and a.case_id = substr(l.stream, 6) and a.seq = l.seq
         left join registry_entries g on l.stream not like 'case:%' and g.stream = l.stream and g.seq = l.seq
        where l.idx >= $1 order by l.idx limit $2`,
      [from, limit],
    )
    .then((r) => r.rows);
}

/**
 * Rows that claim a log position the log gives another record. When the row still holds together
 * (its leaf hash is the one at that index) the leaf's stream or seq was rewritten; otherwise the
 * row's log_index was.
 */
async function danglingIndexes(db: Database, add: (f: Finding) => void): Promise<void> {
  const r = await db.query<{ tbl: string; stream: string; seq: number; hash: string; log_index: string; l_stream: string | null; l_seq: number | null; l_hash: string | null }>(
    `select 'audit_entries' as tbl, 'case:' || a.case_id as stream, a.seq, a.hash, a.log_index::text, l.stream as l_stream, l.seq as l_seq, l.leaf_hash as l_hash from audit_entries a
       left join log_leaves l on l.idx = a.log_index
      where a.log_index is not null and (l.idx is null or l.stream <> 'case:' || a.case_id or l.seq <> a.seq)
     union all
     select 'registry_entries', g.stream, g.seq, g.hash, g.log_index::text, l.stream, l.seq, l.leaf_hash from registry_entries g
       left join log_leaves l on l.idx = g.log_index
      where g.log_index is not null and (l.idx is null or l.stream <> g.stream or l.seq <> g.seq)
     limit 100`,
  );
  for (const x of r.rows) {
    const index = Number(x.log_index);
    if (x.l_hash !== null && x.l_hash === toHex(entryLeafHash(x.stream, x.seq, x.hash))) {
      const column = x.l_stream !== x.stream ? "log_leaves.stream" : "log_leaves.seq";
      add({ reason: "log.leaf-moved", params: { table: "log_leaves", column, index, stream: x.stream, seq: x.seq }, detail: `leaf ${index} is ${x.stream}#${x.seq}'s leaf, but names another record` });
    } else {
      add({ reason: "log.index-dangling", params: { table: x.tbl, column: `${x.tbl}.log_index`, stream: x.stream, seq: x.seq, index }, detail: `${x.stream}#${x.seq} claims index ${index}, which the log gives another record` });
    }
  }
}

/** Every procedure version in the catalog was published: a sealed publication record with its content hash. */
async function unpublishedVersions(db: Database, add: (f: Finding) => void): Promise<void> {
  const r = await db.query<{ id: string; version: number }>(
    `select p.id, p.version from procedure_versions p
      where not exists (select 1 from registry_entries g where g.stream = 'procedure:' || p.id and g.entry ->> 'action' = 'procedure.publish'
                          and g.entry -> 'data' ->> 'version' = p.version::text and g.entry -> 'data' ->> 'contentHash' = p.content_hash)
      limit 100`,
  );
  for (const x of r.rows) add({ reason: "log.version-unpublished", params: { table: "procedure_versions", column: "procedure_versions.content_hash", id: x.id, version: x.version }, detail: `${x.id}@${x.version} has no publication record with its content` });
}
