// Finding any dossier, open or closed, from what the citizen says at the counter: a name (typed with
// or without accents), a personal ID number, a phone number or the case code (GET /cases/search).
import { useState } from "preact/hooks";
import { api, query } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { procedureVersion } from "../lib/procedures.js";
import { formatDateTime } from "../lib/format.js";
import { href } from "../lib/router.js";
import type { InboxItem, ProcedureVersion } from "../lib/types.js";
import { DataTable, ErrorBox } from "./ui.js";
import { summaryOf } from "../pages/Inbox.js";
import type { Schema } from "./SchemaForm.js";

interface Found {
  q: string;
  items: InboxItem[];
  defs: Map<string, ProcedureVersion>;
}

export function CaseSearch(p: { timeZone: string }) {
  const { t, loc, lang } = useI18n();
  const [q, setQ] = useState("");
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.get<{ items: InboxItem[] }>(`/cases/search${query({ q: q.trim(), limit: 50 })}`);
      const defs = new Map<string, ProcedureVersion>();
      await Promise.all([...new Set(r.items.map((c) => `${c.procedureId}@${c.procedureVersion}`))].map(async (k) => {
        const [id, v] = k.split("@");
        defs.set(k, await procedureVersion(id!, Number(v)));
      }));
      setFound({ q: q.trim(), items: r.items, defs });
    } catch (err) {
      setError(err);
      setFound(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="case-search" aria-labelledby="search-h">
      <h2 id="search-h" class="sr-only">{t("search.title")}</h2>
      <form role="search" onSubmit={submit} class="search-form">
        <div class="field field-inline">
          <label for="case-search">{t("search.label")}</label>
          <input id="case-search" type="search" value={q} minLength={3} maxLength={100} onInput={(e) => setQ(e.currentTarget.value)} aria-describedby="case-search-hint" />
          <button type="submit" class="btn" disabled={busy}>
            {t("search.submit")}
          </button>
        </div>
        <span class="hint" id="case-search-hint">
          {t("search.hint")}
        </span>
      </form>
      <ErrorBox error={error} />
      {found && (
        <div data-testid="search-results">
          <p class="summary" role="status" aria-live="polite">
            {t("search.count", { n: found.items.length, q: found.q })}
          </p>
          {found.items.length > 0 && (
            <DataTable columns={[t("case.code"), t("inbox.procedure"), t("inbox.subject"), t("inbox.state"), t("case.received")]} caption={t("search.title")} testId="search-table">
              {found.items.map((c) => {
                const def = found.defs.get(`${c.procedureId}@${c.procedureVersion}`)?.definition;
                const st = def?.states[c.state];
                return (
                  <tr>
                    <td class="nowrap">
                      <a href={href("cases", c.id)} class="mono">
                        {c.code}
                      </a>
                    </td>
                    <td>{def ? loc(def.title) : c.procedureId}</td>
                    <td>{summaryOf(c.data, def?.form.schema as Schema | undefined)}</td>
                    <td>
                      {st ? loc(st.title) : c.state}
                      {c.closedAt && <span class="muted small"> · {t("search.closed")}</span>}
                    </td>
                    <td class="nowrap">{formatDateTime(c.receivedAt, lang, p.timeZone)}</td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </div>
      )}
    </section>
  );
}
