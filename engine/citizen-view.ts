// What a citizen is shown of their own dossier (the tracking page, later their signed-in list):
// where it stands, the appointment and every time it moved, what is missing, and why it was
// refused. Nothing from the form: whoever holds the receipt learns the dossier's progress, not its
// contents, and no official is named.
import type { Procedure, LocalizedText } from "../schemas/generated/procedure.js";
import type { AuditEntry, CaseState } from "./case.js";
import type { CompiledProcedure } from "./compile.js";
import { guardContext, type RuleTime } from "./rule-context.js";
import { textOf } from "./notice.js";

export interface CitizenView {
  code: string;
  procedure: { id: string; title: LocalizedText };
  unit: string;
  state: { id: string; kind: string; title: LocalizedText | null };
  receivedAt: string;
  channel: CaseState["channel"];
  /** The appointment now, and the first one given at intake. */
  appointment: string;
  originalAppointment: string;
  /** The clock is stopped while the dossier waits on the citizen. */
  paused: boolean;
  closedAt: string | null;
  outcome: CaseState["outcome"];
  appointmentChanges: Array<{ at: string; from: string; to: string; action: string; title: LocalizedText | null }>;
  missing: { documents: Array<{ id: string; title: LocalizedText }>; note: string | null };
  /** The written reason of a refusal or withdrawal. */
  reason: string | null;
  steps: Array<{ at: string; state: string; title: LocalizedText | null }>;
}

export function citizenView(cp: CompiledProcedure, c: CaseState, entries: AuditEntry[], t: RuleTime): CitizenView {
  const def: Procedure = cp.def;
  const stateTitle = (id: string) => def.states[id]?.title ?? null;
  const actionTitle = (id: string) => def.actions.find((a) => a.id === id)?.title ?? null;
  const changes: CitizenView["appointmentChanges"] = [];
  let due = entries[0]?.dueAt;
  for (const e of entries.slice(1)) {
    if (due !== undefined && e.dueAt !== due) changes.push({ at: e.at, from: due, to: e.dueAt, action: e.action, title: actionTitle(e.action) });
    due = e.dueAt;
  }
  // The step that brought the dossier where it is carries the officer's words to the citizen.
  const entered = [...entries].reverse().find((e) => e.to === c.state && e.from !== e.to);
  const kind = def.states[c.state]?.kind ?? "task";
  const received = new Set(c.documents.map((d) => d.id));
  const required = new Set(requiredOf(cp, c, t));
  return {
    code: c.code,
    procedure: { id: def.id, title: def.title },
    unit: c.unit,
    state: { id: c.state, kind, title: stateTitle(c.state) },
    receivedAt: c.receivedAt,
    channel: c.channel,
    appointment: c.dueAt,
    originalAppointment: c.originalDueAt,
    paused: c.pausedAt !== null,
    closedAt: c.closedAt,
    outcome: c.outcome,
    appointmentChanges: changes,
    missing: {
      documents: c.closedAt === null ? def.form.documents.filter((d) => required.has(d.id) && !received.has(d.id)).map((d) => ({ id: d.id, title: d.title })) : [],
      note: kind === "waiting-citizen" ? textOf(entered?.input, "missing") ?? textOf(entered?.input, "reason") ?? null : null,
    },
    reason: c.outcome === "refused" || c.outcome === "withdrawn" ? textOf(entered?.input, "reason") ?? null : null,
    steps: entries.filter((e) => e.from !== e.to).map((e) => ({ at: e.at, state: e.to, title: stateTitle(e.to) })),
  };
}


/** The documents the dossier needs now, its requiredWhen rules included; a rule that cannot be evaluated falls back to the plainly required ones. */
function requiredOf(cp: CompiledProcedure, c: CaseState, t: RuleTime): string[] {
  try {
    return guardContext(cp, c, c.data, c.documents, t).requiredDocuments;
  } catch {
    return cp.def.form.documents.filter((d) => d.required).map((d) => d.id);
  }
}
