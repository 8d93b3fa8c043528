// The evidence bundle: everything an auditor needs to check one case offline, with no database.
import type { AuditEntry, CaseState } from "../case.js";

export const BUNDLE_FORMAT = "motcua.evidence-bundle/v1";

export interface BundleEntry {
  entry: AuditEntry;
  /** Base64 Ed25519 signature of the server over sealMessage(stream, seq, hash); null if missing. */
  seal: string | null;
  /** Position in the global log; null while not yet sequenced. */
  logIndex: number | null;
  /** Hex RFC 9162 inclusion proof of the entry's leaf in the bundle's checkpoint. */
  inclusionProof: string[] | null;
}

export interface EvidenceBundle {
  format: typeof BUNDLE_FORMAT;
  exportedAt: string;
  case: CaseState;
  procedure: { id: string; version: number; definition: unknown };
  entries: BundleEntry[];
  /** Every leaf the global log holds for this case: reveals entries deleted from the database. */
  logged: Array<{ seq: number; index: number; leafHash: string; inclusionProof: string[] }>;
  /** The signed checkpoint (C2SP signed note) the proofs are relative to. */
  checkpoint: { note: string } | null;
  /** Informational: the verifier must obtain the key out of band, never trust this copy. */
  logKey: { name: string; publicKeyPem: string };
}
