// The auditor's search: cases (open and closed) across the units they oversee, and audit entries
// by official, unit, procedure and period.
import { useState } from "preact/hooks";
import { api, query } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { catalog, procedureVersion } from "../lib/procedures.js";
import { useNames, type Names } from "../lib/directory.js";
import type { Procedure } from "../lib/types.js";
import { actionTitle } from "../components/Timeline.js";
import { useAsync } from "../lib/use-async.js";
import { formatDateTime } from "../lib/format.js";
import { href, navigate } from "../lib/router.js";
import type { AuditEntryRow, InboxItem } from "../lib/types.js";
import { ErrorBox, Loading, PageTitle, Tabs, DataTable } from "../components/ui.js";
import { summaryOf } from "./Inbox.js";
import type { Schema } from "../components/SchemaForm.js";
import { DateInput } from "../components/DateInput.js";

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

/** The procedure versions named as "id@version", for titles of procedures, states and actions. */
function useDefinitions(keys: string[]) {
  const unique = [...new Set(keys)].sort();
  return useAsync(async () => {
    const m = new Map<string, Procedure>();
    await Promise.all(unique.map(async (k) => {
      const at = k.lastIndexOf("@");
      m.set(k, (await procedureVersion(k.slice(0, at), Number(k.slice(at + 1)))).definition);
    }));
    return m;
  }, [unique.join("|")]);
}

/** A choice of the directory's units (or officials) by name; the value sent is the code. */
function NameSelect(p: { id: string; label: string; value: string; options: Array<{ value: string; label: string }>; onChange(v: string): void }) {
  const { t } = useI18n();
  return (
    <div class="field field-inline">
      <label for={p.id}>{p.label}</label>
      <select id={p.id} value={p.value} onChange={(e) => p.onChange(e.currentTarget.value)}>
        <option value="">{t("common.all")}</option>
        {p.options.map((o) => (
          <option value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

const unitOptions = (n: Names) => n.units.map((u) => ({ value: u.code, label: u.name }));

function CaseSearch() {
  const { t, lang } = useI18n();
  const { config } = useSession();
  const [code, setCode] = useState("");
  const [procedure, setProcedure] = useState("");
  const [unit, setUnit] = useState("");
  const [applied, setApplied] = useState({ procedure: "", unit: "" });
  const list = useAsync(() => api.get<{ items: InboxItem[] }>(`/cases${query({ closed: true, procedure: applied.procedure, unit: applied.unit, limit: 200 })}`), [applied]);
  const names = useNames();
  const { loc } = useI18n();
  const defs = useDefinitions((list.data?.items ?? []).map((c) => `${c.procedureId}@${c.procedureVersion}`));
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
        <NameSelect id="a-unit" label={t("audit.unit")} value={unit} options={unitOptions(names)} onChange={setUnit} />
        <button type="submit" class="btn btn-primary">
          {t("common.search")}
        </button>
      </form>
      <ErrorBox error={list.error} />
      {list.loading ? (
        <Loading />
      ) : (
        <DataTable columns={[t("case.code"), t("inbox.procedure"), t("inbox.subject"), t("audit.unit"), t("inbox.state"), t("case.received"), t("audit.closed")]} caption={t("audit.tabCases")} testId="audit-cases">
          {(list.data?.items ?? []).map((c) => {
            const def = defs.data?.get(`${c.procedureId}@${c.procedureVersion}`);
            return (
            <tr>
              <td>
                <a class="mono" href={href("audit", "cases", c.id)}>
                  {c.code}
                </a>
              </td>
              <td>
                {def ? loc(def.title) : c.procedureId} <span class="muted small">{t("case.version", { v: c.procedureVersion })}</span>
              </td>
              <td>{summaryOf(c.data, def?.form.schema as Schema | undefined)}</td>
              <td>{names.unit(c.unit)}</td>
              <td>{loc(def?.states[c.state]?.title) || c.state}</td>
              <td class="nowrap">{formatDateTime(c.receivedAt, lang, config.timeZone)}</td>
              <td class="nowrap">{c.closedAt ? formatDateTime(c.closedAt, lang, config.timeZone) : "—"}</td>
            </tr>
            );
          })}
        </DataTable>
      )}
    </>
  );
}

function EntrySearch() {
  const i18n = useI18n();
  const { t, lang, loc, maybe } = i18n;
  const names = useNames();
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
  const defs = useDefinitions((list.data?.items ?? []).map((r) => r.entry.procedure));
  const input = (id: keyof typeof f, label: string, type: "text" | "date" = "text", placeholder?: string) => (
    <div class="field field-inline">
      <label for={`e-${id}`}>{label}</label>
      {type === "date" ? (
        <DateInput id={`e-${id}`} value={f[id]} onValue={(v) => setF({ ...f, [id]: v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : "" })} />
      ) : (
        <input id={`e-${id}`} type="text" value={f[id]} placeholder={placeholder} onInput={(e) => setF({ ...f, [id]: e.currentTarget.value })} />
      )}
    </div>
  );
  return (
    <>
      <form class="filters" onSubmit={(e) => (e.preventDefault(), setApplied(f))}>
        <NameSelect id="e-official" label={t("audit.official")} value={f.official} options={names.officials.map((o) => ({ value: o.id, label: o.fullName }))} onChange={(v) => setF({ ...f, official: v })} />
        <NameSelect id="e-unit" label={t("audit.unit")} value={f.unit} options={unitOptions(names)} onChange={(v) => setF({ ...f, unit: v })} />
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
            {(list.data?.items ?? []).map((r) => {
              const def = defs.data?.get(r.entry.procedure);
              return (
              <tr>
                <td class="nowrap">{formatDateTime(r.entry.at, lang, config.timeZone)}</td>
                <td>
                  <a class="mono small" href={href("audit", "cases", r.caseId)}>
                    {r.caseCode ?? r.caseId}
                  </a>
                </td>
                <td class="mono">{r.seq}</td>
                <td>{actionTitle(def, r.entry.action, i18n)}</td>
                <td>{names.official(r.entry.actor.id)}</td>
                <td>{loc(def?.roles.find((x) => x.id === r.entry.actor.role)?.title) || maybe(`role.${r.entry.actor.role}`) || r.entry.actor.role}</td>
                <td>{names.unit(r.entry.actor.unit)}</td>
                <td>{def ? loc(def.title) : r.entry.procedure}</td>
                <td>{r.entry.signature ? "✍" : ""}</td>
              </tr>
              );
            })}
          </DataTable>
          {list.data && list.data.items.length === 0 && <p class="empty">{t("audit.noEntries")}</p>}
        </div>
      )}
    </>
  );
}
