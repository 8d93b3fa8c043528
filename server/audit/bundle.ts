// Builds a case's evidence bundle from the database: entries with their seals and log positions,
// inclusion proofs against the latest signed checkpoint, and the leaves the log holds for the case.
import type { Database } from "../db/database.js";
import type { AuditEntry } from "../../engine/case.js";
import { BUNDLE_FORMAT, type EvidenceBundle } from "../../engine/audit/bundle.js";
import { caseStream } from "../../engine/audit/leaf.js";
import { getCase } from "../store/cases.js";
import { getVersion } from "../store/procedures.js";
import { MotcuaError } from "../../engine/errors.js";
import type { TransparencyLog } from "./log.js";

export async function buildBundle(db: Database, tlog: TransparencyLog, idOrCode: string, now: string): Promise<EvidenceBundle> {
  const c = await getCase(db, idOrCode);
  if (!c) throw new MotcuaError("case.not_found", idOrCode);
  const proc = await getVersion(db, c.procedureId, c.procedureVersion);
  const checkpoint = await tlog.latestCheckpoint();
  const size = checkpoint?.size ?? 0;
  const rows = await db.query<{ entry: AuditEntry; seal: string | null; log_index: string | number | null }>(
    "select entry, seal, log_index from audit_entries where case_id = $1 order by seq",
    [c.id],
  );
  const proof = async (index: number | null) => (index !== null && index < size ? tlog.inclusionProof(index, size) : null);
  const entries = [];
  for (const r of rows.rows) {
    const logIndex = r.log_index === null ? null : Number(r.log_index);
    entries.push({ entry: r.entry, seal: r.seal, logIndex, inclusionProof: await proof(logIndex) });
  }
  const leaves = await db.query<{ idx: string | number; seq: number; leaf_hash: string }>(
    "select idx, seq, leaf_hash from log_leaves where stream = $1 and idx < $2 order by seq",
    [caseStream(c.id), size],
  );
  const logged = [];
  for (const l of leaves.rows) logged.push({ seq: l.seq, index: Number(l.idx), leafHash: l.leaf_hash, inclusionProof: (await proof(Number(l.idx)))! });
  return {
    format: BUNDLE_FORMAT,
    exportedAt: now,
    case: c,
    procedure: { id: c.procedureId, version: c.procedureVersion, definition: proc?.definition ?? null },
    entries,
    logged,
    checkpoint: checkpoint ? { note: checkpoint.note } : null,
    logKey: { name: tlog.key.name, publicKeyPem: tlog.key.publicKeyPem },
  };
}
