// The actions I may take now (from GET /cases/:id), each opening its own small form: the action's
// data fields, corrected form fields and papers for a supplement, or the signing panel.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, type FieldError } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import type { AvailableAction, CaseDocument, CaseState, Procedure, RegisterBook } from "../lib/types.js";
import { ErrorBox, FormButtons } from "./ui.js";
import { ErrorSummary, SchemaForm, initialValue, titlePath, type Schema } from "./SchemaForm.js";
import { DocumentsPicker } from "./Documents.js";
import { SignPanel } from "./SignPanel.js";
import { mergePatchBetween } from "../lib/merge-patch.js";
import { getAt, setAt } from "../lib/pointer.js";

export function ActionPanel(p: { c: CaseState; def: Procedure; actions: AvailableAction[]; registerBooks: RegisterBook[]; onDone(actionId: string): void }) {
  const { t, loc } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  const selected = p.actions.find((a) => a.id === open);
  return (
    <div class="action-panel">
      {p.actions.length === 0 ? (
        <p class="muted">{p.c.closedAt ? t("case.closedNoActions") : t("case.noActions")}</p>
      ) : (
        <div class="action-buttons" role="group" aria-label={t("case.actions")}>
          {p.actions.map((a) => (
            <button
              type="button"
              class={`btn ${a.signature ? "btn-sign" : forward(p.def, p.c.state, a.to) ? "btn-primary" : ""}${open === a.id ? " is-open" : ""}`}
              disabled={!a.enabled}
              aria-expanded={open === a.id}
              aria-controls="action-form"
              aria-describedby={a.enabled ? undefined : `why-${a.id}`}
              onClick={() => setOpen(open === a.id ? null : a.id)}
            >
              {a.signature ? "✍ " : ""}
              {loc(a.title)}
            </button>
          ))}
          {p.actions
            .filter((a) => !a.enabled)
            .map((a) => (
              <p class="hint" id={`why-${a.id}`}>
                {loc(a.title)}: {t("case.actionBlocked")}
              </p>
            ))}
        </div>
      )}
      {selected && (
        <div id="action-form" class="action-form">
          {selected.signature ? (
            <SignPanel caseId={p.c.id} caseCode={p.c.code} action={selected.id} onSigned={() => (setOpen(null), p.onDone(selected.id))} onCancel={() => setOpen(null)} />
          ) : (
            <ActionForm key={selected.id} c={p.c} def={p.def} action={selected} registerBooks={p.registerBooks} onDone={() => (setOpen(null), p.onDone(selected.id))} onCancel={() => setOpen(null)} />
          )}
        </div>
      )}
    </div>
  );
}

/**
 * The main path moves the dossier forward: not to the citizen, not to a refusal or withdrawal,
 * not back to an earlier step. Those stay secondary buttons.
 */
function forward(def: Procedure, from: string, to: string): boolean {
  const s = def.states[to];
  if (!s || s.kind === "waiting-citizen" || (s.kind === "final" && s.outcome !== "completed")) return false;
  const depth = new Map([[def.initial, 0]]);
  for (const [id, d] of depth) for (const a of def.actions) if (a.from.includes(id) && !depth.has(a.to)) depth.set(a.to, d + 1);
  return (depth.get(to) ?? 0) > (depth.get(from) ?? 0);
}

function ActionForm(p: { c: CaseState; def: Procedure; action: AvailableAction; registerBooks: RegisterBook[]; onDone(): void; onCancel(): void }) {
  const i18n = useI18n();
  const { t, loc } = i18n;
  const decl = p.def.actions.find((a) => a.id === p.action.id && a.from.includes(p.c.state));
  const updatesForm = decl?.updatesForm === true;
  const schema = (updatesForm ? p.def.form.schema : decl?.data) as Schema | undefined;
  const [data, setData] = useState<Record<string, unknown>>(() =>
    updatesForm ? structuredClone(p.c.data) : schema ? withRegisterProposal(initialValue(schema) as Record<string, unknown>, p.action, p.registerBooks[0]) : {},
  );
  const [docs, setDocs] = useState<CaseDocument[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const idPrefix = `act-${p.action.id}`;
  const form = useRef<HTMLFormElement>(null);
  // Opening an action puts the keyboard in its form: the first field, or the confirm button.
  useEffect(() => form.current?.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea, button[type=submit]")?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await api.post(`/cases/${encodeURIComponent(p.c.id)}/actions`, {
        action: p.action.id,
        expectedVersion: p.c.version,
        ...(schema ? { data: updatesForm ? mergePatchBetween(p.c.data, data) : data } : {}),
        ...(docs.length ? { documents: docs } : {}),
      });
      p.onDone();
    } catch (err) {
      // Field errors go to their fields: invalid data, and a register number another dossier holds.
      if (err instanceof ApiError && err.errors.length > 0 && (err.code === "data.invalid" || err.code === "register.entry_taken")) {
        setErrors(err.errors);
        requestAnimationFrame(() => document.getElementById(`${idPrefix}-summary`)?.focus());
      } else setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} onSubmit={submit} noValidate aria-labelledby={`${idPrefix}-title`}>
      <h3 id={`${idPrefix}-title`}>
        {loc(p.action.title)} <span class="muted small">→ {loc(p.def.states[p.action.to]?.title) || p.action.to}</span>
      </h3>
      {schema && p.action.register && p.registerBooks.length > 0 && !updatesForm && (
        <p class="hint" data-testid="register-proposal">
          {t("register.proposed")}{" "}
          {p.registerBooks.map((b, i) => (
            <>
              {i > 0 && "; "}
              {t("register.book", { book: b.book, next: b.nextEntry })}
            </>
          ))}
        </p>
      )}
      {schema && (
        <>
          <ErrorSummary errors={errors} schema={schema} errorPrefix="/data" idPrefix={idPrefix} titleOf={(ptr) => titlePath(schema, ptr, i18n)} />
          <SchemaForm schema={schema} value={data} onChange={setData} errors={errors} errorPrefix="/data" idPrefix={idPrefix} />
        </>
      )}
      {updatesForm && <DocumentsPicker def={p.def} value={docs} onChange={setDocs} errors={errors} idPrefix={idPrefix} existing={p.c.documents} />}
      {!schema && <p>{t("case.confirmAction")}</p>}
      <ErrorBox error={failure} />
      <FormButtons label={t("case.confirm")} busy={busy} onCancel={p.onCancel} />
    </form>
  );
}

/**
 * An action that records in a register starts with the book written most recently and its next
 * number filled in (from the case view); the clerk changes either when the paper book says
 * otherwise. Two clerks given the same number: the second gets register.entry_taken at the field.
 */
function withRegisterProposal(data: Record<string, unknown>, action: AvailableAction, latest: RegisterBook | undefined): Record<string, unknown> {
  if (!action.register || !latest) return data;
  let out = data;
  if (!getAt(out, action.register.book)) out = setAt(out, action.register.book, latest.book);
  if (!getAt(out, action.register.entry)) out = setAt(out, action.register.entry, latest.nextEntry);
  return out;
}
