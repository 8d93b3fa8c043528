// The durable state of one case. This, not XState's internal snapshot format, is what the
// store keeps: XState's persisted-snapshot shape changes between releases; ours does not.
import type { SignatureEvidence } from "./signature/types.js";
import type { SigningPayload } from "./signature/payload.js";
import type { ChangeOp } from "./audit/case-state.js";
import type { CaseTask } from "./unit-task.js";
import type { ParentRef, PartRecord } from "./linked.js";
import type { CaseFee } from "./fee.js";
import type { Applicant } from "./applicant.js";

export interface CaseDocument {
  /** Document type id from the procedure's form.documents. */
  id: string;
  name: string;
  /** SHA-256 hex of the file: the signature and audit cover the hash, the file lives elsewhere. */
  sha256: string;
}

export type Channel = "online" | "counter";

export interface CaseState {
  id: string;
  /** Human-facing dossier code printed on the receipt. */
  code: string;
  procedureId: string;
  procedureVersion: number;
  /** Owning administrative unit (commune or province code) and its province. */
  unit: string;
  province: string;
  channel: Channel;
  /** Current state id (the XState state value). */
  state: string;
  data: Record<string, unknown>;
  documents: CaseDocument[];
  /** Optimistic-concurrency counter: 1 after intake, +1 per applied action. */
  version: number;
  /** Number of audit entries; the next entry's seq is this value. */
  seq: number;
  /** Hash of the latest audit entry. */
  auditHead: string;
  receivedAt: string;
  /** Due date at intake, and the current one (moved by pauses and extensions). */
  originalDueAt: string;
  dueAt: string;
  /** Set while the clock is paused (waiting on the citizen). */
  pausedAt: string | null;
  pausedWorkingDays: number;
  /** When the case entered its current state (for declared timeouts). */
  stateEnteredAt: string;
  assignee: string | null;
  closedAt: string | null;
  outcome: "completed" | "refused" | "withdrawn" | null;
  /** The role queue `assignee` holds the case in: the hold lapses when the case moves to another role's queue (engine/reassign.ts). */
  assigneeRole?: string | null;
  /** The latest apology notice (engine/apology.ts): dueAt is then its new appointment. */
  apology?: ApologyNotice | null;
  /** Declared late by an apology notice: counts as late in statistics whatever happens next. */
  late?: boolean;
  /** The entry this dossier holds in its register book (Sổ hộ tịch), once recorded (engine/apply.ts). */
  register?: RegisterEntry | null;
  /**
   * dueAt was computed past the calendar's announced schedule (statutory holidays only) and may
   * move when the government announces that year's days off. Recorded when dueAt is set, so it
   * says how this appointment was made, whatever the calendar file says later.
   */
  dueProvisional?: boolean;
  /** How many times each action with a declared round limit (maxRounds) was taken in this case. */
  rounds?: Record<string, number> | null;
  /** Lawful extensions of the due date the procedure declares (engine/extension.ts), in the order granted. */
  extensions?: LawfulExtension[] | null;
  /** While the case is in a state worked by another unit (engine/unit-task.ts): that unit, role and deadline. */
  task?: CaseTask | null;
  /** Interconnected procedures (engine/linked.ts): the cases this submission also opened, with each one's outcome once closed. */
  parts?: PartRecord[];
  /** A part of an interconnected submission: the case that opened it. */
  parent?: ParentRef;
  /** The fee computed at intake (engine/fee.ts) and, once paid, its payment and receipt number. */
  fee?: CaseFee | null;
  /** The citizen the dossier is for, as given at intake (engine/applicant.ts). */
  applicant?: Applicant | null;
}

/** A due date moved by law, not by lateness: entering a state the procedure extends (e.g. verification by another unit). */
export interface LawfulExtension {
  /** The state whose entry granted it. */
  state: string;
  /** Working days added (the declared days, less what the statutory cap no longer allows). */
  workingDays: number;
  reason: { vi: string; en: string };
  at: string;
  fromDueAt: string;
  toDueAt: string;
}

/** A dossier's line in a register book: the book, the entry number and the (local) date it was written. */
export interface RegisterEntry {
  book: string;
  entry: string;
  date: string;
}

/** Apology notice (thư xin lỗi, hẹn lại ngày trả kết quả): the case carries the missed deadline and the new one. */
export interface ApologyNotice {
  reason: string;
  /** The new appointment (end of that working day). */
  newDueAt: string;
  /** The due date the case missed: the one before the first apology notice. */
  statutoryDueAt: string;
  at: string;
  /** Official who recorded the notice. */
  by: string;
  /** Notices recorded so far for this case (1 for the first). */
  count: number;
}

/** Who acts. Roles and unit come from the authenticated token, never from the request body. */
export interface Actor {
  id: string;
  unit: string;
  province: string;
  roles: string[];
  /** SHA-256 fingerprints of the certificates registered to this official. */
  certificates?: string[];
}

/** The scheduler acts as this actor when it fires declared timeouts. */
export const SYSTEM_ROLE = "system";

export interface AuditEntry {
  /** Hash scheme version (engine/audit/entry.ts): lets the rules change later without breaking old evidence. */
  v: 1 | 2;
  caseId: string;
  seq: number;
  prevHash: string;
  at: string;
  actor: { id: string; unit: string; role: string };
  action: string;
  from: string | null;
  to: string;
  procedure: string;
  caseVersion: number;
  /** The action's own data (reason, book entry...) as submitted. */
  input?: unknown;
  /** Hash of the dossier data and documents after the step. */
  dossierHash: string;
  dueAt: string;
  signature?: SignatureEvidence;
  /** What was signed, kept so an auditor can re-verify the signature offline and see it is bound to this step. */
  signedPayload?: SigningPayload;
  /** v2: hash of the whole case after the step (engine/audit/case-state.ts). */
  stateHash?: string;
  /** v2: RFC 6902 patch from the case before the step to the case after it: the row is rebuilt from these. */
  changes?: ChangeOp[];
  /** v2: the rows the commit wrote beside the case and this entry, so each can be checked against it. */
  effects?: EntryEffect[];
  hash: string;
}

/**
 * What an entry says its commit wrote elsewhere: a register line (the table's key), or an outbox
 * message by id with the hash of its payload (the payload may carry a citizen's contact details,
 * which have no place in a record kept for decades).
 */
export type EntryEffect =
  | { type: "register"; unit: string; register: string; book: string; entry: string }
  | { type: "outbox"; id: string; topic: string; payloadHash: string };

export type UnsignedAuditEntry = Omit<AuditEntry, "hash">;

export const GENESIS_HASH = "0".repeat(64);
