// The evidence bundle: everything an auditor needs to check one case offline, with no database.
// It carries the rows as the database holds them, not only the sealed entries: the case row with
// its dossier, the columns copied out of each entry for searching, the register lines and outbox
// messages the steps wrote, the records of who read the case, and the publication of its
// procedure version. The verifier checks each against the chain, so what an auditor or a court
// reads in the bundle is proven to be what was received, verified and signed.
import type { AuditEntry, CaseState } from "../case.js";
import type { RegistryEntry } from "./registry-entry.js";

export const BUNDLE_FORMAT = "motcua.evidence-bundle/v2";
/** Bundles exported before the case row and the other rows were bound to the chain. */
export const BUNDLE_FORMAT_V1 = "motcua.evidence-bundle/v1";

/** An audit_entries row's own columns: copies of the sealed entry kept for searching. */
export interface EntryRow {
  caseId: string;
  seq: number;
  province: string;
  unit: string;
  actorId: string;
  action: string;
  procedure: string;
  at: string;
  hash: string;
  prevHash: string;
}

export interface BundleEntry {
  entry: AuditEntry;
  /** Base64 Ed25519 signature of the server over sealMessage(stream, seq, hash); null if missing. */
  seal: string | null;
  /** Position in the global log; null while not yet sequenced. */
  logIndex: number | null;
  /** Hex RFC 9162 inclusion proof of the entry's leaf in the bundle's checkpoint. */
  inclusionProof: string[] | null;
  row?: EntryRow;
}

/** A registry_entries row's own columns. */
export interface RecordRow {
  stream: string;
  seq: number;
  province: string | null;
  actorId: string;
  action: string;
  at: string;
  hash: string;
  prevHash: string;
}

/** A registry record (a read of the case, the procedure's publication) with its seal and log position. */
export interface SealedRecord {
  entry: RegistryEntry;
  seal: string | null;
  logIndex: number | null;
  inclusionProof: string[] | null;
  row: RecordRow;
  /** Where the log holds this record below the checkpoint, if it does (a changed log_index shows). */
  logged?: { index: number } | null;
}

/** Columns of the case row that CaseState does not carry. */
export interface CaseRowExtras {
  originalUnit: string;
  ownerRole: string | null;
  /** The fee's figures beside it (engine/fee.ts feeFigures); absent in bundles exported before fees. */
  feeDue?: number | null;
  feeCollected?: number | null;
}

/** The procedure_versions row's columns besides its key and definition. */
export interface ProcedureRow {
  contentHash: string;
  level: string;
  publishedAt: string;
  publishedBy: string;
  inForceFrom: string;
}

export interface RegisterRow {
  unit: string;
  register: string;
  book: string;
  entry: string;
  province: string;
  caseId: string;
  seq: number;
  at: string;
}

export interface OutboxRow {
  id: string;
  caseId: string;
  province: string;
  topic: string;
  payload: unknown;
  createdAt: string;
}

export interface EvidenceBundle {
  format: typeof BUNDLE_FORMAT | typeof BUNDLE_FORMAT_V1;
  exportedAt: string;
  case: CaseState;
  caseRow?: CaseRowExtras;
  procedure: { id: string; version: number; definition: unknown; publication?: SealedRecord | null; row?: ProcedureRow };
  entries: BundleEntry[];
  registerEntries?: RegisterRow[];
  outbox?: OutboxRow[];
  /** Every sealed record of a read of this case's personal data. */
  reads?: SealedRecord[];
  /** Every leaf the global log holds for this case: reveals entries deleted from the database. */
  logged: Array<{ seq: number; index: number; leafHash: string; inclusionProof: string[] }>;
  /** The signed checkpoint (C2SP signed note) the proofs are relative to. */
  checkpoint: { note: string } | null;
  /** Informational: the verifier must obtain the key out of band, never trust this copy. */
  logKey: { name: string; publicKeyPem: string };
}
