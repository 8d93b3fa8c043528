// The inbox: open cases of my unit, by default only those waiting in a queue my roles own,
// ordered by due date, with deadline badges and filters (procedure, step, overdue).
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, query } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { useSession } from "../lib/session.js";
import { catalog, procedureVersion } from "../lib/procedures.js";
import { useAsync } from "../lib/use-async.js";
import { formatDateTime, shortRole } from "../lib/format.js";
import { href } from "../lib/router.js";
import type { ConsoleConfig, InboxItem, ProcedureVersion } from "../lib/types.js";
import { Badge, ErrorBox, Loading, PageTitle, DataTable } from "../components/ui.js";
import { DeadlineBadge, ProvisionalBadge, deadlineKind } from "../components/Deadline.js";
import { resolve, type Schema } from "../components/SchemaForm.js";
import { CaseSearch } from "../components/CaseSearch.js";
import { useNames } from "../lib/directory.js";

interface Filters {
  procedure: string;
  state: string;
  overdue: boolean;
  scope: "mine" | "unit";
}

/**
 * What identifies a dossier in a list (for a birth: the child's name): the first free-text field
 * in the form's order, skipping choices and dates.
 */
export function summaryOf(data: unknown, schema?: Schema, root: Schema | undefined = schema): string {
  if (!data || typeof data !== "object") return "";
  if (!schema || !root) return "";
  for (const [k, raw] of Object.entries((schema.properties as Record<string, Schema>) ?? {})) {
    const s = resolve(raw, root);
    const v = (data as Record<string, unknown>)[k];
    if (typeof v === "string" && s.type === "string" && !s.format && !s.enum && !s.pattern) return v;
    if (v && typeof v === "object") {
      const inner = summaryOf(v, s, root);
      if (inner) return inner;
    }
  }
  return "";
}

