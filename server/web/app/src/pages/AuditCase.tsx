// A case for the auditor: every step with its actor and signature evidence, one-click
// verification of the whole history (hash chain, the case row against it, server seals,
// signatures, inclusion in the signed log) with each check and finding shown, who read the case's
// personal data, and the evidence bundle to download and verify offline.
import { useState } from "preact/hooks";
import { api } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { useNames } from "../lib/directory.js";
import { useSession } from "../lib/session.js";
import { procedureVersion } from "../lib/procedures.js";
import { useAsync } from "../lib/use-async.js";
import { formatDateTime } from "../lib/format.js";
import type { AuditCaseResponse, BundleReport, Finding } from "../lib/types.js";
import { Badge, ErrorBox, Loading, Notice, PageTitle, DataTable, Panel } from "../components/ui.js";
import { Timeline, actionTitle } from "../components/Timeline.js";
import { DataView } from "../components/DataView.js";
import type { Schema } from "../components/SchemaForm.js";

export function AuditCasePage(p: { id: string }) {
  const i18n = useI18n();
  const { t, loc, lang } = i18n;
  const names = useNames();
  const { config } = useSession();
  const q = useAsync(async () => {
    const r = await api.get<AuditCaseResponse>(`/audit/cases/${encodeURIComponent(p.id)}`);
    const def = (await procedureVersion(r.case.procedureId, r.case.procedureVersion)).definition;
    return { ...r, def };
  }, [p.id]);
  const [report, setReport] = useState<BundleReport | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [downloaded, setDownloaded] = useState<string | null>(null);

  if (q.loading && !q.data) return <Loading />;
  if (!q.data) return <ErrorBox error={q.error} />;
  const { def, entries, reads } = q.data;
  const c = q.data.case;

  const verify = async () => {
    setVerifying(true);
    setError(null);
    try {
      setReport(await api.post<BundleReport>(`/audit/cases/${encodeURIComponent(c.id)}/verify`));
      requestAnimationFrame(() => document.getElementById("verify-result")?.focus());
    } catch (e) {
      setError(e);
    } finally {
      setVerifying(false);
    }
  };
  const download = async () => {
    setError(null);
    try {
      setDownloaded(await api.download(`/audit/cases/${encodeURIComponent(c.id)}/bundle`, `evidence-${c.code}.json`));
    } catch (e) {
      setError(e);
    }
  };
  const checks = report ? new Map(report.entries.map((e) => [e.seq, { ok: e.ok }])) : undefined;

  return (
    <article>
      <p class="crumbs">
        <a href="#/audit">← {t("nav.audit")}</a>
      </p>
      <PageTitle sub={`${loc(def.title)} · ${t("case.version", { v: c.procedureVersion })} · ${names.unit(c.unit)}`}>
        <span class="mono">{c.code}</span>
      </PageTitle>
      <div class="case-status">
        <Badge tone={c.closedAt ? "neutral" : "info"}>{loc(def.states[c.state]?.title) || c.state}</Badge>
        <span class="small">
          {t("case.received")}: <strong>{formatDateTime(c.receivedAt, lang, config.timeZone)}</strong>
        </span>
        {c.closedAt && (
          <span class="small">
            {t("audit.closed")}: <strong>{formatDateTime(c.closedAt, lang, config.timeZone)}</strong>
          </span>
        )}
        <span class="small mono muted">
          {t("audit.head")}: {c.auditHead.slice(0, 16)}…
        </span>
      </div>
      <div class="btn-row">
        <button type="button" class="btn btn-primary" onClick={verify} disabled={verifying}>
          {verifying ? t("common.working") : t("audit.verify")}
        </button>
        <button type="button" class="btn" onClick={download}>
          {t("audit.bundle")}
        </button>
      </div>
      <ErrorBox error={error} />
      {downloaded && <Notice tone="info">{t("audit.downloaded", { name: downloaded })}</Notice>}
      {report && <VerifyReport report={report} entryTitle={(a) => actionTitle(def, a, i18n)} />}
      <div class="case-grid">
        <div class="case-main">
          <Panel id="h-tl" title={t("case.timeline")}>
            <Timeline entries={entries.map((e) => e.entry)} def={def} detailed checks={checks} />
          </Panel>
        </div>
        <aside class="case-side">
          <Panel id="h-data" title={t("case.data")}>
            <DataView schema={def.form.schema as Schema} data={c.data} altered={alteredFields(report)} />
          </Panel>
          <Panel id="h-reads" title={t("audit.reads")}>
            <ul class="plain small" data-testid="reads">
              {reads.map((v, i) => {
                // After a verification, each read record's own checks (hash, seal, place in the log).
                const checked = report?.reads[i];
                return (
                  <li data-stream={v.stream}>
                    {formatDateTime(v.at, lang, config.timeZone)} · <span data-official={v.actorId}>{names.official(v.actorId)}</span>
                    {v.route && <span class="muted"> · {t("audit.readRoute")} <span class="mono">{v.route}</span></span>}
                    {v.purpose && <span> · {t("audit.readPurpose")}: {v.purpose}</span>}
                    {checked && <span class={checked.ok ? "ok-text" : "fail-text"}> · {checked.ok ? "✓" : "✗"} {t("audit.readSealed")}</span>}
                  </li>
                );
              })}
              {reads.length === 0 && <li class="muted">—</li>}
            </ul>
          </Panel>
        </aside>
      </div>
    </article>
  );
}

