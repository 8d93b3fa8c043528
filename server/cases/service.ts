// The case service: each request is one engine step committed in one transaction
// (case row + audit entry + outbox messages + idempotency response, or nothing).
import { withRetry, type Database, type Queryable } from "../db/database.js";
import type { Actor, AuditEntry, CaseState } from "../../engine/case.js";
import { MotcuaError, fieldError } from "../../engine/errors.js";
import { openCase, type IntakeInput } from "../../engine/intake.js";
import { applyAction, type ActionRequest, type Effect, type OutboxEffect, type RegisterEffect } from "../../engine/apply.js";
import { availableActions } from "../../engine/available.js";
import type { CompiledProcedure } from "../../engine/compile.js";
import type { WorkingCalendar } from "../../engine/calendar.js";
import type { TrustStore } from "../../engine/signature/types.js";
import { getCase, getCaseSeenBy, insertCaseWithEntry, updateCaseAppendEntry, updateCaseWithEffects, listEntries, lockCase, partStates } from "../store/cases.js";
import { linkedParts, openPart, partData, partDocuments, partUnit, partsVerdict, recordPartClosed, type PartRecord } from "../../engine/linked.js";
import { latestVersion, ProcedureCache, versionInForce } from "../store/procedures.js";
import { getUnit } from "../store/units.js";
import type { Principal } from "../http/auth.js";
import { caseStream } from "../../engine/audit/leaf.js";
import { completeKey, type IdempotencyClaim } from "./idempotency.js";
import { registerBooks, registerTaken } from "../store/registers.js";
import { findAction } from "../../engine/available.js";
import type { SigningEvidence } from "../pki/signing-evidence.js";
import { issueTrackingSecret } from "./tracking-secret.js";
import { duplicatesOf, possibleDuplicateError } from "./duplicates.js";
import { checkDocumentFiles } from "../attachments/binding.js";
import { answeredView, taskUnitPointer, taskView, unitTaskOf, type CaseTask } from "../../engine/unit-task.js";

export interface ServiceDeps {
  db: Database;
  procedures: ProcedureCache;
  calendar: WorkingCalendar;
  clock: () => string;
  ids: { caseId(): string; caseCode(now: string): string };
  trust: () => Promise<TrustStore>;
  crypto: Crypto;
  /** The log key's seal over a committed record (stream, seq, hash). */
  seal: (stream: string, seq: number, hash: string) => string;
  /** OCSP and timestamps around signature checkpoints (server/pki/signing-evidence.ts). */
  signing: SigningEvidence;
  /** Told of every intake and action with its outcome ("accepted" or the refusal's code), for metrics. */
  onAction?: (procedure: string, action: string, outcome: string) => void;
}

export function actorOf(p: Principal): Actor {
  return { id: p.id, unit: p.unit, province: p.province, roles: p.roles, certificates: p.certificates };
}

export interface CaseView {
  case: CaseState;
  entry?: AuditEntry;
}

export class CaseService {
  constructor(private readonly d: ServiceDeps) {}

  trustStore(): Promise<TrustStore> {
    return this.d.trust();
  }

  get signing(): SigningEvidence {
    return this.d.signing;
  }

  get calendar(): WorkingCalendar {
    return this.d.calendar;
  }

  async compiled(q: Queryable, c: { procedureId: string; procedureVersion: number }): Promise<CompiledProcedure> {
    const cp = await this.d.procedures.get(q, c.procedureId, c.procedureVersion);
    if (!cp) throw new MotcuaError("procedure.not_found", `${c.procedureId}@${c.procedureVersion}`);
    return cp;
  }

  /** Intake of a new dossier under the latest published version of its procedure. */
  async open(p: Principal, body: Record<string, unknown>, claim?: IdempotencyClaim): Promise<{ status: number; body: unknown }> {
    return this.counted(String(body.procedureId), "intake", () => this.openCase(p, body, claim));
  }

  /** `c` is the case as just read by the caller; the commit's version check makes a stale read a 409. */
  async act(p: Principal, c: CaseState, body: Record<string, unknown>, claim?: IdempotencyClaim): Promise<{ status: number; body: unknown }> {
    return this.counted(c.procedureId, typeof body.action === "string" ? body.action : "(none)", () => this.actOn(p, c, body, claim));
  }

  private async counted<T>(procedure: string, action: string, run: () => Promise<T>): Promise<T> {
    const hook = this.d.onAction;
    if (!hook) return run();
    try {
      const out = await run();
      hook(procedure, action, "accepted");
      return out;
    } catch (e) {
      const code = e instanceof MotcuaError ? e.code : "error";
      // A name the procedure does not declare comes from the client: one label for all, so a caller cannot grow the series.
      hook(code === "procedure.not_found" ? "(unknown)" : procedure, code === "action.unknown" || code === "procedure.not_found" ? "(unknown)" : action, code);
      throw e;
    }
  }

