// The citizen's notices: which step tells the applicant what, on which channel, in which words.
// A notice is an outbox message written with its step (topic notice.email, notice.sms or
// notice.zalo) and named in the step's entry like every other message, so it goes out exactly
// when the step commits and its payload is checked against the chain. Pure: the server's outbox
// targets deliver it (server/outbox/).
import type { CompiledProcedure } from "./compile.js";
import type { CaseState } from "./case.js";
import type { NoticeChannel, NoticeLanguage } from "./applicant.js";
import type { OutboxEffect } from "./apply.js";
import { localDate, type WorkingCalendar } from "./calendar.js";
import { BUILTIN_STEPS } from "./builtin-step.js";
import { DEFAULT_NOTICE_TEMPLATES, fillTemplate, type NoticeEvent, type NoticeTemplate } from "./notice-templates.js";

export interface NoticeStep {
  /** "intake", a procedure action id or a built-in step. */
  action: string;
  input?: unknown;
  /** The action is a signature checkpoint: its result now exists. */
  signed?: boolean;
}

/** What an outbox target receives for a notice. */
export interface NoticePayload {
  v: 1;
  event: NoticeEvent;
  channel: NoticeChannel;
  /** The address or phone number, as the applicant gave it. */
  to: string;
  language: NoticeLanguage;
  code: string;
  procedure: string;
  subject: string;
  text: string;
}

export const NOTICE_TOPIC_PREFIX = "notice.";

/** The event a step is for the citizen, if any. */
export function noticeEvent(cp: CompiledProcedure, before: CaseState | null, after: CaseState, step: NoticeStep): NoticeEvent | undefined {
  if (before === null) return "received";
  if (step.action === BUILTIN_STEPS.apology) return "late";
  if (after.outcome === "refused" && before.outcome === null) return "refused";
  if (after.state !== before.state && cp.def.states[after.state]?.kind === "waiting-citizen") return "needs-papers";
  if (step.signed && after.outcome !== "refused" && after.outcome !== "withdrawn") return "ready";
  return undefined;
}

/** The notice message of this step (none without an applicant who can be reached). `seq` is the step's entry's. */
export function noticeEffects(cp: CompiledProcedure, before: CaseState | null, after: CaseState, step: NoticeStep, seq: number, calendar: WorkingCalendar): OutboxEffect[] {
  const a = after.applicant;
  if (!a) return [];
  const channel = a.preferredChannel ?? (a.email ? "email" : a.phone ? "sms" : undefined);
  const to = channel === "email" ? a.email : a.phone;
  if (!channel || !to) return [];
  const event = noticeEvent(cp, before, after, step);
  if (!event) return [];
  const language = a.language ?? "vi";
  const template = templateOf(cp, event, language);
  const values = {
    name: a.fullName,
    code: after.code,
    procedure: language === "en" ? cp.def.title.en : cp.def.title.vi,
    date: displayDate(localDate(after.dueAt, calendar)),
    missing: textOf(step.input, "missing") ?? textOf(step.input, "reason"),
    reason: textOf(step.input, "reason"),
  };
  const topic = `${NOTICE_TOPIC_PREFIX}${channel}`;
  const payload: NoticePayload = {
    v: 1, event, channel, to, language, code: after.code, procedure: cp.def.id,
    subject: fillTemplate(template.subject, values), text: fillTemplate(template.text, values),
  };
  // The message id is the step's place in the history (as engine/apply.ts messageId spells it).
  return [{ type: "outbox", id: `${after.id}:${seq}:${topic}`, topic, payload: payload as unknown as Record<string, unknown> }];
}

function templateOf(cp: CompiledProcedure, event: NoticeEvent, language: NoticeLanguage): NoticeTemplate {
  const own = cp.def.notices?.[event]?.[language];
  const fallback = DEFAULT_NOTICE_TEMPLATES[event][language];
  return own ? { subject: own.subject ?? fallback.subject, text: own.text } : fallback;
}

/** dd/mm/yyyy, as Vietnamese papers print a date. */
function displayDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

/** A step's written text to the citizen (`missing`, `reason`), if the input holds one. */
export function textOf(input: unknown, key: string): string | undefined {
  const v = input !== null && typeof input === "object" ? (input as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}
