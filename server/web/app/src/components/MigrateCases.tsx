// Moving the province's open cases of a procedure to a newer version (POST /procedures/:id/migrate).
// It is an administrator's explicit decision with a reason, so nothing moves without a preview: the
// dry run lists what would move and what would stay, and confirming re-sends exactly the body that
// was previewed. Changing the versions or the reason drops the preview, so the list the
// administrator confirmed is the list of the request they send.
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, type FieldError } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { formatDateTime } from "../lib/format.js";
import type { MigrationOutcome, VersionRow } from "../lib/types.js";
import { ErrorBox, Notice } from "./ui.js";
import { MigrationLists } from "./MigrationLists.js";

interface Body {
  fromVersion: number;
  toVersion: number;
  reason: string;
}

/** The request's fields and the controls that hold them, in the order the form shows them. */
const FIELDS: Record<string, string> = { "/fromVersion": "migrate-from", "/toVersion": "migrate-to", "/reason": "migrate-reason" };

const inForce = (v: VersionRow, now: string) => Date.parse(v.inForceFrom) <= Date.parse(now);

/** To the newest version in force, from the one published before it: the usual step after a new decree applies. */
export function defaultVersions(versions: VersionRow[], now: string): { from: number; to: number } {
  let to = versions.length - 1;
  while (to > 0 && !inForce(versions[to]!, now)) to--;
  return { from: versions[Math.max(0, to - 1)]!.version, to: versions[to]!.version };
}

export function MigrateCases(p: { id: string; versions: VersionRow[] }) {
  const { t, lang } = useI18n();
  const { config } = useSession();
  const [initial] = useState(() => defaultVersions(p.versions, config.now));
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ body: Body; outcome: MigrationOutcome } | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  // A new answer (preview or move) takes the keyboard, so a screen reader reads it out at once.
  useEffect(() => void (answer && resultHeading.current?.focus()), [answer]);

  const send = async (body: Body, dryRun: boolean) => {
    setBusy(true);
    setFailure(null);
    setErrors([]);
    try {
      const outcome = await api.post<MigrationOutcome>(`/procedures/${encodeURIComponent(p.id)}/migrate`, { ...body, dryRun });
      setAnswer({ body, outcome });
    } catch (e) {
      const ours = e instanceof ApiError && e.code === "request.invalid" ? e.errors.filter((x) => x.pointer in FIELDS) : [];
      if (ours.length === 0) return setFailure(e);
      setErrors(ours);
      const first = Object.keys(FIELDS).find((ptr) => ours.some((x) => x.pointer === ptr))!;
      requestAnimationFrame(() => document.getElementById(FIELDS[first]!)?.focus());
    } finally {
      setBusy(false);
    }
  };
  const preview = (e: Event) => {
    e.preventDefault();
    setAnswer(null);
    void send({ fromVersion: from, toVersion: to, reason }, true);
  };
  const changed =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setAnswer(null);
    };

  const target = p.versions.find((v) => v.version === to);
  const upcoming = target && !inForce(target, config.now);
  const errorOf = (ptr: string) => errors.find((e) => e.pointer === ptr);
  /** A labelled control with its hint and, after a refused request, the server's complaint about it. */
  const field = (id: string, ptr: string, label: string, message: string, control: (a: Record<string, unknown>) => JSX.Element, o: { hint?: string; inline?: boolean } = {}) => {
    const err = errorOf(ptr);
    const hint = o.hint;
    const described = [hint && `${id}-hint`, err && `${id}-error`].filter(Boolean).join(" ");
    return (
      <div class={`field${o.inline ? " field-inline" : ""}${err ? " has-error" : ""}`}>
        <label for={id}>{label}</label>
        {hint && (
          <p class="hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        {err && (
          <p class="field-error" id={`${id}-error`}>
            {message}
          </p>
        )}
        {control({ id, "aria-invalid": err ? true : undefined, "aria-describedby": described || undefined })}
      </div>
    );
  };
  const picker = (id: string, ptr: string, label: string, value: number, set: (v: number) => void) =>
    field(id, ptr, label, t("migrate.versionInvalid"), (a) => (
      <select {...a} value={String(value)} onChange={(e) => changed(set)(Number(e.currentTarget.value))}>
        {p.versions.map((v) => (
          <option value={String(v.version)}>
            v{v.version} · {formatDateTime(v.publishedAt, lang, config.timeZone)}
            {!inForce(v, config.now) && ` · ${t("migrate.notInForce", { at: formatDateTime(v.inForceFrom, lang, config.timeZone) })}`}
          </option>
        ))}
      </select>
    ), { inline: true });

  return (
    <section class="migrate" aria-labelledby="migrate-title">
      <h2 id="migrate-title">{t("migrate.title")}</h2>
      <p class="hint">{t("migrate.intro")}</p>
      {p.versions.length < 2 ? (
        <p class="hint">{t("diff.onlyOne")}</p>
      ) : (
        <form onSubmit={preview} noValidate aria-labelledby="migrate-title">
          <div class="toolbar">
            {picker("migrate-from", "/fromVersion", t("migrate.from"), from, setFrom)}
            {picker("migrate-to", "/toVersion", t("migrate.to"), to, setTo)}
          </div>
          {upcoming && (
            <p class="msg msg-warn" data-testid="migrate-upcoming">
              ⚠ {t("migrate.targetUpcoming", { v: to, at: formatDateTime(target.inForceFrom, lang, config.timeZone) })}
            </p>
          )}
          {field("migrate-reason", "/reason", t("migrate.reason"), t("migrate.reasonInvalid"), (a) => (
            <textarea {...a} rows={3} maxLength={500} value={reason} onInput={(e) => changed(setReason)(e.currentTarget.value)} />
          ), { hint: t("migrate.reasonHint") })}
          <div class="btn-row">
            <button type="submit" class="btn" disabled={busy}>
              {busy && !answer ? t("common.working") : t("migrate.preview")}
            </button>
          </div>
        </form>
      )}
      <ErrorBox error={failure} />
      {answer && (
        <section class="migrate-result" aria-labelledby="migrate-result-title" data-testid="migrate-result">
          <h3 id="migrate-result-title" tabIndex={-1} ref={resultHeading}>
            {t(answer.outcome.dryRun ? "migrate.previewTitle" : "migrate.doneTitle", { from: answer.body.fromVersion, to: answer.body.toVersion })}
          </h3>
          {!answer.outcome.dryRun && (
            <Notice tone="ok">
              ✓ {t("migrate.done", { n: answer.outcome.moved.length, to: answer.body.toVersion })}
              {answer.outcome.blocked.length > 0 && ` ${t("migrate.doneStayed", { n: answer.outcome.blocked.length, from: answer.body.fromVersion })}`}
            </Notice>
          )}
          <MigrationLists id={p.id} outcome={answer.outcome} />
          {answer.outcome.dryRun && (
            <div class="btn-row">
              <button type="button" class="btn btn-primary" disabled={busy || answer.outcome.moved.length === 0} onClick={() => void send(answer.body, false)}>
                {busy ? t("common.working") : t("migrate.confirm", { n: answer.outcome.moved.length, to: answer.body.toVersion })}
              </button>
              {answer.outcome.moved.length === 0 && <span class="hint">{t("migrate.nothingToMove")}</span>}
            </div>
          )}
        </section>
      )}
    </section>
  );
}
