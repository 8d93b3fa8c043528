// One procedure: its diagram (any published version), a side-by-side diff of two versions, and
// for administrators an editor that lints live and publishes a new version; a province's
// administrators also move its open cases to a newer version.
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { hasRole, useSession } from "../lib/session.js";
import { procedureVersion } from "../lib/procedures.js";
import { useAsync } from "../lib/use-async.js";
import { formatDateTime } from "../lib/format.js";
import { navigate } from "../lib/router.js";
import { ErrorBox, Loading, PageTitle, Tabs } from "../components/ui.js";
import { Diagram, TransitionsTable } from "../components/Diagram.js";
import { VersionDiff } from "../components/VersionDiff.js";
import { ProcedureEditor } from "../components/ProcedureEditor.js";
import { ProcedureFacts } from "../components/ProcedureFacts.js";
import { MigrateCases } from "../components/MigrateCases.js";
import type { VersionRow } from "../lib/types.js";

export function ProcedurePage(p: { id: string; tab: string }) {
  const { t, loc, lang } = useI18n();
  const { me, config } = useSession();
  const [stamp, setStamp] = useState(0);
  const versions = useAsync(() => api.get<{ items: VersionRow[] }>(`/procedures/${encodeURIComponent(p.id)}/versions`).then((r) => r.items), [p.id, stamp]);
  const latest = versions.data?.at(-1)?.version;
  const [shown, setShown] = useState<number | undefined>(undefined);
  useEffect(() => setShown(latest), [latest]);
  const current = useAsync(async () => (shown ? procedureVersion(p.id, shown) : undefined), [p.id, shown]);
  const isAdmin = hasRole(me, "admin");
  // The server lets only a province's administrators move cases (they reorganise the province's work).
  const mayMigrate = isAdmin && me.unitLevel === "province";
  const tabs = [
    { id: "diagram", label: t("proc.tabDiagram") },
    { id: "diff", label: t("proc.tabDiff") },
    ...(isAdmin ? [{ id: "edit", label: t("proc.tabEdit") }] : []),
    ...(mayMigrate ? [{ id: "migrate", label: t("proc.tabMigrate") }] : []),
  ];
  const tab = tabs.some((x) => x.id === p.tab) ? p.tab : "diagram";

  if (versions.loading && !versions.data) return <Loading />;
  if (!versions.data) return <ErrorBox error={versions.error} />;
  const def = current.data?.definition;
  return (
    <section>
      <p class="crumbs">
        <a href="#/procedures">← {t("nav.procedures")}</a>
      </p>
      <PageTitle sub={<span class="mono">{p.id}</span>}>{def ? loc(def.title) : p.id}</PageTitle>
      {def && <ProcedureFacts def={def} />}
      <Tabs idPrefix="proc" label={t("proc.tabs")} active={tab} onSelect={(id) => navigate(`/procedures/${encodeURIComponent(p.id)}/${id}`)} tabs={tabs}>
        {tab === "diagram" && (
          <>
            <div class="toolbar">
              <div class="field field-inline">
                <label for="diagram-version">{t("proc.version")}</label>
                <select id="diagram-version" value={String(shown ?? "")} onChange={(e) => setShown(Number(e.currentTarget.value))}>
                  {versions.data.map((v) => (
                    <option value={String(v.version)}>
                      v{v.version} · {formatDateTime(v.publishedAt, lang, config.timeZone)}
                      {v.inForceFrom !== v.publishedAt && ` · ${t("catalog.inForceFrom", { at: formatDateTime(v.inForceFrom, lang, config.timeZone) })}`}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <ErrorBox error={current.error} />
            {def ? (
              <>
                <Diagram def={def} />
                <details class="transitions">
                  <summary>{t("diagram.tableCaption")}</summary>
                  <TransitionsTable def={def} />
                </details>
              </>
            ) : (
              <Loading />
            )}
          </>
        )}
        {tab === "diff" && <DiffTab id={p.id} versions={versions.data} />}
        {tab === "edit" && isAdmin && latest && (
          // Keyed by procedure only: publishing refreshes the version list but keeps the editor and its notice.
          <EditTab key={p.id} id={p.id} latest={latest} onPublished={() => setStamp((s) => s + 1)} />
        )}
        {tab === "migrate" && mayMigrate && <MigrateCases key={p.id} id={p.id} versions={versions.data} />}
      </Tabs>
    </section>
  );
}

function DiffTab(p: { id: string; versions: VersionRow[] }) {
  const { t } = useI18n();
  const n = p.versions.length;
  const [left, setLeft] = useState(p.versions[Math.max(0, n - 2)]!.version);
  const [right, setRight] = useState(p.versions[n - 1]!.version);
  const pair = useAsync(() => Promise.all([procedureVersion(p.id, left), procedureVersion(p.id, right)]), [p.id, left, right]);
  const picker = (id: string, label: string, value: number, set: (v: number) => void) => (
    <div class="field field-inline">
      <label for={id}>{label}</label>
      <select id={id} value={String(value)} onChange={(e) => set(Number(e.currentTarget.value))}>
        {p.versions.map((v) => (
          <option value={String(v.version)}>v{v.version}</option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <div class="toolbar">
        {picker("diff-left", t("diff.left"), left, setLeft)}
        {picker("diff-right", t("diff.right"), right, setRight)}
      </div>
      {n < 2 && <p class="hint">{t("diff.onlyOne")}</p>}
      <ErrorBox error={pair.error} />
      {pair.data ? <VersionDiff left={pair.data[0].definition} right={pair.data[1].definition} leftLabel={`v${left}`} rightLabel={`v${right}`} /> : <Loading />}
    </>
  );
}

/** The editor starts from the latest version with the version number raised: a draft of the next one. */
function EditTab(p: { id: string; latest: number; onPublished(): void }) {
  const { t } = useI18n();
  const [from] = useState(p.latest);
  const base = useAsync(() => procedureVersion(p.id, from), [p.id, from]);
  if (!base.data) return base.error ? <ErrorBox error={base.error} /> : <Loading />;
  const draft = { ...base.data.definition, version: from + 1 };
  return (
    <>
      <p class="hint">{t("editor.intro", { from, to: from + 1 })}</p>
      <ProcedureEditor initialText={JSON.stringify(draft, null, 2) + "\n"} onPublished={p.onPublished} />
    </>
  );
}