/** Dossier fields the verification found changed against the chain, as pointers into the data. */
function alteredFields(r: BundleReport | null): Set<string> {
  const out = new Set<string>();
  for (const f of r?.findings ?? []) {
    const ptr = f.params?.pointer;
    if (f.reason === "case.field-mismatch" && typeof ptr === "string" && ptr.startsWith("/data/")) out.add(ptr.slice(5));
  }
  return out;
}

/** The columns of the verification table, in the order the verifier runs them. */
const CHECKS = ["hash", "link", "state", "row", "seal", "signature", "inclusion"] as const;

function VerifyReport(p: { report: BundleReport; entryTitle(action: string): string }) {
  const { t, maybe, phrase } = useI18n();
  const r = p.report;
  // The server's findings in the reader's language; its English text when a code is new to this console.
  const say = (f: Finding, english: string): string => {
    const params: Record<string, string | number> = { ...f.params };
    if (f.reason === "signature.refused" && typeof params.code === "string") params.code = maybe(`err.${params.code}`) ?? params.code;
    return phrase(`verify.${f.reason}`, params) ?? english;
  };
  const badEntry = r.entries.find((e) => !e.ok);
  const badCheck = badEntry?.checks.find((c) => !c.ok && !c.pending);
  const firstFailure = !r.firstFailure
    ? undefined
    : !r.checkpoint.ok
      ? say(r.checkpoint, r.checkpoint.detail)
      : badEntry && badCheck
        ? t("verify.entryFailure", { seq: badEntry.seq, action: p.entryTitle(badEntry.action), what: say(badCheck, badCheck.detail) })
        : r.findings[0]
          ? say(r.findings[0], r.problems[0] ?? r.firstFailure)
          : r.firstFailure;
  return (
    <section class={`panel verify ${r.ok ? "verify-ok" : "verify-fail"}`} id="verify-result" tabIndex={-1} aria-labelledby="h-verify" data-testid="verify-report">
      <h2 id="h-verify">
        {r.ok ? "✓ " : "✗ "}
        {r.ok ? t("audit.verifiedOk") : t("audit.verifiedFail")}
      </h2>
      {firstFailure && <p class="msg msg-error">{firstFailure}</p>}
      <p class="small">
        <strong>{t("audit.checkpoint")}:</strong> {r.checkpoint.ok ? "✓" : "✗"} {say(r.checkpoint, r.checkpoint.detail)}
        {r.checkpoint.rootHash && <span class="mono muted"> · root {r.checkpoint.rootHash.slice(0, 16)}…</span>}
      </p>
      {r.problems.length > 0 && (
        <ul class="msg msg-error">
          {r.problems.map((x, i) => (
            <li>{r.findings[i] ? say(r.findings[i], x) : x}</li>
          ))}
        </ul>
      )}
      <DataTable columns={["#", t("audit.action"), ...CHECKS.map((c) => maybe(`check.${c}`) ?? c)]} caption={t("audit.checksCaption")} compact wrap={false}>
        {r.entries.map((e) => (
          <tr data-seq={e.seq}>
            <td class="mono">{e.seq}</td>
            <td>{p.entryTitle(e.action)}</td>
            {CHECKS.map((name) => {
              const ch = e.checks.find((x) => x.check === name);
              if (!ch) return <td class="muted">—</td>;
              const label = ch.ok ? t("audit.pass") : ch.pending ? t("audit.pending") : t("audit.fail");
              return (
                <td class={ch.ok ? "ok-text" : ch.pending ? "warn-text" : "fail-text"} title={say(ch, ch.detail)}>
                  {ch.ok ? "✓" : ch.pending ? "…" : "✗"} {label}
                  <span class="check-detail">{say(ch, ch.detail)}</span>
                </td>
              );
            })}
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