export function InboxPage() {
  const i18n = useI18n();
  const { t, loc, lang } = i18n;
  const { me } = useSession();
  const names = useNames();
  // A head of unit owns no queue of their own: they start from the whole unit's cases.
  const [f, setF] = useState<Filters>({ procedure: "", state: "", overdue: false, scope: me.roles.includes("supervisor") ? "unit" : "mine" });
  const [pages, setPages] = useState<InboxItem[][]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  // The latest version of each procedure, for the filter choices (procedures and their steps).
  const cat = useAsync(async () => Promise.all((await catalog()).map((i) => procedureVersion(i.id, i.version))), []);

  const list = useAsync(async () => {
    const [config, page] = await Promise.all([
      api.get<ConsoleConfig>("/app/config.json"),
      api.get<{ items: InboxItem[]; nextCursor: string | null }>(`/cases${query({ procedure: f.procedure, state: f.state, overdue: f.overdue, limit: 100 })}`),
    ]);
    // Each case is worked under its own procedure version: its queue owner comes from that version.
    const defs = new Map<string, ProcedureVersion>();
    await Promise.all(
      [...new Set(page.items.map((c) => `${c.procedureId}@${c.procedureVersion}`))].map(async (k) => {
        const [id, v] = k.split("@");
        defs.set(k, await procedureVersion(id!, Number(v)));
      }),
    );
    return { config, page, defs };
  }, [f.procedure, f.state, f.overdue]);

  useEffect(() => {
    if (list.data) {
      setPages([list.data.page.items]);
      setCursor(list.data.page.nextCursor);
    }
  }, [list.data]);

  const loadMore = async () => {
    if (!cursor) return;
    const next = await api.get<{ items: InboxItem[]; nextCursor: string | null }>(`/cases${query({ procedure: f.procedure, state: f.state, overdue: f.overdue, limit: 100, cursor })}`);
    for (const k of new Set(next.items.map((c) => `${c.procedureId}@${c.procedureVersion}`))) {
      const [id, v] = k.split("@");
      list.data?.defs.set(k, await procedureVersion(id!, Number(v)));
    }
    setPages((p) => [...p, next.items]);
    setCursor(next.nextCursor);
  };

  const stateOptions = useMemo(() => stateChoices(cat.data ?? [], f.procedure), [cat.data, f.procedure]);
  const rows = pages.flat().map((c) => {
    const def = list.data?.defs.get(`${c.procedureId}@${c.procedureVersion}`)?.definition;
    const st = def?.states[c.state];
    return { c, def, st, owner: st?.owner };
  });
  const shown = f.scope === "mine" ? rows.filter((r) => r.owner && me.roles.includes(r.owner)) : rows;
  const config = list.data?.config;
  const counts = { overdue: 0, today: 0 };
  if (config) for (const r of shown) {
    const k = deadlineKind(r.c, config.now, config.timeZone, r.c.deadline);
    if (k === "overdue") counts.overdue++;
    if (k === "today") counts.today++;
  }

  return (
    <section aria-labelledby="page-h1">
      <PageTitle sub={t("inbox.sub", { unit: names.unit(me.unit) })}>{t("inbox.title")}</PageTitle>
      {list.data && <CaseSearch timeZone={list.data.config.timeZone} />}
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t("inbox.filters")}>
        <fieldset class="seg" aria-label={t("inbox.scope")}>
          <legend class="sr-only">{t("inbox.scope")}</legend>
          <label class={f.scope === "mine" ? "on" : ""}>
            <input type="radio" name="scope" value="mine" checked={f.scope === "mine"} onChange={() => setF({ ...f, scope: "mine" })} />
            {t("inbox.scope.mine")}
          </label>
          <label class={f.scope === "unit" ? "on" : ""}>
            <input type="radio" name="scope" value="unit" checked={f.scope === "unit"} onChange={() => setF({ ...f, scope: "unit" })} />
            {t("inbox.scope.unit")}
          </label>
        </fieldset>
        <div class="field field-inline">
          <label for="f-procedure">{t("inbox.procedure")}</label>
          <select id="f-procedure" value={f.procedure} onChange={(e) => setF({ ...f, procedure: e.currentTarget.value, state: "" })}>
            <option value="">{t("common.all")}</option>
            {(cat.data ?? []).map((p) => (
              <option value={p.id}>{loc(p.definition.title)}</option>
            ))}
          </select>
        </div>
        <div class="field field-inline">
          <label for="f-state">{t("inbox.state")}</label>
          <select id="f-state" value={f.state} onChange={(e) => setF({ ...f, state: e.currentTarget.value })}>
            <option value="">{t("common.all")}</option>
            {stateOptions.map(([id, title]) => (
              <option value={id}>{loc(title)}</option>
            ))}
          </select>
        </div>
        <label class="check">
          <input type="checkbox" checked={f.overdue} onChange={(e) => setF({ ...f, overdue: e.currentTarget.checked })} />
          {t("inbox.overdueOnly")}
        </label>
        <button type="button" class="btn" onClick={list.reload}>
          {t("common.refresh")}
        </button>
      </form>

      <ErrorBox error={list.error ?? cat.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <>
          <p class="summary" role="status" aria-live="polite">
            {t("inbox.count", { n: shown.length })}
            {counts.overdue > 0 && <span class="sum-danger"> · {t("inbox.countOverdue", { n: counts.overdue })}</span>}
            {counts.today > 0 && <span class="sum-warn"> · {t("inbox.countToday", { n: counts.today })}</span>}
          </p>
          {shown.length === 0 ? (
            <p class="empty">{t("inbox.empty")}</p>
          ) : (
            <DataTable columns={[t("case.code"), t("inbox.procedure"), t("inbox.subject"), t("inbox.state"), t("inbox.queue"), t("case.received"), t("case.due"), t("inbox.deadline")]} caption={t("inbox.title")} testId="inbox-table">
              {shown.map(({ c, def, st, owner }) => (
                <tr>
                  <td class="nowrap">
                    <a href={href("cases", c.id)} class="mono">
                      {c.code}
                    </a>
                  </td>
                  <td>
                    {def ? loc(def.title) : c.procedureId} <span class="muted">v{c.procedureVersion}</span>
                  </td>
                  <td>{summaryOf(c.data, def?.form.schema as Schema | undefined)}</td>
                  <td>
                    {st ? loc(st.title) : c.state}
                    {c.partial && (
                      <span class="small" data-testid="task-badge">
                        {" "}
                        <Badge tone="info">{t("task.badge", { unit: c.unit })}</Badge>
                      </span>
                    )}
                  </td>
                  <td>
                    {owner ? shortRole(loc(def?.roles.find((r) => r.id === owner)?.title) || owner) : "—"}
                    {c.assignee && (c.assigneeRole == null || c.assigneeRole === owner) && (
                      <span class="held small">{c.assignee === me.id ? t("inbox.heldByMe") : t("inbox.heldBy", { who: c.assignee })}</span>
                    )}
                  </td>
                  <td class="nowrap">{c.partial ? "—" : formatDateTime(c.receivedAt, lang, config!.timeZone)}</td>
                  <td class="nowrap">
                    {formatDateTime(c.dueAt, lang, config!.timeZone)} <ProvisionalBadge c={c} />
                  </td>
                  <td>
                    <DeadlineBadge kind={deadlineKind(c, config!.now, config!.timeZone, c.deadline)} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          {cursor && (
            <button type="button" class="btn" onClick={loadMore}>
              {t("inbox.more")}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** Steps to filter on: the chosen procedure's open states, or every open state id in the catalog. */
function stateChoices(defs: ProcedureVersion[], procedure: string): Array<[string, { vi: string; en?: string }]> {
  const out = new Map<string, { vi: string; en?: string }>();
  for (const v of defs) {
    if (procedure && v.id !== procedure) continue;
    for (const [id, s] of Object.entries(v.definition.states)) if (s.kind !== "final" && !out.has(id)) out.set(id, s.title);
  }
  return [...out.entries()];
}
