// The auditor's search: cases (open and closed) across the units they oversee, and audit entries
// by official, unit, procedure and period.
import { useState } from "preact/hooks";
import { api, query } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { catalog } from "../lib/procedures.js";
import { useAsync } from "../lib/use-async.js";
import { formatDateTime } from "../lib/format.js";
import { href, navigate } from "../lib/router.js";
import type { AuditEntryRow, InboxItem } from "../lib/types.js";
import { ErrorBox, Loading, PageTitle, Tabs, DataTable } from "../components/ui.js";
import { summaryOf } from "./Inbox.js";

export function AuditSearchPage(p: { tab: "cases" | "entries" }) {
  const { t } = useI18n();
  return (
    <section>
      <PageTitle sub={t("audit.sub")}>{t("audit.title")}</PageTitle>
      <Tabs
        idPrefix="audit"
        label={t("audit.title")}
        active={p.tab}
        onSelect={(id) => navigate(id === "cases" ? "/audit" : "/audit/entries")}
        tabs={[
          { id: "cases", label: t("audit.tabCases") },
          { id: "entries", label: t("audit.tabEntries") },
        ]}
      >
        {p.tab === "cases" ? <CaseSearch /> : <EntrySearch />}
      </Tabs>
    </section>
  );
}

function ProcedureSelect(p: { id: string; value: string; onChange(v: string): void }) {
  const { t, loc } = useI18n();
  const cat = useAsync(catalog, []);
  return (
    <div class="field field-inline">
      <label for={p.id}>{t("inbox.procedure")}</label>
      <select id={p.id} value={p.value} onChange={(e) => p.onChange(e.currentTarget.value)}>
        <option value="">{t("common.all")}</option>
        {(cat.data ?? []).map((c) => (
          <option value={c.id}>{loc(c.title)}</option>
        ))}
      </select>
    </div>
  );
}

function CaseSearch() {
  const { t, lang } = useI18n();
  const { config } = useSession();
  const [code, setCode] = useState("");
  const [procedure, setProcedure] = useState("");
  const [unit, setUnit] = useState("");
  const [applied, setApplied] = useState({ procedure: "", unit: "" });
  const list = useAsync(() => api.get<{ items: InboxItem[] }>(`/cases${query({ closed: true, procedure: applied.procedure, unit: applied.unit, limit: 200 })}`), [applied]);
  return (
    <>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (code.trim()) navigate(`/audit/cases/${encodeURIComponent(code.trim())}`);
          else setApplied({ procedure, unit });
        }}
      >
        <div class="field field-inline">
          <label for="a-code">{t("audit.byCode")}</label>
          <input id="a-code" value={code} onInput={(e) => setCode(e.currentTarget.value)} placeholder="HS-…" class="mono" />
        </div>
        <ProcedureSelect id="a-procedure" value={procedure} onChange={setProcedure} />
        <div class="field field-inline">
          <label for="a-unit">{t("audit.unit")}</label>
          <input id="a-unit" value={unit} onInput={(e) => setUnit(e.currentTarget.value)} placeholder="01-ba-dinh" />
        </div>
        <button type="submit" class="btn btn-primary">
          {t("common.search")}
        </button>
      </form>
      <ErrorBox error={list.error} />
      {list.loading ? (
        <Loading />
      ) : (
        <DataTable columns={[t("case.code"), t("inbox.procedure"), t("inbox.subject"), t("audit.unit"), t("inbox.state"), t("case.received"), t("audit.closed")]} caption={t("audit.tabCases")} testId="audit-cases">
          {(list.data?.items ?? []).map((c) => (
            <tr>
              <td>
                <a class="mono" href={href("audit", "cases", c.id)}>
                  {c.code}
                </a>
              </td>
              <td class="mono small">
                {c.procedureId}@{c.procedureVersion}
              </td>
              <td>{summaryOf(c.data)}</td>
              <td>{c.unit}</td>
              <td>{c.state}</td>
              <td class="nowrap">{formatDateTime(c.receivedAt, lang, config.timeZone)}</td>
              <td class="nowrap">{c.closedAt ? formatDateTime(c.closedAt, lang, config.timeZone) : "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

function EntrySearch() {
  const { t, lang } = useI18n();
  const { config } = useSession();
  const [f, setF] = useState({ official: "", unit: "", procedure: "", from: "", to: "" });
  const [applied, setApplied] = useState(f);
  // Dates are whole local days in the calendar's zone: "to" includes that day.
  const dayStart = (d: string) => (d ? new Date(`${d}T00:00:00+07:00`).toISOString() : undefined);
  const nextDay = (d: string) => (d ? new Date(Date.parse(`${d}T00:00:00+07:00`) + 86_400_000).toISOString() : undefined);
  const list = useAsync(
    () => api.get<{ items: AuditEntryRow[] }>(`/audit/entries${query({ official: applied.official, unit: applied.unit, procedure: applied.procedure, from: dayStart(applied.from), to: nextDay(applied.to) })}`),
    [applied],
  );
  const input = (id: keyof typeof f, label: string, type: "text" | "date" = "text", placeholder?: string) => (
    <div class="field field-inline">
      <label for={`e-${id}`}>{label}</label>
      {type === "date" ? (
        <input id={`e-${id}`} type="date" value={f[id]} onInput={(e) => setF({ ...f, [id]: e.currentTarget.value })} />
      ) : (
        <input id={`e-${id}`} type="text" value={f[id]} placeholder={placeholder} onInput={(e) => setF({ ...f, [id]: e.currentTarget.value })} />
      )}
    </div>
  );
  return (
    <>
      <form class="filters" onSubmit={(e) => (e.preventDefault(), setApplied(f))}>
        {input("official", t("audit.official"), "text", "o-chutich")}
        {input("unit", t("audit.unit"), "text", "01-ba-dinh")}
        <ProcedureSelect id="e-procedure" value={f.procedure} onChange={(v) => setF({ ...f, procedure: v })} />
        {input("from", t("audit.from"), "date")}
        {input("to", t("audit.to"), "date")}
        <button type="submit" class="btn btn-primary">
          {t("common.search")}
        </button>
      </form>
      <ErrorBox error={list.error} />
      {list.loading ? (
        <Loading />
      ) : (
        <div class="table-wrap">
          <DataTable columns={[t("audit.at"), t("audit.case"), "#", t("audit.action"), t("audit.official"), t("audit.role"), t("audit.unit"), t("audit.procedure"), t("timeline.signed")]} caption={t("audit.tabEntries")} wrap={false} testId="audit-entries">
            {(list.data?.items ?? []).map((r) => (
              <tr>
                <td class="nowrap">{formatDateTime(r.entry.at, lang, config.timeZone)}</td>
                <td>
                  <a class="mono small" href={href("audit", "cases", r.caseId)}>
                    {r.caseId.slice(0, 8)}…
                  </a>
                </td>
                <td class="mono">{r.seq}</td>
                <td>{r.entry.action}</td>
                <td class="mono small">{r.entry.actor.id}</td>
                <td>{r.entry.actor.role}</td>
                <td>{r.entry.actor.unit}</td>
                <td class="mono small">{r.entry.procedure}</td>
                <td>{r.entry.signature ? "✍" : ""}</td>
              </tr>
            ))}
          </DataTable>
          {list.data && list.data.items.length === 0 && <p class="empty">{t("audit.noEntries")}</p>}
        </div>
      )}
    </>
  );
}
