// One pure step: (case, action, actor, now, trust) -> (case', audit entry, effects) or a typed error.
// The server commits the result in one transaction; nothing here does I/O.
import { transition } from "xstate";
import type { Action } from "../schemas/generated/procedure.js";
import type { CompiledProcedure, MachineEvent } from "./compile.js";
import type { Actor, AuditEntry, CaseState, EntryEffect } from "./case.js";
import { SYSTEM_ROLE } from "./case.js";
import { MotcuaError } from "./errors.js";
import { checkData, checkDocuments, mergeDocuments, mergePatch } from "./form.js";
import { localDate, type WorkingCalendar } from "./calendar.js";
import type { SignatureSubmission, TrustStore, SignatureEvidence } from "./signature/types.js";
import type { SignatureContextEvidence } from "./signature/checkpoint.js";
import { verifyCheckpoint } from "./signature/checkpoint.js";
import { buildSigningPayload } from "./signature/payload.js";
import { buildEntry, closeIfFinal, runClock, withHead } from "./step.js";
import { type Result, attemptAsync } from "./result.js";
import { findAction } from "./available.js";
import { readPointer, type GuardContext } from "./guards.js";
import { guardContext, probeRules } from "./rule-context.js";
import { hashJson } from "./hash.js";
import { signerRoles } from "./signers.js";
import { countRound } from "./rounds.js";
import { extendOnEntry } from "./extension.js";
import { checkRequiredFields } from "./required-fields.js";
import { actingUnit, nextTask } from "./unit-task.js";
import { checkLinkedGate } from "./linked.js";
import { noticeEffects } from "./notice.js";

export interface ActionRequest {
  action: string;
  data?: unknown;
  documents?: unknown;
  signature?: SignatureSubmission;
  signedPayload?: string;
}

export interface ApplyContext {
  now: string;
  calendar: WorkingCalendar;
  trust?: TrustStore;
  crypto?: Crypto;
  /** Evidence the server gathered for a signature checkpoint: OCSP responses and an RFC 3161 token (server/pki/signing-evidence.ts). */
  evidence?: SignatureContextEvidence;
}

/**
 * What the server writes with the step, in the same transaction: a message for another system
 * (transactional outbox), or an entry number taken in a register book, which the database keeps
 * unique per unit, procedure and book (the engine cannot see other cases; the commit can).
 */
export type OutboxEffect = { type: "outbox"; id: string; topic: string; payload: Record<string, unknown> };
export type RegisterEffect = { type: "register"; unit: string; register: string; book: string; entry: string; /** where the entry number came from, for a 409 naming the field */ pointer: string };
export type Effect = OutboxEffect | RegisterEffect;

export type ApplyResult = Result<{ case: CaseState; entry: AuditEntry; effects: Effect[] }>;

