// The province's units for its administrator: the communes, wards, special zones and agencies in
// force (and, when asked, the dissolved and merged ones), a new unit, a rename, dissolving an
// empty unit with a reason, and importing a list exported from a spreadsheet (dry run first).
import { useState } from "preact/hooks";
import { api, ApiError, query, type FieldError } from "../lib/api.js";
import { useI18n, type Key } from "../i18n/index.js";
import { useAsync } from "../lib/use-async.js";
import { formatDateTime, formatLocalDate } from "../lib/format.js";
import { useSession } from "../lib/session.js";
import { Badge, DataTable, ErrorBox, Loading, Notice, PageTitle, Panel } from "../components/ui.js";
import { CsvImport, rowOf, type ImportReport } from "../components/CsvImport.js";
import { ReasonAction } from "../components/ReasonAction.js";
import { LabelledField } from "../components/LabelledField.js";

type UnitItem = import("../../../../units/admin.js").UnitItem;
const KINDS = ["commune", "ward", "special-zone", "agency"];
const FIELD_TEXT: Record<string, Key> = { code: "units.codeRule", name: "units.nameRule", kind: "units.kindRule", effectiveFrom: "units.dateRule" };

export function UnitsPage() {
  const { t, lang } = useI18n();
  const { me, config } = useSession();
  const [all, setAll] = useState(false);
  const [reload, setReload] = useState(0);
  const list = useAsync(() => api.get<{ items: UnitItem[] }>(`/units${query({ all })}`), [all, reload]);
  const kindName = (k: string) => t(`units.kind.${k}` as Key);
  const describe = (x: FieldError) => {
    const at = rowOf(x);
    if (!at) return x.message;
    const problem = x.rule === "unique" ? t("units.codeTaken") : FIELD_TEXT[at.column] ? t(FIELD_TEXT[at.column]!, { province: me.province }) : at.column;
    return t("import.row", { n: at.row, column: at.column, problem });
  };
  return (
    <section aria-labelledby="page-h1">
      <PageTitle sub={t("units.sub")}>{t("units.title")}</PageTitle>
      <label class="check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
        {t("units.showAll")}
      </label>
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <DataTable testId="units" caption={t("units.title")} columns={[t("units.name"), t("units.code"), t("units.kind"), t("units.effectiveFrom"), t("units.state"), ""]}>
          {(list.data?.items ?? []).map((u) => (
            <UnitRow u={u} kindName={kindName} onChanged={() => setReload(reload + 1)} when={(iso) => formatDateTime(iso, lang, config.timeZone)} />
          ))}
        </DataTable>
      )}
      <NewUnit province={me.province} kindName={kindName} onCreated={() => setReload(reload + 1)} />
      <CsvImport<ImportReport & { created: number }>
        id="units-import"
        path="/units/import"
        title={t("units.import")}
        hint={t("units.importHint")}
        describe={describe}
        done={(a) => <Notice tone="ok">✓ {t("units.imported", { n: a.created })}</Notice>}
        onImported={() => setReload((n) => n + 1)}
      />
    </section>
  );
}

function UnitRow(p: { u: UnitItem; kindName(k: string): string; onChanged(): void; when(iso: string): string }) {
  const { t } = useI18n();
  const { u } = p;
  const gone = u.dissolvedAt !== null || u.successor !== null;
  const dissolve = async (reason: string) => {
    await api.post(`/units/${encodeURIComponent(u.code)}/dissolve`, { reason });
    p.onChanged();
  };
  return (
    <tr data-testid={`unit-${u.code}`}>
      <th scope="row">{u.name}</th>
      <td class="mono small">{u.code}</td>
      <td>{p.kindName(u.kind)}</td>
      <td>{u.effectiveFrom ? formatLocalDate(u.effectiveFrom) : "—"}</td>
      <td>
        {!gone && <Badge tone="ok">{t("units.inForce")}</Badge>}
        {u.successor && <Badge tone="muted">{t("units.merged", { into: u.successor })}</Badge>}
        {u.dissolvedAt && (
          <>
            <Badge tone="muted">{t("units.dissolved")}</Badge>
            <div class="hint">
              {p.when(u.dissolvedAt)}: {u.dissolutionReason}
            </div>
          </>
        )}
      </td>
      <td>{!gone && u.kind !== "province" && <ReasonAction id={`dissolve-${u.code}`} open={t("units.dissolve")} label={t("units.reason")} confirm={t("units.confirmDissolve")} send={dissolve} />}</td>
    </tr>
  );
}

function NewUnit(p: { province: string; kindName(k: string): string; onCreated(): void }) {
  const { t } = useI18n();
  const [v, setV] = useState({ code: `${p.province}-`, name: "", kind: "ward" });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setErrors([]);
    setFailure(null);
    try {
      const r = await api.post<{ unit: UnitItem }>("/units", v);
      setDone(r.unit.name);
      setV({ code: `${p.province}-`, name: "", kind: v.kind });
      p.onCreated();
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) setErrors(err.errors);
      else setFailure(err);
    }
  };
  const field = (name: "code" | "name" | "kind", label: string, control: (a: Record<string, unknown>) => preact.JSX.Element) => {
    const err = errors.find((x) => x.pointer === `/${name}`);
    const message = err && (err.rule === "unique" ? t("units.codeTaken") : t(FIELD_TEXT[name]!, { province: p.province }));
    return <LabelledField id={`unit-${name}`} label={label} error={message} control={control} />;
  };
  return (
    <Panel id="new-unit" title={t("units.new")}>
      <form onSubmit={submit} noValidate>
        <div class="grid-fields">
          {field("name", t("units.name"), (a) => <input {...a} value={v.name} onInput={(e) => setV({ ...v, name: e.currentTarget.value })} />)}
          {field("code", t("units.code"), (a) => <input {...a} class="mono" value={v.code} onInput={(e) => setV({ ...v, code: e.currentTarget.value })} />)}
          {field("kind", t("units.kind"), (a) => (
            <select {...a} value={v.kind} onChange={(e) => setV({ ...v, kind: e.currentTarget.value })}>
              {KINDS.map((k) => (
                <option value={k}>{p.kindName(k)}</option>
              ))}
            </select>
          ))}
        </div>
        <div class="btn-row">
          <button type="submit" class="btn btn-primary">
            {t("units.create")}
          </button>
        </div>
      </form>
      <ErrorBox error={failure} />
      {done && <Notice tone="ok">✓ {t("units.created", { name: done })}</Notice>}
    </Panel>
  );
}
