// One case: who, what, which papers, every step so far, and the actions I may take now.
import { useState } from "preact/hooks";
import { api } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { procedureVersion } from "../lib/procedures.js";
import { useAsync } from "../lib/use-async.js";
import { formatDateTime } from "../lib/format.js";
import { href } from "../lib/router.js";
import type { AuditEntry, CaseState, CaseViewResponse, ConsoleConfig, OutboxMessage } from "../lib/types.js";
import { Badge, ErrorBox, Loading, Notice, PageTitle, Panel } from "../components/ui.js";
import { DeadlineBadge, ProvisionalBadge, deadlineKind } from "../components/Deadline.js";
import { DataView } from "../components/DataView.js";
import { DocumentsTable } from "../components/Documents.js";
import { Timeline, actionTitle } from "../components/Timeline.js";
import { ActionPanel } from "../components/ActionPanel.js";
import { ApologyNote, HolderPanel } from "../components/Supervision.js";
import { ExtensionNotes } from "../components/Extensions.js";
import { OutboxPanel } from "../components/Outbox.js";
import { ExtractCheck } from "../components/ExtractCheck.js";
import type { Schema } from "../components/SchemaForm.js";
import { PartsPanel, TaskPanel } from "../components/CrossUnit.js";
import { FeePanel } from "../components/Fee.js";

export function CasePage(p: { id: string }) {
  const i18n = useI18n();
  const { t, loc, lang } = i18n;
  // The step just taken and the case version it was taken on: the banner waits for the reloaded
  // case (a later version), so it never names the state the case has just left.
  const [done, setDone] = useState<{ action: string; from: number } | null>(null);
  const q = useAsync(async () => {
    const id = encodeURIComponent(p.id);
    const [view, config] = await Promise.all([api.get<CaseViewResponse>(`/cases/${id}`), api.get<ConsoleConfig>("/app/config.json")]);
    // The unit a task was asked of sees its declared part only: no history, no outbox.
    const [history, outbox] = view.case.partial
      ? [{ entries: [] as AuditEntry[] }, { items: [] as OutboxMessage[] }]
      : await Promise.all([api.get<{ case: CaseState; entries: AuditEntry[] }>(`/cases/${id}/history`), api.get<{ items: OutboxMessage[] }>(`/cases/${id}/outbox`)]);
    const def = (await procedureVersion(view.case.procedureId, view.case.procedureVersion)).definition;
    return { view, entries: history.entries, outbox: outbox.items, def, config };
  }, [p.id]);
  if (q.loading && !q.data) return <Loading />;
  if (!q.data) return <ErrorBox error={q.error} />;
  const { view, entries, outbox, def, config } = q.data;
  const c = view.case;
  const state = def.states[c.state];

  return (
    <article class="case-page" aria-labelledby="page-h1">
      <p class="crumbs">
        <a href="#/inbox">← {t("nav.inbox")}</a>
      </p>
      <PageTitle
        sub={
          <>
            {loc(def.title)} · <span data-testid="procedure-version">{t("case.version", { v: c.procedureVersion })}</span>
            {c.channel && <> · {t(`channel.${c.channel}`)}</>}
          </>
        }
      >
        <span class="mono">{c.code}</span>
      </PageTitle>
      <div class="case-status">
        <Badge tone={c.closedAt ? "neutral" : "info"}>
          <span data-testid="case-state">{loc(state?.title) || c.state}</span>
        </Badge>
        <DeadlineBadge kind={deadlineKind(c, config.now, config.timeZone)} />
        {!c.partial && (
          <span class="small">
            {t("case.received")}: <strong>{formatDateTime(c.receivedAt, lang, config.timeZone)}</strong>
          </span>
        )}
        <span class="small">
          {t("case.due")}: <strong>{formatDateTime(c.dueAt, lang, config.timeZone)}</strong>
          {!c.partial && c.dueAt !== c.originalDueAt && <span class="muted"> ({t("case.originalDue")} {formatDateTime(c.originalDueAt, lang, config.timeZone)})</span>}
        </span>
        {c.dueProvisional && (
          <span class="small">
            <ProvisionalBadge c={c} /> <span class="muted">{t("deadline.provisionalHint")}</span>
          </span>
        )}
        {c.pausedWorkingDays > 0 && <span class="small">{t("case.pausedDays", { n: c.pausedWorkingDays })}</span>}
      </div>
      <ApologyNote c={c} />
      <ExtensionNotes c={c} />
      {done && c.version > done.from && (
        <Notice tone="ok">
          {t("case.done", { action: actionTitle(def, done.action, i18n), state: loc(state?.title) || c.state })}
        </Notice>
      )}
      <div class="case-grid">
        <div class="case-main">
          <TaskPanel c={c} timeZone={config.timeZone} />
          {view.parts && <PartsPanel parts={view.parts} def={def} timeZone={config.timeZone} />}
          <Panel id="h-data" title={t("case.data")}>
            <DataView schema={def.form.schema as Schema} data={c.data} />
          </Panel>
          <Panel id="h-docs" title={t("docs.title")}>
            <DocumentsTable def={def} docs={c.documents} />
          </Panel>
          {c.fee && (
            <Panel id="h-fee" title={t("fee.title")}>
              <FeePanel
                c={c}
                def={def}
                onDone={() => {
                  setDone({ action: "system:payment", from: c.version });
                  q.reload();
                }}
              />
            </Panel>
          )}
        </div>
        <aside class="case-side">
          <Panel id="h-actions" title={t("case.actions")} class="panel-actions">
            {!c.partial && (
              <HolderPanel
                c={c}
                def={def}
                onDone={(step) => {
                  setDone({ action: step, from: c.version });
                  q.reload();
                }}
              />
            )}
            <ActionPanel
              c={c}
              def={def}
              actions={view.actions}
              registerBooks={view.registerBooks ?? []}
              onDone={(a) => {
                setDone({ action: a, from: c.version });
                q.reload();
              }}
            />
          </Panel>
          {!c.partial && (
            <>
              <Panel id="h-timeline" title={t("case.timeline")}>
                <Timeline entries={entries} def={def} afterSignature={(e) => <ExtractCheck code={c.code} digest={e.signature!.payloadDigest} />} />
              </Panel>
              <OutboxPanel items={outbox} timeZone={config.timeZone} />
            </>
          )}
        </aside>
      </div>
      <p class="small muted">
        <a href={href("procedures", c.procedureId)}>{t("case.seeDiagram")}</a>
      </p>
    </article>
  );
}
