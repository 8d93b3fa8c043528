// Interconnected procedures (liên thông): one submission opens the parent case and a case of each
// linked procedure in the unit or agency that owns it, with the data each needs copied from the
// parent's dossier (nobody types it twice). Each part is a case of its own — its owner, deadline,
// history and chain. The parent lists its parts (CaseState.parts) and records each part's outcome
// in its own chain when the part closes; its `gate` actions wait until every part is closed and
// every part that may not fail has completed.
import type { LinkedPart } from "../schemas/generated/procedure.js";
import type { CompiledProcedure } from "./compile.js";
import type { Actor, AuditEntry, CaseDocument, CaseState } from "./case.js";
import { SYSTEM_ROLE } from "./case.js";
import { MotcuaError, isMotcuaError } from "./errors.js";
import { readPointer } from "./guards.js";
import { receiveCase, type IntakeContext, type IntakeInput } from "./intake.js";
import { buildEntry, withHead } from "./step.js";
import { setPointer } from "./unit-task.js";

/** A part as the parent records it: where it is, and its outcome once it closed. */
export interface PartRecord {
  part: string;
  caseId: string;
  code: string;
  procedureId: string;
  unit: string;
  mayFail?: boolean;
  outcome: CaseState["outcome"];
  closedAt: string | null;
}

export interface ParentRef {
  caseId: string;
  code: string;
  unit: string;
  part: string;
}

/** The parent's built-in step that records a part's outcome (see engine/builtin-step.ts for the naming). */
export const PART_CLOSED_STEP = "system:linked-part";

/** How a part's case records that it was opened by another unit's submission. */
export const LINKED_INTAKE_ROLE = "linked-intake";

export function linkedParts(cp: CompiledProcedure): LinkedPart[] {
  return cp.def.linked?.parts ?? [];
}

/** The unit that owns a part, from the procedure or from the parent's (validated) dossier. */
export function partUnit(part: LinkedPart, data: Record<string, unknown>): string {
  if ("fixed" in part.owner) return part.owner.fixed;
  const value = readPointer(data, part.owner.fromData);
  if (typeof value !== "string" || value.length === 0) {
    const pointer = `/data${part.owner.fromData}`;
    throw new MotcuaError("data.invalid", `part '${part.id}' needs its owning unit at ${pointer}`, { errors: [{ pointer, rule: "required", message: `must name the unit that handles '${part.id}'` }] });
  }
  return value;
}

/** The part's form data: each mapped field copied from the parent's dossier (a field the citizen left empty stays absent). */
export function partData(part: LinkedPart, data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of part.map) {
    const value = readPointer(data, m.from);
    if (value !== undefined) setPointer(out, m.to, structuredClone(value));
  }
  return out;
}

export function partDocuments(part: LinkedPart, documents: CaseDocument[]): CaseDocument[] {
  return (part.documents ?? []).flatMap((m) => documents.filter((d) => d.id === m.from).map((d) => ({ ...d, id: m.to })));
}

/**
 * Opens a part's case. Its intake entry names the official who received the submission (of the
 * parent's unit) in the role `linked-intake`: the part's procedure is not theirs to receive at a
 * counter, but this submission was. A part's dossier that its own form refuses is reported at the
 * parent's field it came from, so the clerk can fix what they typed.
 */
export function openPart(cp: CompiledProcedure, part: LinkedPart, input: IntakeInput, actor: Actor, ctx: IntakeContext): { case: CaseState; entry: AuditEntry } {
  try {
    return receiveCase(cp, input, actor, LINKED_INTAKE_ROLE, ctx);
  } catch (e) {
    if (!isMotcuaError(e) || !e.errors) throw e;
    const errors = e.errors.map((x) => ({ ...x, pointer: parentPointer(part, x.pointer), message: `${part.id}: ${x.message}` }));
    throw new MotcuaError(e.code, `part '${part.id}' (${cp.def.id}): ${e.message}`, { errors });
  }
}

/** `/data/x/y` of the part back to the parent field mapped onto it (or onto a member above it). */
function parentPointer(part: LinkedPart, pointer: string): string {
  if (!pointer.startsWith("/data")) return `/linked/${part.id}${pointer}`;
  const inner = pointer.slice(5);
  const m = part.map.find((x) => inner === x.to || inner.startsWith(`${x.to}/`));
  return m ? `/data${m.from}${inner.slice(m.to.length)}` : `/linked/${part.id}${pointer}`;
}

/** The parent after a part closed: the outcome in its list, one entry in its chain. The parent's state does not move. */
export function recordPartClosed(cp: CompiledProcedure, parent: CaseState, part: CaseState, at: string): { case: CaseState; entry: AuditEntry } {
  const parts = (parent.parts ?? []).map((p) => (p.caseId === part.id ? { ...p, outcome: part.outcome, closedAt: part.closedAt } : p));
  const record = parts.find((p) => p.caseId === part.id);
  if (!record) throw new MotcuaError("case.not_found", `case ${part.id} is not a part of ${parent.id}`);
  const after: CaseState = { ...parent, parts, version: parent.version + 1 };
  const actor: Actor = { id: SYSTEM_ROLE, unit: parent.unit, province: parent.province, roles: [SYSTEM_ROLE] };
  const input = { part: record.part, caseId: part.id, code: part.code, unit: part.unit, outcome: part.outcome };
  const entry = buildEntry(cp, { before: parent, after, actor, role: SYSTEM_ROLE, action: PART_CLOSED_STEP, input, at });
  return { case: withHead(after, entry), entry };
}

export type PartsVerdict = "open" | "satisfied" | "failed";

/** The parent's rule: failed as soon as a part that may not fail ended otherwise; satisfied when all are closed. */
export function partsVerdict(c: CaseState): PartsVerdict {
  const parts = c.parts ?? [];
  if (parts.some((p) => p.closedAt !== null && p.outcome !== "completed" && !p.mayFail)) return "failed";
  return parts.every((p) => p.closedAt !== null) ? "satisfied" : "open";
}

/** A gate action waits for the parts (action.guard_failed naming the parts it waits on). */
export function checkLinkedGate(cp: CompiledProcedure, c: CaseState, actionId: string): void {
  if (!cp.def.linked?.gate.includes(actionId)) return;
  const verdict = partsVerdict(c);
  if (verdict === "satisfied") return;
  const waiting = (c.parts ?? []).filter((p) => (verdict === "open" ? p.closedAt === null : p.outcome !== "completed" && !p.mayFail)).map((p) => p.part);
  const why = verdict === "open" ? `waits for the linked parts: ${waiting.join(", ")}` : `a required linked part did not complete: ${waiting.join(", ")}`;
  throw new MotcuaError("action.guard_failed", `'${actionId}' ${why}`, { extra: { guard: "linkedParts", verdict, parts: waiting } });
}
