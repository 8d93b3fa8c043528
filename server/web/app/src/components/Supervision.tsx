// Who holds the case, and the built-in steps around the procedure's own actions: claim it from the
// queue, give it back, or record an apology notice with a new appointment when the deadline will
// be missed (POST /cases/:id/claim | release | apology).
import type { JSX } from "preact";
import { resultPending } from "../lib/result-pending.js";
import { DateInput } from "./DateInput.js";
import { useState } from "preact/hooks";
import { api, ApiError, type FieldError } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { formatDateTime, shortRole } from "../lib/format.js";
import type { CaseState, Procedure } from "../lib/types.js";
import { ErrorBox, FormButtons } from "./ui.js";

export function HolderPanel(p: { c: CaseState; def: Procedure; onDone(step: string): void }) {
  const { t, loc } = useI18n();
  const { me } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [apology, setApology] = useState(false);
  const queue = p.def.states[p.c.state]?.owner;
  if (p.c.closedAt || !queue || me.unit !== p.c.unit) return null;
  // A hold lapses when the case moves to another role's queue (engine/reassign.ts).
  const holder = p.c.assignee && (p.c.assigneeRole == null || p.c.assigneeRole === queue) ? p.c.assignee : null;
  const mayHold = me.roles.includes(queue);
  const run = async (step: "claim" | "release") => {
    setError(null);
    try {
      await api.post(`/cases/${encodeURIComponent(p.c.id)}/${step}`, { expectedVersion: p.c.version });
      p.onDone(`system:${step}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="holder" data-testid="holder">
      <p class="small">
        {holder === me.id ? (
          <strong>{t("hold.mine")}</strong>
        ) : holder ? (
          t("hold.other", { who: holder })
        ) : (
          t("hold.queue", { role: shortRole(loc(p.def.roles.find((r) => r.id === queue)?.title) || queue) })
        )}
      </p>
      <div class="btn-row">
        {!holder && mayHold && (
          <button type="button" class="btn btn-small" onClick={() => run("claim")}>
            {t("hold.claim")}
          </button>
        )}
        {holder === me.id && (
          <button type="button" class="btn btn-small" onClick={() => run("release")}>
            {t("hold.release")}
          </button>
        )}
        {(mayHold || me.roles.includes("supervisor")) && !p.c.pausedAt && resultPending(p.def, p.c.state) && (
          <button type="button" class="btn btn-small" aria-expanded={apology} aria-controls="apology-form" onClick={() => setApology(!apology)}>
            {t("apology.open")}
          </button>
        )}
      </div>
      <ErrorBox error={error} />
      {apology && <ApologyForm c={p.c} onDone={() => (setApology(false), p.onDone("system:apology"))} onCancel={() => setApology(false)} />}
    </div>
  );
}

function ApologyForm(p: { c: CaseState; onDone(): void; onCancel(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const [date, setDate] = useState("");
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const errorOf = (ptr: string) => errors.find((e) => e.pointer === ptr);
  const submit = async (e: Event) => {
    e.preventDefault();
    setFailure(null);
    try {
      await api.post(`/cases/${encodeURIComponent(p.c.id)}/apology`, { reason, newAppointment: date, expectedVersion: p.c.version });
      p.onDone();
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setErrors(err.errors);
      else setFailure(err);
    }
  };
  const field = (id: string, ptr: string, label: string, control: (a: Record<string, unknown>) => JSX.Element) => {
    const err = errorOf(ptr);
    return (
      <div class={`field${err ? " has-error" : ""}`}>
        <label for={id}>{label}</label>
        {err && (
          <p class="field-error" id={`${id}-error`}>
            {ptr === "/reason" ? t("apology.reasonShort") : t("rule.format")}
          </p>
        )}
        {control({ id, "aria-invalid": err ? true : undefined, "aria-describedby": err ? `${id}-error` : undefined })}
      </div>
    );
  };
  return (
    <form id="apology-form" class="action-form" onSubmit={submit} noValidate>
      <h3>{t("apology.title")}</h3>
      <p class="hint">{t("apology.hint")}</p>
      {field("apology-reason", "/reason", t("apology.reason"), (a) => (
        <textarea {...a} rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      ))}
      {field("apology-date", "/newAppointment", t("apology.date"), (a) => (
        <DateInput {...a} value={date} onValue={(v) => setDate(v ?? "")} />
      ))}
      <ErrorBox error={failure} />
      <FormButtons label={t("apology.submit")} onCancel={p.onCancel} />
    </form>
  );
}

/** The apology notice on the case header: the missed statutory date and the new appointment. */
export function ApologyNote(p: { c: CaseState }) {
  const { t, lang } = useI18n();
  const { config } = useSession();
  const a = p.c.apology;
  if (!a) return null;
  return (
    <p class="msg msg-warn small" data-testid="apology">
      {t("apology.note", { count: a.count, statutory: formatDateTime(a.statutoryDueAt, lang, config.timeZone), due: formatDateTime(a.newDueAt, lang, config.timeZone) })} {a.reason}
    </p>
  );
}