  private async openCase(p: Principal, body: Record<string, unknown>, claim?: IdempotencyClaim): Promise<{ status: number; body: unknown }> {
    const procedureId = body.procedureId;
    if (typeof procedureId !== "string") throw fieldError("/procedureId", "required", "must name a procedure");
    const now = this.d.clock();
    const version = await versionInForce(this.d.db, procedureId, now);
    if (!version) {
      const first = await latestVersion(this.d.db, procedureId);
      if (!first) throw new MotcuaError("procedure.not_found", procedureId);
      throw new MotcuaError("procedure.not_in_force", `${procedureId} takes effect at ${first.inForceFrom}`);
    }
    // A form filled under another version (rendered before a new one took effect) is not silently
    // checked against different rules: the clerk reloads it.
    if (typeof body.procedureVersion === "number" && body.procedureVersion !== version.version) {
      const message = `dossiers received now use version ${version.version}, in force since ${version.inForceFrom}`;
      throw new MotcuaError("procedure.not_in_force", message, { errors: [{ pointer: "/procedureVersion", rule: "in-force", message }], extra: { versionInForce: version.version } });
    }
    const cp = await this.compiled(this.d.db, { procedureId, procedureVersion: version.version });
    const unitCode = typeof body.unit === "string" ? body.unit : p.unit;
    const unit = await getUnit(this.d.db, unitCode);
    if (!unit) throw fieldError("/unit", "exists", `unknown unit '${unitCode}'`);
    if (unit.successor) throw fieldError("/unit", "active", `unit '${unitCode}' was merged into '${unit.successor}'`);
    const channel = body.channel ?? "counter";
    if (channel !== "counter" && channel !== "online") throw fieldError("/channel", "enum", "must be 'counter' or 'online'");
    const input: IntakeInput = { id: this.d.ids.caseId(), code: this.d.ids.caseCode(now), unit: unit.code, province: unit.province, channel, data: body.data, documents: body.documents, applicant: body.applicant };
    const confirm = body.confirmDuplicate ?? false;
    if (typeof confirm !== "boolean") throw fieldError("/confirmDuplicate", "type", "must be a boolean");
    const ctx = { now, calendar: this.d.calendar };
    let r = openCase(cp, input, actorOf(p), ctx);
    if (!r.ok) throw r.error;
    // Two independent reads before the write, asked at once: the documents' uploads belong to this
    // unit, and the possible duplicates, compared on the dossier as the engine accepted it (valid,
    // NFC) in the receiving unit's province.
    const [, found] = await Promise.all([checkDocumentFiles(this.d.db, p.unit, body.documents), duplicatesOf(this.d.db, cp, unit.province, r.case.data)]);
    if (found.possibleDuplicates.length > 0) {
      if (!confirm) throw possibleDuplicateError(found);
      input.duplicates = { possibleDuplicates: found.possibleDuplicates.map((x) => x.id), confirmed: true };
      r = openCase(cp, input, actorOf(p), ctx);
      if (!r.ok) throw r.error;
    }
    // An interconnected submission: its parts are opened with it, and the parent's first entry lists them.
    const parts = linkedParts(cp).length > 0 ? await this.openParts(p, cp, r.case, now) : [];
    if (parts.length > 0) {
      r = openCase(cp, { ...input, links: { parts: parts.map((x) => x.record) } }, actorOf(p), ctx);
      if (!r.ok) throw r.error;
    }
    const opened = r;
    // The citizen's key to the tracking page: shown this once (and printed on the receipt), only its hash is kept.
    const tracking = issueTrackingSecret(opened.case.id);
    const response = { status: 201, body: { case: opened.case, appointment: opened.case.dueAt, entry: opened.entry, trackingSecret: tracking.secret } };
    const write = async (q: Queryable) => {
      await insertCaseWithEntry(q, opened.case, ownerOf(cp, opened.case), opened.entry, this.sealOf(opened.entry), { outbox: opened.effects, trackingHash: tracking.hash });
      for (const x of parts) await insertCaseWithEntry(q, x.case, ownerOf(x.cp, x.case), x.entry, this.sealOf(x.entry));
      if (claim) await completeKey(q, claim, response.status, response.body);
    };
    if (claim || parts.length > 0) await this.d.db.tx(write);
    else await withRetry(() => write(this.d.db));
    return response;
  }

