// Opening a case: the reception officer receives a dossier at the counter, or it arrives online.
import type { CompiledProcedure } from "./compile.js";
import type { Actor, AuditEntry, CaseState, Channel } from "./case.js";
import { MotcuaError } from "./errors.js";
import { checkData, checkDocuments } from "./form.js";
import { checkRequiredFields } from "./required-fields.js";
import { computeDue, dueFields } from "./deadline.js";
import { localDate, type WorkingCalendar } from "./calendar.js";
import { buildEntry, runClock, withHead } from "./step.js";
import { type Result, attempt } from "./result.js";
import type { ParentRef, PartRecord } from "./linked.js";
import { computeFee } from "./fee.js";
import { checkApplicant } from "./applicant.js";
import { noticeEffects } from "./notice.js";
import { entryEffect, type OutboxEffect } from "./apply.js";

export interface IntakeInput {
  /** Globally unique id and the dossier code, minted by the caller (ids are not the engine's business). */
  id: string;
  code: string;
  unit: string;
  province: string;
  channel: Channel;
  data: unknown;
  documents?: unknown;
  /** The citizen the dossier is for (engine/applicant.ts), checked here; absent when not given. */
  applicant?: unknown;
  /** Interconnected procedures (engine/linked.ts): a parent lists its parts, a part names its parent. */
  links?: { parts?: PartRecord[]; parent?: ParentRef };
  /**
   * Cases the server found with the same declared facts (engine/duplicates.ts), which the officer
   * checked and received anyway: kept in the intake entry, so the decision is in the chain.
   */
  duplicates?: { possibleDuplicates: string[]; confirmed: true };
}

export interface IntakeContext {
  now: string;
  calendar: WorkingCalendar;
}

export function openCase(cp: CompiledProcedure, input: IntakeInput, actor: Actor, ctx: IntakeContext): Result<{ case: CaseState; entry: AuditEntry; effects: OutboxEffect[] }> {
  return attempt(() => {
    const role = actor.roles.find((r) => cp.def.intake.roles.includes(r));
    if (!role) throw new MotcuaError("actor.role_not_permitted", `opening a case needs one of: ${cp.def.intake.roles.join(", ")}`);
    if (actor.unit !== input.unit) throw new MotcuaError("actor.unit_not_permitted", `official of unit ${actor.unit} cannot open a case for unit ${input.unit}`);
    return receiveCase(cp, input, actor, role, ctx);
  });
}

/**
 * The received case and its intake entry, once the caller has settled who may receive it (openCase,
 * or a linked part), with the message telling the applicant it was received (engine/notice.ts).
 */
export function receiveCase(cp: CompiledProcedure, input: IntakeInput, actor: Actor, role: string, ctx: IntakeContext): { case: CaseState; entry: AuditEntry; effects: OutboxEffect[] } {
  const data = checkData(cp.validateForm, input.data, "/data");
  const documents = checkDocuments(cp.def, input.documents, "/documents");
  const applicant = checkApplicant(input.applicant);
  const today = localDate(ctx.now, ctx.calendar);
  const rules = { data, documents, receivedOn: today, now: ctx.now, today };
  checkRequiredFields(cp, rules);
  // Decided once, as the dossier stood when received: what the receipt tells the citizen to pay.
  // A free procedure records none, so its cases (and recorded histories) are as they always were.
  const fee = computeFee(cp.def.fee, rules);
  const due = computeDue(ctx.now, cp.def.deadline, ctx.calendar);
  let c: CaseState = {
    id: input.id,
    code: input.code,
    procedureId: cp.def.id,
    procedureVersion: cp.def.version,
    unit: input.unit,
    province: input.province,
    channel: input.channel,
    state: cp.def.initial,
    data,
    documents,
    version: 1,
    seq: 0,
    auditHead: "0".repeat(64),
    receivedAt: ctx.now,
    originalDueAt: due.dueAt,
    ...dueFields(due.dueAt, ctx.calendar),
    pausedAt: null,
    pausedWorkingDays: 0,
    stateEnteredAt: ctx.now,
    assignee: null,
    closedAt: null,
    outcome: null,
    ...(fee ? { fee } : {}),
    ...(applicant ? { applicant } : {}),
    ...(input.links?.parts ? { parts: input.links.parts } : {}),
    ...(input.links?.parent ? { parent: input.links.parent } : {}),
  };
  c = runClock(cp, c, c.state, ctx.now, ctx.calendar);
  const effects = noticeEffects(cp, null, c, { action: "intake" }, 0, ctx.calendar);
  const recorded = input.duplicates ? { duplicates: { possibleDuplicates: [...input.duplicates.possibleDuplicates], confirmed: true } } : undefined;
  const entry = buildEntry(cp, { before: null, after: c, actor, role, action: "intake", at: ctx.now, input: recorded, effects: effects.map(entryEffect) });
  return { case: withHead(c, entry), entry, effects };
}
