// Shared bookkeeping of one step: the deadline clock, closing, and the sealed audit entry.
import type { CompiledProcedure } from "./compile.js";
import type { Actor, AuditEntry, CaseState, EntryEffect } from "./case.js";
import { ENTRY_SCHEME, dossierHash, sealEntry } from "./audit/entry.js";
import { caseChanges, committedCase, committedStateHash } from "./audit/case-state.js";
import type { SignatureEvidence } from "./signature/types.js";
import type { SigningPayload } from "./signature/payload.js";
import { instantMs, type WorkingCalendar } from "./calendar.js";
import { dueFields, extendForPause, pausedWorkingDays } from "./deadline.js";

/** The clock stops while the dossier waits on the citizen and the due date moves by the paused working days. */
export function runClock(cp: CompiledProcedure, c: CaseState, to: string, now: string, cal: WorkingCalendar): CaseState {
  const state = cp.def.states[to]!;
  const paused = (state.clock ?? (state.kind === "waiting-citizen" ? "paused" : "runs")) === "paused";
  if (paused && c.pausedAt === null && state.kind !== "final") return { ...c, pausedAt: now };
  if (!paused && c.pausedAt !== null) {
    const days = pausedWorkingDays(c.pausedAt, now, cal);
    return { ...c, pausedAt: null, pausedWorkingDays: c.pausedWorkingDays + days, ...dueFields(extendForPause(c.dueAt, days, cal), cal) };
  }
  return c;
}

export function closeIfFinal(cp: CompiledProcedure, c: CaseState, now: string): CaseState {
  const s = cp.def.states[c.state]!;
  if (s.kind !== "final") return c;
  // An apology notice given ahead of the deadline makes the case late only if it then closes after that deadline.
  const missed = c.apology != null && instantMs(now) > instantMs(c.apology.statutoryDueAt);
  return { ...c, closedAt: now, outcome: s.outcome ?? null, pausedAt: null, ...(missed ? { late: true } : {}) };
}

export interface EntryInput {
  before: CaseState | null;
  after: CaseState;
  actor: Actor;
  role: string;
  action: string;
  input?: unknown;
  signature?: SignatureEvidence;
  signedPayload?: SigningPayload;
  /** Register lines and outbox messages the commit writes with this step. */
  effects?: EntryEffect[];
  at: string;
}

/**
 * The sealed entry of one step. Besides the step itself it commits to the whole case as it is after
 * the step (stateHash) and to how the step changed it (changes), so the case row can be rebuilt
 * from the chain and any difference named (engine/audit/verify-case-row.ts).
 */
export function buildEntry(cp: CompiledProcedure, e: EntryInput): AuditEntry {
  // Copied once through canonical JSON, then hashed and diffed.
  const after = committedCase(e.after);
  return sealEntry({
    v: ENTRY_SCHEME,
    caseId: e.after.id,
    seq: e.before ? e.before.seq : 0,
    prevHash: e.before ? e.before.auditHead : "0".repeat(64),
    at: e.at,
    actor: { id: e.actor.id, unit: e.actor.unit, role: e.role },
    action: e.action,
    from: e.before ? e.before.state : null,
    to: e.after.state,
    procedure: cp.key,
    caseVersion: e.after.version,
    ...(e.input !== undefined ? { input: e.input } : {}),
    dossierHash: dossierHash(e.after.data, e.after.documents),
    dueAt: e.after.dueAt,
    ...(e.signature ? { signature: e.signature } : {}),
    ...(e.signedPayload ? { signedPayload: e.signedPayload } : {}),
    stateHash: committedStateHash(after),
    changes: caseChanges(e.before, e.after, after),
    ...(e.effects && e.effects.length > 0 ? { effects: e.effects } : {}),
  });
}

/** Links the case to the entry just sealed. */
export function withHead(c: CaseState, entry: AuditEntry): CaseState {
  return { ...c, seq: entry.seq + 1, auditHead: entry.hash };
}