  /** A case of each linked procedure, in the unit that owns it, with the data mapped from the parent's dossier. */
  private async openParts(p: Principal, cp: CompiledProcedure, parent: CaseState, now: string) {
    const out = [];
    for (const part of linkedParts(cp)) {
      const code = partUnit(part, parent.data);
      const unit = await getUnit(this.d.db, code);
      if (!unit || unit.successor) {
        const pointer = "fixed" in part.owner ? `/linked/${part.id}/owner` : `/data${part.owner.fromData}`;
        throw new MotcuaError("data.invalid", `part '${part.id}': unit '${code}' ${unit ? "was merged" : "is unknown"}`, { errors: [{ pointer, rule: unit ? "active" : "exists", message: `no active unit '${code}'` }] });
      }
      const version = await versionInForce(this.d.db, part.procedure, now);
      if (!version) throw new MotcuaError("procedure.not_in_force", `part '${part.id}': ${part.procedure} is not in force`);
      const partCp = await this.compiled(this.d.db, { procedureId: part.procedure, procedureVersion: version.version });
      const id = this.d.ids.caseId();
      const caseCode = this.d.ids.caseCode(now);
      const opened = openPart(partCp, part, {
        id, code: caseCode, unit: unit.code, province: unit.province, channel: parent.channel,
        data: partData(part, parent.data), documents: partDocuments(part, parent.documents),
        links: { parent: { caseId: parent.id, code: parent.code, unit: parent.unit, part: part.id } },
      }, actorOf(p), { now, calendar: this.d.calendar });
      const record: PartRecord = { part: part.id, caseId: id, code: caseCode, procedureId: part.procedure, unit: unit.code, ...(part.mayFail ? { mayFail: true } : {}), outcome: null, closedAt: null };
      out.push({ ...opened, cp: partCp, record });
    }
    return out;
  }

  private async actOn(p: Principal, c: CaseState, body: Record<string, unknown>, claim?: IdempotencyClaim): Promise<{ status: number; body: unknown }> {
    const expected = body.expectedVersion;
    if (expected !== undefined && (typeof expected !== "number" || !Number.isInteger(expected))) throw fieldError("/expectedVersion", "type", "must be an integer");
    if (typeof body.action !== "string") throw fieldError("/action", "required", "must name an action");
    if (expected !== undefined && expected !== c.version) throw conflict(c.version);
    const cp = await this.compiled(this.d.db, c);
    const req: ActionRequest = {
      action: body.action,
      data: body.data,
      documents: body.documents,
      signature: body.signature as ActionRequest["signature"],
      signedPayload: typeof body.signedPayload === "string" ? body.signedPayload : undefined,
    };
    const ctx = { now: this.d.clock(), calendar: this.d.calendar, trust: await this.d.trust(), crypto: this.d.crypto };
    const signed = findAction(cp, c.state, req.action)?.action.signature !== undefined;
    const r = await this.d.signing.apply(req, signed, ctx.trust, (evidence) => applyAction(cp, c, req, actorOf(p), { ...ctx, evidence }));
    if (!r.ok) throw r.error;
    await checkDocumentFiles(this.d.db, p.unit, body.documents);
    if (r.case.task && r.case.task !== c.task) await this.checkTaskUnit(cp, r.case.task);
    // Only the case's own unit gets the case back; the unit that answered a task sees no more than before.
    const response = { status: 200, body: { case: p.unit === r.case.unit ? r.case : answeredView(r.case), entry: r.entry } };
    await this.commit(cp, c.version, r.case, r.entry, r.effects, claim, response);
    return response;
  }

  /** The single write path for an applied step; a lost race surfaces as 409, never as a second append. */
  async commit(cp: CompiledProcedure, expectedVersion: number, next: CaseState, entry: AuditEntry, effects: Effect[], claim?: IdempotencyClaim, response?: { status: number; body: unknown }): Promise<void> {
    // The engine gives a step at most one register entry; it and the messages ride in the step's
    // one statement (updateCaseWithEffects), which is atomic by itself.
    const [register, ...more] = effects.filter((x): x is RegisterEffect => x.type === "register");
    if (more.length > 0) throw new Error("a step records at most one register entry");
    const outbox = effects.filter((x): x is OutboxEffect => x.type === "outbox");
    const step = async (q: Queryable) => {
      if (await updateCaseWithEffects(q, next, expectedVersion, ownerOf(cp, next), entry, this.sealOf(entry), { register, outbox })) return;
      const now = await getCase(q, next.id);
      if (now?.version !== expectedVersion || !register) throw conflict(now?.version ?? -1);
      throw registerTaken(register);
    };
    // A part that closes tells its parent in the same transaction: the part is not closed unless the parent knows.
    const partClosed = next.parent !== undefined && next.closedAt !== null && entry.from !== entry.to;
    // Only an Idempotency-Key response or a part's close needs a transaction around the step.
    if (!(claim && response) && !partClosed) return withRetry(() => step(this.d.db));
    await this.d.db.tx(async (q) => {
      await step(q);
      if (partClosed) await this.recordInParent(q, next, entry.at);
      if (claim && response) await completeKey(q, claim, response.status, response.body);
    });
  }

