// Shapes of the API's JSON, taken from the server's own types so the console follows the API.
export type { CaseState, AuditEntry, CaseDocument } from "../../../../../engine/case.js";
export type { Procedure, Action } from "../../../../../schemas/generated/procedure.js";
export type { Diagnostic } from "../../../../../engine/diagnostics.js";
export type { AvailableAction } from "../../../../../engine/available.js";
export type { CheckResult, SignatureEvidence } from "../../../../../engine/signature/types.js";

import type { CaseState } from "../../../../../engine/case.js";
import type { AvailableAction } from "../../../../../engine/available.js";
import type { Procedure } from "../../../../../schemas/generated/procedure.js";

/** The signed-in official as /auth/login and /auth/me return it. */
export type Official = Omit<import("../../../../store/officials.js").Official, "active">;

export type DeadlineStatus = "on-time" | "due-soon" | "overdue";

export interface InboxItem extends CaseState {
  deadline: DeadlineStatus;
  /** A task another unit asked of mine: only the declared part of the case (engine/unit-task.ts TaskView). */
  partial?: true;
}

export type { OutboxMessage } from "../../../../outbox/status.js";
export type CitizenView = import("../../../../../engine/citizen-view.js").CitizenView & { unitName: string };

/** An interconnected dossier's parts with their state now, and the parent's rule over them (engine/linked.ts). */
export interface CaseParts {
  verdict: "open" | "satisfied" | "failed";
  items: Array<import("../../../../../engine/linked.js").PartRecord & { state?: string; dueAt?: string }>;
}

export interface CaseViewResponse {
  /** `partial`: the declared part of a case another unit asked mine to answer (engine/unit-task.ts TaskView). */
  case: CaseState & { partial?: true };
  parts?: CaseParts;
  procedure: { id: string; version: number; title: Localized; state?: Procedure["states"][string] };
  actions: AvailableAction[];
  /** When one of `actions` records in a register: the unit's books in use and their next number. */
  registerBooks?: RegisterBook[];
}

export type { RegisterBook } from "../../../../store/registers.js";
import type { RegisterBook } from "../../../../store/registers.js";

export interface Localized {
  vi: string;
  en?: string;
}

export interface ProcedureVersion {
  id: string;
  version: number;
  definition: Procedure;
  contentHash?: string;
  publishedAt?: string;
  publishedBy?: string;
}

/** One published version as GET /procedures/{id}/versions lists it. */
export interface VersionRow {
  version: number;
  publishedAt: string;
  publishedBy: string;
  contentHash: string;
  /** Later than publishedAt for a version published ahead of its effective date. */
  inForceFrom: string;
}

/** POST /procedures/{id}/migrate: the open cases that move (or would, on a dry run) and those that stay. */
export type { MigrationOutcome } from "../../../../catalog/migrate-cases.js";

export interface CatalogItem {
  id: string;
  /** In force now; for a procedure not in force yet, its first upcoming version. */
  version: number;
  title: Localized;
  level: string;
  publishedAt: string;
  inForce: boolean;
  inForceFrom: string;
  /** A later version published ahead of its effective date. */
  upcoming?: { version: number; inForceFrom: string };
}

/** Served by the console itself (server/web/console.ts): the server's clock and setup. */
export interface ConsoleConfig {
  now: string;
  timeZone: string;
  /** How far the working calendar answers, and its warnings (engine/calendar-coverage.ts). */
  calendar: CalendarCoverage;
  devPki: { dir: string } | null;
}

export type { CalendarCoverage } from "../../../../../engine/calendar-coverage.js";
import type { CalendarCoverage } from "../../../../../engine/calendar-coverage.js";
export type { BundleReport, Check as VerifyCheck, Finding } from "../../../../../engine/audit/bundle-verify.js";
export type { BundleEntry } from "../../../../../engine/audit/bundle.js";

export interface AuditCaseResponse {
  case: CaseState;
  procedure: { id: string; version: number };
  entries: Array<{ entry: import("../../../../../engine/case.js").AuditEntry; seal: string | null; logIndex: number | null }>;
  /** Who read the case's personal data (sealed read records, oldest first). */
  reads: ReadSummary[];
}

export interface ReadSummary {
  stream: string;
  actorId: string;
  at: string;
  route: string | null;
  purpose: string | null;
  cases: number;
}

export interface AuditEntryRow {
  caseId: string;
  caseCode: string | null;
  seq: number;
  logIndex: number | null;
  entry: import("../../../../../engine/case.js").AuditEntry;
}

/** GET /public/results/{code}/{digest}: what anyone holding a signed result may learn (no sign-in). */
export type PublicResultResponse = import("../../../../../engine/audit/public-result.js").PublicResult & {
  step: { unitName: string | null };
  checkedAt: string;
};
