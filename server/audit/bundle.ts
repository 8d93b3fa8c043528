// Builds a case's evidence bundle from the database, faithfully: the case row with its dossier, each
// entry with its own columns, seal and log position, the register lines and outbox messages that
// name the case, the sealed records of who read it, its procedure version and that version's
// publication, and inclusion proofs against the latest signed checkpoint. Nothing is checked here:
// the bundle shows the rows as they are, and the verifier (engine/audit/bundle-verify.ts) decides.
import type { Database } from "../db/database.js";
import type { AuditEntry } from "../../engine/case.js";
import { BUNDLE_FORMAT, type EvidenceBundle, type OutboxRow, type RegisterRow, type SealedRecord } from "../../engine/audit/bundle.js";
import { caseStream } from "../../engine/audit/leaf.js";
import { rowToCase } from "../store/cases.js";
import { getVersion } from "../store/procedures.js";
import { MotcuaError } from "../../engine/errors.js";
import type { TransparencyLog } from "./log.js";
import { readsOf } from "./reads.js";
import { recordRow, type RegistryRow } from "./registry.js";

const iso = (v: unknown) => new Date(v as string).toISOString();

export async function buildBundle(db: Database, tlog: TransparencyLog, idOrCode: string, now: string): Promise<EvidenceBundle> {
  const row = (await db.query("select * from cases where id = $1 or code = $1", [idOrCode])).rows[0];
  if (!row) throw new MotcuaError("case.not_found", idOrCode);
  const c = rowToCase(row);
  const checkpoint = await tlog.latestCheckpoint();
  const size = checkpoint?.size ?? 0;
  await tlog.sync();
  // A checkpoint row claiming more leaves than the log holds has been tampered with: no proof can
  // be made against it, and the verifier says so instead of the server failing.
  const provable = size <= tlog.size;
  const proof = async (index: number | null) => (provable && index !== null && index >= 0 && index < size ? tlog.inclusionProof(index, size) : null);
  const index = (v: unknown) => (v === null || v === undefined ? null : Number(v));

  const rows = await db.query<Record<string, unknown> & { entry: AuditEntry; seal: string | null }>("select * from audit_entries where case_id = $1 order by seq", [c.id]);
  const entries = [];
  for (const r of rows.rows) {
    const logIndex = index(r.log_index);
    entries.push({
      entry: r.entry, seal: r.seal, logIndex, inclusionProof: await proof(logIndex),
      row: { caseId: String(r.case_id), seq: Number(r.seq), province: String(r.province), unit: String(r.unit), actorId: String(r.actor_id), action: String(r.action), procedure: String(r.procedure), at: iso(r.at), hash: String(r.hash), prevHash: String(r.prev_hash) },
    });
  }
  const leaves = await db.query<{ idx: string | number; seq: number; leaf_hash: string }>("select idx, seq, leaf_hash from log_leaves where stream = $1 and idx < $2 order by seq", [caseStream(c.id), size]);
  const logged = [];
  for (const l of leaves.rows) logged.push({ seq: l.seq, index: Number(l.idx), leafHash: l.leaf_hash, inclusionProof: (await proof(Number(l.idx)))! });

  const sealed = async (r: { entry: SealedRecord["entry"]; seal: string | null; logIndex: number | null; row: SealedRecord["row"] }): Promise<SealedRecord> => {
    const leaf = await db.query<{ idx: string | number }>("select idx from log_leaves where stream = $1 and seq = $2 and idx < $3", [r.entry.stream, r.entry.seq, size]);
    return { ...r, inclusionProof: await proof(r.logIndex), logged: leaf.rows[0] ? { index: Number(leaf.rows[0].idx) } : null };
  };
  const reads = await Promise.all((await readsOf(db, c.id)).map(sealed));
  const proc = await getVersion(db, c.procedureId, c.procedureVersion);
  // Found by what the sealed record says, not by its columns.
  const pub = (await db.query<RegistryRow>(
    "select * from registry_entries where stream = $1 and entry -> 'data' ->> 'version' = $2 and entry ->> 'action' = 'procedure.publish' order by seq limit 1",
    [`procedure:${c.procedureId}`, String(c.procedureVersion)],
  )).rows[0];
  const publication = pub ? await sealed({ entry: pub.entry, seal: pub.seal, logIndex: index(pub.log_index), row: recordRow(pub) }) : null;

  const registerEntries: RegisterRow[] = (await db.query("select * from register_entries where case_id = $1 order by seq, book, entry", [c.id])).rows.map((r) => ({
    unit: String(r.unit), register: String(r.register), book: String(r.book), entry: String(r.entry), province: String(r.province), caseId: String(r.case_id), seq: Number(r.seq), at: iso(r.at),
  }));
  const outbox: OutboxRow[] = (await db.query("select id, case_id, province, topic, payload, created_at from outbox where case_id = $1 order by created_at, id", [c.id])).rows.map((r) => ({
    id: String(r.id), caseId: String(r.case_id), province: String(r.province), topic: String(r.topic), payload: r.payload, createdAt: iso(r.created_at),
  }));
  return {
    format: BUNDLE_FORMAT,
    exportedAt: now,
    case: c,
    caseRow: {
      originalUnit: String(row.original_unit), ownerRole: (row.owner_role as string | null) ?? null,
      feeDue: row.fee_due == null ? null : Number(row.fee_due), feeCollected: row.fee_collected == null ? null : Number(row.fee_collected),
    },
    procedure: {
      id: c.procedureId, version: c.procedureVersion, definition: proc?.definition ?? null, publication,
      ...(proc ? { row: { contentHash: proc.contentHash, level: proc.level, publishedAt: proc.publishedAt, publishedBy: proc.publishedBy, inForceFrom: proc.inForceFrom } } : {}),
    },
    entries,
    registerEntries,
    outbox,
    reads,
    logged,
    checkpoint: checkpoint ? { note: checkpoint.note } : null,
    logKey: { name: tlog.key.name, publicKeyPem: tlog.key.publicKeyPem },
  };
}