  /** The engine resolves a task's unit from the dossier or the request; only the database knows whether it exists. */
  private async checkTaskUnit(cp: CompiledProcedure, task: CaseTask): Promise<void> {
    const unit = await getUnit(this.d.db, task.unit);
    if (unit && !unit.successor) return;
    const pointer = taskUnitPointer(unitTaskOf(cp, task.state)!);
    const message = unit ? `unit '${task.unit}' was merged into '${unit.successor}'` : `unknown unit '${task.unit}'`;
    throw new MotcuaError("data.invalid", message, { errors: [{ pointer, rule: unit ? "active" : "exists", message }] });
  }

  /**
   * The parent's entry for a part that closed. The parent row is locked first, so a parent action
   * racing with it waits (and then meets the new version) instead of losing the part's result.
   */
  private async recordInParent(q: Queryable, part: CaseState, at: string): Promise<void> {
    const parent = await lockCase(q, part.parent!.caseId);
    if (!parent) throw new MotcuaError("case.not_found", part.parent!.caseId);
    const cp = await this.compiled(q, parent);
    const r = recordPartClosed(cp, parent, part, at);
    if (!(await updateCaseAppendEntry(q, r.case, parent.version, ownerOf(cp, r.case), r.entry, this.sealOf(r.entry)))) throw conflict(parent.version);
  }

  sealOf(e: AuditEntry): string {
    return this.d.seal(caseStream(e.caseId), e.seq, e.hash);
  }

  async load(idOrCode: string): Promise<CaseState> {
    const c = await getCase(this.d.db, idOrCode);
    if (!c) throw new MotcuaError("case.not_found", idOrCode);
    return c;
  }

  /** The case, if the official may see it (see getCaseSeenBy); otherwise "not found", never a hint that it exists. */
  async loadSeenBy(p: Principal, idOrCode: string): Promise<CaseState> {
    const found = await getCaseSeenBy(this.d.db, idOrCode, p);
    if (!found?.visible) throw new MotcuaError("case.not_found", idOrCode);
    return found.case;
  }

  async view(p: Principal, idOrCode: string) {
    const found = await getCaseSeenBy(this.d.db, idOrCode, p);
    // An official of the unit a task was asked of sees its declared part while the task is open; afterwards nothing.
    if (found && !found.visible && found.taskForCaller && found.case.task) return this.taskView(p, found.case as CaseState & { task: CaseTask });
    if (!found?.visible) throw new MotcuaError("case.not_found", idOrCode);
    const c = found.case;
    const cp = await this.compiled(this.d.db, c);
    const actions = availableActions(cp, c, actorOf(p), { now: this.d.clock(), calendar: this.d.calendar });
    return {
      case: c,
      procedure: { id: cp.def.id, version: cp.def.version, title: cp.def.title, state: cp.def.states[c.state] },
      actions,
      ...(c.parts ? { parts: await this.partsOf(c) } : {}),
      // Only when the caller may record in a register now: the books in use and their next number.
      ...(actions.some((a) => a.register) ? { registerBooks: await registerBooks(this.d.db, c.unit, cp.def.id) } : {}),
    };
  }

  /** Every part of an interconnected submission with its state now, and the parent's rule over them. */
  private async partsOf(c: CaseState) {
    const live = await partStates(this.d.db, c.parts!.map((x) => x.caseId));
    return { verdict: partsVerdict(c), items: c.parts!.map((x) => ({ ...x, ...live.get(x.caseId) })) };
  }

  private async taskView(p: Principal, c: CaseState & { task: CaseTask }) {
    const cp = await this.compiled(this.d.db, c);
    return {
      case: taskView(cp, c),
      procedure: { id: cp.def.id, version: cp.def.version, title: cp.def.title, state: cp.def.states[c.state] },
      actions: availableActions(cp, c, actorOf(p), { now: this.d.clock(), calendar: this.d.calendar }),
    };
  }

  async history(p: Principal, idOrCode: string): Promise<{ case: CaseState; entries: AuditEntry[] }> {
    const c = await this.loadSeenBy(p, idOrCode);
    return { case: c, entries: await listEntries(this.d.db, c.id) };
  }
}

export function ownerOf(cp: CompiledProcedure, c: CaseState): string | null {
  return cp.def.states[c.state]?.owner ?? null;
}

function conflict(current: number): MotcuaError {
  return new MotcuaError("case.version_conflict", `the case is at version ${current}`, { extra: { currentVersion: current } });
}

export { fieldError };
