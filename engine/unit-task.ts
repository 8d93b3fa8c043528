// Tasks for another unit: a state a procedure declares as worked by another unit (the former place
// of residence verifies a fact). The unit is resolved when the case enters the state and kept on the
// case (CaseState.task), so it is bound to the hash chain like every other member; the case stays
// owned by its own unit, which takes it back when the answer moves it out of the state.
import type { UnitTask } from "../schemas/generated/procedure.js";
import type { CompiledProcedure } from "./compile.js";
import type { CaseDocument, CaseState } from "./case.js";
import { MotcuaError } from "./errors.js";
import { readPointer } from "./guards.js";
import { timeoutAt } from "./deadline.js";
import type { WorkingCalendar } from "./calendar.js";

/** The open task of a case: which unit's officials of which role answer it, and by when. */
export interface CaseTask {
  state: string;
  unit: string;
  role: string;
  assignedAt: string;
  /** The task's own deadline (end of the N-th working day after it was assigned). */
  dueAt: string;
  /** The data of the action that asked (what to verify), so the other unit reads the question. */
  request?: unknown;
}

export function unitTaskOf(cp: CompiledProcedure, state: string): UnitTask | undefined {
  return cp.def.states[state]?.unitTask;
}

/** The unit whose officials may take `actionId` now: the task's unit for its answers, the case's own otherwise. */
export function actingUnit(cp: CompiledProcedure, c: CaseState, actionId: string): string {
  const spec = unitTaskOf(cp, c.state);
  return c.task && spec?.answers.includes(actionId) ? c.task.unit : c.unit;
}

/**
 * The task after a step into `next`: resolved on entering a task state, kept while the case stays
 * in it, gone when it leaves (null, which the chain records as "not set").
 */
export function nextTask(cp: CompiledProcedure, before: CaseState, next: string, data: Record<string, unknown>, input: unknown, now: string, cal: WorkingCalendar): CaseTask | null {
  const spec = unitTaskOf(cp, next);
  if (!spec) return null;
  if (before.task && before.state === next) return before.task;
  const unit = resolveUnit(spec, data, input);
  const role = cp.def.states[next]!.owner!;
  return { state: next, unit, role, assignedAt: now, dueAt: timeoutAt(now, spec.workingDays, cal), ...(input !== undefined ? { request: input } : {}) };
}

/** Where a task's unit code was read from, as the pointer a 4xx names (the request's /data for both sources). */
export function taskUnitPointer(spec: UnitTask): string {
  const u = spec.unit;
  return "fromData" in u ? `/data${u.fromData}` : "fromInput" in u ? `/data${u.fromInput}` : "/unit";
}

function resolveUnit(spec: UnitTask, data: Record<string, unknown>, input: unknown): string {
  const u = spec.unit;
  if ("fixed" in u) return u.fixed;
  const value = "fromData" in u ? readPointer(data, u.fromData) : readPointer(input, u.fromInput);
  const pointer = taskUnitPointer(spec);
  if (typeof value !== "string" || value.length === 0) {
    throw new MotcuaError("data.invalid", `the unit asked is required at ${pointer}`, { errors: [{ pointer, rule: "required", message: "must name the unit that answers this task" }] });
  }
  if ("allowed" in u && u.allowed && !u.allowed.includes(value)) {
    throw new MotcuaError("data.invalid", `unit '${value}' may not be asked`, { errors: [{ pointer, rule: "enum", message: `must be one of: ${u.allowed.join(", ")}` }] });
  }
  return value;
}

/**
 * What an official of the task's unit sees of the case: its identity, state and task, and only the
 * declared fields and documents. Nothing else of the dossier leaves its own unit.
 */
export interface TaskView {
  id: string;
  code: string;
  procedureId: string;
  procedureVersion: number;
  unit: string;
  state: string;
  version: number;
  task: CaseTask;
  /** The task's deadline, under the name an inbox sorts and colours by. */
  dueAt: string;
  pausedAt: null;
  closedAt: null;
  data: Record<string, unknown>;
  documents: CaseDocument[];
  /** Marks the view as the declared part of a case, not the whole. */
  partial: true;
}

export function taskView(cp: CompiledProcedure, c: CaseState & { task: CaseTask }): TaskView {
  const shows = unitTaskOf(cp, c.state)?.shows ?? { data: [] };
  const data: Record<string, unknown> = {};
  for (const ptr of shows.data) {
    const value = readPointer(c.data, ptr);
    if (value !== undefined) setPointer(data, ptr, value);
  }
  const docs = new Set(shows.documents ?? []);
  return {
    id: c.id, code: c.code, procedureId: c.procedureId, procedureVersion: c.procedureVersion, unit: c.unit, state: c.state, version: c.version,
    task: c.task, dueAt: c.task.dueAt, pausedAt: null, closedAt: null, data, documents: c.documents.filter((d) => docs.has(d.id)), partial: true,
  };
}

/** Writes `value` at `ptr`, creating objects on the way (a declared array element keeps its index as a key). */
export function setPointer(root: Record<string, unknown>, ptr: string, value: unknown): void {
  const tokens = ptr.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  let cur = root;
  tokens.slice(0, -1).forEach((t) => {
    if (typeof cur[t] !== "object" || cur[t] === null) cur[t] = {};
    cur = cur[t] as Record<string, unknown>;
  });
  cur[tokens.at(-1)!] = value;
}

/** What the answering unit gets back after its answer: the case has gone home, so only where it went. */
export function answeredView(c: CaseState): Pick<CaseState, "id" | "code" | "procedureId" | "procedureVersion" | "unit" | "state" | "version"> & { partial: true } {
  return { id: c.id, code: c.code, procedureId: c.procedureId, procedureVersion: c.procedureVersion, unit: c.unit, state: c.state, version: c.version, partial: true };
}