export function applyAction(cp: CompiledProcedure, c: CaseState, req: ActionRequest, actor: Actor, ctx: ApplyContext): Promise<ApplyResult> {
  return attemptAsync(async () => {
    // Jurisdiction first: an official of another unit learns nothing about the case's state.
    // A task for another unit is answered by that unit; everything else stays with the case's own.
    const unit = actingUnit(cp, c, req.action);
    if (actor.unit !== unit) throw new MotcuaError("actor.unit_not_permitted", `official of unit ${actor.unit} has no jurisdiction over '${req.action}' on a case of unit ${c.unit}`);
    if (!cp.def.actions.some((a) => a.id === req.action)) throw new MotcuaError("action.unknown", `procedure ${cp.key} has no action '${req.action}'`);
    if (c.closedAt !== null) throw new MotcuaError("case.closed", `case is closed (${c.state})`);
    const found = findAction(cp, c.state, req.action);
    if (!found) throw new MotcuaError("action.not_available", `'${req.action}' cannot be taken in state '${c.state}'`);
    const { action, index } = found;
    const role = actingRole(action, actor);
    const rounds = countRound(c, action);
    checkLinkedGate(cp, c, action.id);

    const input = readInput(cp, index, action, req);
    const added = checkDocuments(cp.def, req.documents, "/documents");
    let data = c.data;
    if (action.updatesForm && input !== undefined) data = checkData(cp.validateForm, mergePatch(c.data, input), "/data");
    const documents = mergeDocuments(c.documents, added);
    const missing = (action.documents ?? []).filter((id) => !documents.some((d) => d.id === id));
    if (missing.length > 0) {
      throw new MotcuaError("data.invalid", `documents required: ${missing.join(", ")}`, { errors: missing.map((id) => ({ pointer: "/documents", rule: "required", message: `document '${id}' is required` })) });
    }

    const rules = guardContext(cp, c, data, documents, ctx);
    if (data !== c.data) checkRequiredFields(cp, rules.rules);
    probeRules(action, index, rules);
    const next = machineStep(cp, action, rules, c.state, input);
    const signature = action.signature ? await checkSignature(cp, c, action, actor, req, ctx) : undefined;

    const task = nextTask(cp, c, next, data, input, ctx.now, ctx.calendar);
    // No task is no member at all, so a case that never had one keeps its shape.
    const { task: _done, ...home } = c;
    let after: CaseState = { ...home, state: next, data, documents, version: c.version + 1, stateEnteredAt: next !== c.state ? ctx.now : c.stateEnteredAt, ...(rounds ? { rounds } : {}), ...(task ? { task } : {}) };
    // A claim holds a case in one role's queue; when the case moves to another role's (or unit's) queue it is free again.
    const queueMoved = cp.def.states[next]?.owner !== cp.def.states[c.state]?.owner || (task?.unit ?? null) !== (c.task?.unit ?? null);
    if (queueMoved && after.assignee !== null) after = { ...after, assignee: null, assigneeRole: null };
    after = closeIfFinal(cp, extendOnEntry(cp, c.state, runClock(cp, after, next, ctx.now, ctx.calendar), ctx.now, ctx.calendar), ctx.now);
    const register = registerEffect(cp, c, action, input);
    if (register) after = { ...after, register: { book: register.book, entry: register.entry, date: localDate(ctx.now, ctx.calendar) } };
    const notices = noticeEffects(cp, c, after, { action: action.id, input, signed: action.signature !== undefined }, c.seq, ctx.calendar);
    const effects: Effect[] = [...(register ? [register] : []), ...outboxEffects(cp, after, action, input, c.seq), ...notices];
    const signedPayload = action.signature ? buildSigningPayload(c, action.id, action.signature) : undefined;
    const entry = buildEntry(cp, { before: c, after, actor, role, action: action.id, input, signature, signedPayload, effects: effects.map(entryEffect), at: ctx.now });
    return { case: withHead(after, entry), entry, effects };
  });
}

/**
 * The role the actor takes the action in, recorded in the entry. At a signature checkpoint it is a
 * role that may sign, so an official who is both clerk and vice-chairman is recorded as the signer.
 */
function actingRole(action: Action, actor: Actor): string {
  const role = actor.roles.find((r) => action.roles.includes(r));
  if (!role) throw new MotcuaError("actor.role_not_permitted", `'${action.id}' needs one of: ${action.roles.join(", ")}`);
  if (!action.signature) return role;
  const signers = signerRoles(action.signature);
  const signer = actor.roles.find((r) => action.roles.includes(r) && signers.includes(r));
  if (!signer) throw new MotcuaError("actor.role_not_permitted", `'${action.id}' must be signed by one of: ${signers.join(", ")}`);
  return signer;
}

function readInput(cp: CompiledProcedure, index: number, action: Action, req: ActionRequest): unknown {
  const validate = cp.actionData.get(index);
  if (validate) return checkData(validate, req.data, "/data");
  if (action.updatesForm) return req.data === undefined ? undefined : req.data;
  if (req.data !== undefined && !(typeof req.data === "object" && req.data !== null && Object.keys(req.data).length === 0)) {
    throw new MotcuaError("data.invalid", `'${action.id}' takes no data`, { errors: [{ pointer: "/data", rule: "not", message: "this action takes no data" }] });
  }
  return undefined;
}

