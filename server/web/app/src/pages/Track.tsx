// "Track my dossier", for the citizen without an account: the dossier code and the tracking secret
// printed on the receipt are POSTed to /track (never put in the URL, so no history or log keeps the
// secret), and the answer shows where the dossier stands, the appointment and each time it moved,
// what is missing, and a refusal's reason. Built for a phone first: one column, large targets.
// A wrong code and a wrong secret get the same answer, as from the server.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { formatDateTime } from "../lib/format.js";
import { normalizeCode } from "../lib/check-link.js";
import type { CitizenView } from "../lib/types.js";
import { Badge, ErrorBox, PageTitle } from "../components/ui.js";
import { TextField } from "./Check.js";

export function TrackPage(p: { code?: string; timeZone: string }) {
  const { t } = useI18n();
  const [code, setCode] = useState(p.code ?? "");
  const [secret, setSecret] = useState("");
  const [missing, setMissing] = useState<{ code?: boolean; secret?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ view?: CitizenView; error?: unknown } | null>(null);
  const focusAnswer = useRef(false);

  useEffect(() => {
    if (!answer || !focusAnswer.current) return;
    focusAnswer.current = false;
    document.getElementById("track-answer-h")?.focus();
  }, [answer]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const c = normalizeCode(code);
    const gaps = { code: !c, secret: !secret.trim() };
    setMissing(gaps);
    if (gaps.code || gaps.secret) {
      document.getElementById(gaps.code ? "track-code" : "track-secret")?.focus();
      return;
    }
    setCode(c);
    setBusy(true);
    try {
      setAnswer({ view: await api.post<CitizenView>("/track", { code: c, secret }) });
    } catch (error) {
      setAnswer({ error });
    } finally {
      focusAnswer.current = true;
      setBusy(false);
    }
  };

  const notFound = answer?.error instanceof ApiError && answer.error.code === "case.not_found";
  return (
    <article class="check-page track-page" aria-labelledby="page-h1">
      <PageTitle>{t("track.title")}</PageTitle>
      <p class="check-intro">{t("track.intro")}</p>
      <form class="panel check-form" onSubmit={submit} noValidate>
        <TextField id="track-code" name="code" label={t("public.code")} hint={t("track.codeHint")} error={missing.code ? t("rule.required") : null} value={code} onInput={setCode} />
        <TextField id="track-secret" name="secret" mono label={t("track.secret")} hint={t("track.secretHint")} error={missing.secret ? t("rule.required") : null} value={secret} onInput={setSecret} />
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t("common.working") : t("track.submit")}
        </button>
      </form>
      {answer?.view && <TrackAnswer v={answer.view} timeZone={p.timeZone} />}
      {notFound && (
        <section class="panel check-answer verify-fail" aria-labelledby="track-answer-h" data-testid="track-not-found">
          <h2 id="track-answer-h" tabIndex={-1}>
            {t("track.notFound")}
          </h2>
          <p>{t("track.notFoundHint")}</p>
        </section>
      )}
      {answer?.error !== undefined && !notFound && <ErrorBox error={answer.error} />}
    </article>
  );
}

function TrackAnswer({ v, timeZone }: { v: CitizenView; timeZone: string }) {
  const { t, loc, lang } = useI18n();
  const at = (iso: string | null) => formatDateTime(iso, lang, timeZone);
  const tone = v.outcome === "completed" ? "ok" : v.outcome ? "danger" : v.state.kind === "waiting-citizen" ? "warn" : "info";
  return (
    <section class="panel check-answer track-answer" aria-labelledby="track-answer-h" data-testid="track-answer">
      <h2 id="track-answer-h" tabIndex={-1}>
        {loc(v.procedure.title)}
      </h2>
      <dl class="kv">
        <dt>{t("public.code")}</dt>
        <dd class="mono">{v.code}</dd>
        <dt>{t("track.state")}</dt>
        <dd>
          <Badge tone={tone}>{v.state.title ? loc(v.state.title) : v.state.id}</Badge>
        </dd>
        <dt>{t("track.office")}</dt>
        <dd>{v.unitName}</dd>
        <dt>{t("case.received")}</dt>
        <dd>{at(v.receivedAt)}</dd>
        {v.closedAt === null && (
          <>
            <dt>{t("intake.appointment")}</dt>
            <dd data-testid="track-appointment">
              <strong>{at(v.appointment)}</strong>
              {v.paused && <span class="muted small"> ({t("track.paused")})</span>}
            </dd>
          </>
        )}
        {v.closedAt !== null && (
          <>
            <dt>{t("track.closed")}</dt>
            <dd>{at(v.closedAt)}</dd>
          </>
        )}
      </dl>
      {v.reason && (
        <div class="msg msg-warn" data-testid="track-reason">
          <strong>{t(v.outcome === "withdrawn" ? "track.withdrawnReason" : "track.refusedReason")}</strong> {v.reason}
        </div>
      )}
      {(v.missing.note || v.missing.documents.length > 0) && (
        <div class="msg msg-warn" data-testid="track-missing">
          <h3>{t("track.missing")}</h3>
          {v.missing.note && <p>{v.missing.note}</p>}
          {v.missing.documents.length > 0 && (
            <ul>
              {v.missing.documents.map((d) => (
                <li>{loc(d.title)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {v.appointmentChanges.length > 0 && (
        <>
          <h3>{t("track.changes")}</h3>
          <ul class="track-changes" data-testid="track-changes">
            {v.appointmentChanges.map((c) => (
              <li>
                {t("track.changed", { at: at(c.at), from: at(c.from), to: at(c.to) })}
                {c.title && <span class="muted"> ({loc(c.title)})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t("track.steps")}</h3>
      <ol class="track-steps">
        {v.steps.map((s) => (
          <li>
            <span class="muted small">{at(s.at)}</span> {s.title ? loc(s.title) : s.state}
          </li>
        ))}
      </ol>
    </section>
  );
}
