// Intake of a new dossier: pick a procedure my roles may receive, fill the form rendered from its
// schema, attach the papers, submit; the server's field errors appear next to each field.
import { useState } from "preact/hooks";
import { api, ApiError, type FieldError } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { catalog, procedureVersion } from "../lib/procedures.js";
import { useAsync } from "../lib/use-async.js";
import { href } from "../lib/router.js";
import { formatDateTime } from "../lib/format.js";
import type { CaseDocument, CaseState, ProcedureVersion } from "../lib/types.js";
import { ErrorBox, Loading, PageTitle } from "../components/ui.js";
import { ErrorSummary, SchemaForm, initialValue, titlePath, type Schema } from "../components/SchemaForm.js";
import { DocumentsPicker } from "../components/Documents.js";
import { ProcedureFacts } from "../components/ProcedureFacts.js";
import { PossibleDuplicates, type PossibleDuplicate } from "../components/PossibleDuplicates.js";

export function IntakePage(p: { procedureId?: string }) {
  const { t, loc } = useI18n();
  const { me } = useSession();
  const list = useAsync(async () => {
    // Only procedures in force now receive dossiers; one published ahead of its date waits.
    const items = (await catalog()).filter((i) => i.inForce);
    const defs = await Promise.all(items.map((i) => procedureVersion(i.id, i.version)));
    return defs.filter((d) => d.definition.intake.roles.some((r) => me.roles.includes(r)));
  }, []);
  if (p.procedureId) return <IntakeForm procedureId={p.procedureId} />;
  return (
    <section>
      <PageTitle sub={t("intake.chooseSub")}>{t("intake.title")}</PageTitle>
      <ErrorBox error={list.error} />
      {list.loading ? (
        <Loading />
      ) : (
        <ul class="card-list">
          {(list.data ?? []).map((v) => (
            <li class="card">
              <a href={href("intake", v.id)} class="card-link">
                <strong>{loc(v.definition.title)}</strong>
              </a>
              <p class="muted small">{loc(v.definition.description)}</p>
              <p class="small mono muted">
                {v.id} · v{v.version}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function IntakeForm(p: { procedureId: string }) {
  const i18n = useI18n();
  const { t, loc, lang } = i18n;
  const { config } = useSession();
  const proc = useAsync(() => procedureVersion(p.procedureId), [p.procedureId]);
  if (proc.loading) return <Loading />;
  if (!proc.data) return <ErrorBox error={proc.error} />;
  return <IntakeFormFor v={proc.data} key={`${proc.data.id}@${proc.data.version}`} t={t} loc={loc} lang={lang} timeZone={config.timeZone} i18n={i18n} />;
}

function IntakeFormFor({ v, t, loc, lang, timeZone, i18n }: { v: ProcedureVersion; t: ReturnType<typeof useI18n>["t"]; loc: ReturnType<typeof useI18n>["loc"]; lang: "vi" | "en"; timeZone: string; i18n: ReturnType<typeof useI18n> }) {
  const schema = v.definition.form.schema as Schema;
  const [data, setFormData] = useState<Record<string, unknown>>(() => initialValue(schema));
  // Dossiers of the province holding the same declared facts (409 case.possible_duplicate): the
  // officer checks them, then receives anyway. A change to the form asks the server again.
  const [duplicates, setDuplicates] = useState<PossibleDuplicate[] | null>(null);
  const setData = (next: Record<string, unknown>) => {
    setFormData(next);
    setDuplicates(null);
  };
  const [docs, setDocs] = useState<CaseDocument[]>([]);
  const [channel, setChannel] = useState<"counter" | "online">("counter");
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ case: CaseState; appointment: string; trackingSecret?: string } | null>(null);
  // Required papers not received: the law lets the counter take the dossier anyway (the citizen
  // brings them later, and the case cannot be accepted for verification until then), but the
  // officer must see it and say so: a first submit warns, the second one receives.
  const [warnedMissing, setWarnedMissing] = useState<string[] | null>(null);
  const missing = (v.definition.form.documents ?? []).filter((d) => d.required && !docs.some((x) => x.id === d.id));

  const submit = async (e: Event | null, confirmDuplicate = false) => {
    e?.preventDefault();
    const missingIds = missing.map((d) => d.id);
    if (missingIds.length > 0 && warnedMissing?.join() !== missingIds.join()) {
      setWarnedMissing(missingIds);
      requestAnimationFrame(() => document.getElementById("intake-missing")?.focus());
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const body = { procedureId: v.id, procedureVersion: v.version, channel, data, documents: docs, ...(confirmDuplicate ? { confirmDuplicate: true } : {}) };
      const r = await api.post<{ case: CaseState; appointment: string; trackingSecret?: string }>("/cases", body);
      setErrors([]);
      setDuplicates(null);
      setDone(r);
    } catch (err) {
      if (err instanceof ApiError && err.code === "case.possible_duplicate") {
        setErrors([]);
        setDuplicates((err.body.possibleDuplicates as PossibleDuplicate[] | undefined) ?? []);
        requestAnimationFrame(() => document.getElementById("intake-duplicates")?.focus());
      } else if (err instanceof ApiError && err.errors.length > 0) {
        setErrors(err.errors);
        requestAnimationFrame(() => document.getElementById("intake-summary")?.focus());
      } else setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <section>
        <PageTitle>{t("intake.doneTitle")}</PageTitle>
        <div class="receipt" role="status" data-testid="receipt">
          <dl class="kv">
            <dt>{t("case.code")}</dt>
            <dd class="mono big" data-testid="receipt-code">{done.case.code}</dd>
            <dt>{t("case.procedure")}</dt>
            <dd>
              {loc(v.definition.title)} (v{v.version})
            </dd>
            <dt>{t("case.received")}</dt>
            <dd>{formatDateTime(done.case.receivedAt, lang, timeZone)}</dd>
            <dt>{t("intake.appointment")}</dt>
            <dd>
              <strong>{formatDateTime(done.appointment, lang, timeZone)}</strong>
            </dd>
            {done.trackingSecret && (
              <>
                <dt>{t("intake.trackingSecret")}</dt>
                <dd class="mono big" data-testid="tracking-secret">
                  {done.trackingSecret}
                </dd>
              </>
            )}
          </dl>
          <div class="btn-row">
            <button type="button" class="btn btn-primary" onClick={() => void api.download(`/cases/${encodeURIComponent(done.case.id)}/receipt.pdf`, `${done.case.code}.pdf`, done.trackingSecret ? { "tracking-secret": done.trackingSecret } : undefined)}>
              {t("intake.printReceipt")}
            </button>
            <a class="btn" href={href("cases", done.case.id)}>
              {t("intake.openCase")}
            </a>
            <button
              type="button"
              class="btn"
              onClick={() => {
                setDone(null);
                setData(initialValue(schema));
                setDocs([]);
                setWarnedMissing(null);
              }}
            >
              {t("intake.another")}
            </button>
          </div>
        </div>
      </section>
    );
  }

  return (
    <section>
      <PageTitle sub={t("case.version", { v: v.version })}>
        {t("intake.title")}: {loc(v.definition.title)}
      </PageTitle>
      <ProcedureFacts def={v.definition} />
      <form onSubmit={submit} noValidate class="intake-form" aria-label={t("intake.title")}>
        <ErrorSummary errors={errors} schema={schema} errorPrefix="/data" idPrefix="intake" titleOf={(ptr) => (ptr.startsWith("/documents") ? t("docs.title") : titlePath(schema, ptr, i18n))} />
        <fieldset class="form-group">
          <legend>{t("intake.channel")}</legend>
          <div class="seg">
            {(["counter", "online"] as const).map((c) => (
              <label class={channel === c ? "on" : ""}>
                <input type="radio" name="channel" value={c} checked={channel === c} onChange={() => setChannel(c)} />
                {t(`channel.${c}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <SchemaForm schema={schema} value={data} onChange={setData} errors={errors} errorPrefix="/data" idPrefix="intake" />
        <DocumentsPicker def={v.definition} value={docs} onChange={setDocs} errors={errors} idPrefix="intake" />
        <ErrorBox error={failure} />
        {duplicates && duplicates.length > 0 && <PossibleDuplicates def={v.definition} items={duplicates} timeZone={timeZone} busy={busy} onConfirm={() => void submit(null, true)} />}
        {warnedMissing && missing.length > 0 && (
          <div class="msg msg-warn" role="alert" id="intake-missing" tabIndex={-1} data-testid="missing-papers">
            <strong>{t("intake.missingTitle")}</strong> {missing.map((d) => loc(d.title)).join("; ")}. {t("intake.missingHint")}
          </div>
        )}
        <div class="btn-row sticky-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t("common.working") : warnedMissing && missing.length > 0 ? t("intake.submitMissing") : t("intake.submit")}
          </button>
          <a class="btn" href="#/intake">
            {t("common.cancel")}
          </a>
        </div>
      </form>
    </section>
  );
}