/** Runs the XState transition; named guards see the dossier as it will be after this action. */
function machineStep(cp: CompiledProcedure, action: Action, context: GuardContext, state: string, input: unknown): string {
  const snapshot = cp.machine.resolveState({ value: state, context });
  const event: MachineEvent = { type: action.id, data: input, documents: context.documents };
  if (!snapshot.can(event)) {
    const guard = typeof action.guard === "string" ? action.guard : action.guard?.type;
    throw new MotcuaError("action.guard_failed", `condition '${guard}' of '${action.id}' is not met`, { extra: { guard } });
  }
  const [nextSnapshot] = transition(cp.machine, snapshot, event);
  return String(nextSnapshot.value);
}

async function checkSignature(cp: CompiledProcedure, c: CaseState, action: Action, actor: Actor, req: ActionRequest, ctx: ApplyContext): Promise<SignatureEvidence> {
  const checkpoint = action.signature!;
  if (!req.signature) throw new MotcuaError("signature.required", `'${action.id}' needs a digital signature by one of: ${signerRoles(checkpoint).join(", ")}`);
  if (!ctx.trust || !ctx.crypto) throw new MotcuaError("signature.untrusted_root", "no trust anchors are configured");
  const report = await verifyCheckpoint({
    case: c,
    action: action.id,
    checkpoint,
    submission: req.signature,
    signedPayload: req.signedPayload,
    actorCertificates: actor.certificates ?? [],
    trust: ctx.trust,
    at: ctx.now,
    crypto: ctx.crypto,
    ...(ctx.evidence ? { evidence: ctx.evidence } : {}),
  });
  if (report.indication !== "PASSED" || !report.evidence) {
    const failed = report.checks.find((k) => k.result !== "PASSED");
    throw new MotcuaError(report.code ?? "signature.invalid", failed?.detail ?? "signature refused", { extra: { report } });
  }
  return report.evidence;
}

/** Longest register book name or entry number accepted. */
const REGISTER_TEXT_MAX = 100;

function registerEffect(cp: CompiledProcedure, c: CaseState, action: Action, input: unknown): RegisterEffect | undefined {
  if (!action.register) return undefined;
  // Lint guarantees the pointers name fields of the action's data; the data was validated above.
  const book = readPointer(input, action.register.book);
  const entry = readPointer(input, action.register.entry);
  if (book === undefined || entry === undefined) return undefined;
  // Book and number are a primary key: a value longer than any paper book's would not fit its index.
  const tooLong = ([["book", book], ["entry", entry]] as const).filter(([, v]) => String(v).length > REGISTER_TEXT_MAX);
  if (tooLong.length > 0) {
    const message = `must be at most ${REGISTER_TEXT_MAX} characters`;
    throw new MotcuaError("data.invalid", `register ${tooLong.map(([k]) => k).join(" and ")} too long`, { errors: tooLong.map(([k]) => ({ pointer: `/data${action.register![k]}`, rule: "maxLength", message })) });
  }
  return { type: "register", unit: c.unit, register: cp.def.id, book: String(book), entry: String(entry), pointer: `/data${action.register.entry}` };
}

/**
 * Every closing outcome goes outward (national systems, the citizen's notice) through the outbox:
 * the citizen must be told a refusal and its written reason as surely as a result.
 */
function outboxEffects(cp: CompiledProcedure, after: CaseState, action: Action, input: unknown, seq: number): OutboxEffect[] {
  if (after.outcome === null) return [];
  const topic = `case.${after.outcome}`;
  const reason = readPointer(input, "/reason");
  const payload = { caseId: after.id, code: after.code, procedure: cp.key, unit: after.unit, outcome: after.outcome, action: action.id, reason: typeof reason === "string" ? reason : null };
  return [{ type: "outbox", id: messageId(after.id, seq, topic), topic, payload }];
}

/**
 * A message's id is its place in the case's history, so it is known before the commit (the entry
 * names it), the same on every retry of the commit, and a receiver's deduplication key for good.
 */
export function messageId(caseId: string, seq: number, topic: string): string {
  return `${caseId}:${seq}:${topic}`;
}

/** How the entry records an effect: a register line by its key, a message by id and payload hash. */
export function entryEffect(e: Effect): EntryEffect {
  if (e.type === "register") return { type: "register", unit: e.unit, register: e.register, book: e.book, entry: e.entry };
  return { type: "outbox", id: e.id, topic: e.topic, payloadHash: hashJson(e.payload) };
}

export { SYSTEM_ROLE };
