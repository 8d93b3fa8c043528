// The province's officials for its administrator: find them (a name typed without accents), add
// one (the initial password is shown once, to hand over), deactivate one who left with a reason
// (their sign-in stops at once and the dossiers they held go back to their queues) or reactivate,
// and import a spreadsheet export with a dry run first.
import { useState } from "preact/hooks";
import { api, ApiError, query, type FieldError } from "../lib/api.js";
import { useI18n, type Key } from "../i18n/index.js";
import { useAsync } from "../lib/use-async.js";
import { useNames } from "../lib/directory.js";
import { formatDateTime } from "../lib/format.js";
import { useSession } from "../lib/session.js";
import { Badge, DataTable, ErrorBox, Loading, Notice, PageTitle, Panel } from "../components/ui.js";
import { CsvImport, rowOf, type ImportReport } from "../components/CsvImport.js";
import { ReasonAction } from "../components/ReasonAction.js";
import { LabelledField } from "../components/LabelledField.js";

// The server's own shapes (server/store/official-admin.ts, server/officials/admin.ts).
type Item = import("../../../../store/official-admin.js").OfficialListItem;
interface Created {
  official: { id: string; username: string; fullName: string };
  initialPassword: string;
}

const ROLES = ["reception", "civil-status", "signer", "archivist", "supervisor", "admin", "auditor"];
const FIELD_TEXT: Record<string, Key> = { username: "officials.usernameRule", fullName: "officials.fullNameRule", unit: "officials.unitRule", roles: "officials.rolesRule", reason: "officials.reasonRule" };

export function OfficialsPage() {
  const i18n = useI18n();
  const { t, lang, maybe } = i18n;
  const { config, me } = useSession();
  const names = useNames();
  const [q, setQ] = useState("");
  const [reload, setReload] = useState(0);
  const list = useAsync(() => api.get<{ items: Item[] }>(`/officials${query({ q })}`), [q, reload]);
  // The units as they are now (the directory is loaded once per sign-in; a unit added since is missing there).
  const units = useAsync(() => api.get<{ items: Array<{ code: string; name: string }> }>("/units"), []);
  const unitNames = new Map((units.data?.items ?? []).map((u) => [u.code, u.name]));
  const unitName = (code: string) => unitNames.get(code) ?? names.unit(code);
  const roleName = (r: string) => maybe(`role.${r}`) ?? r;
  const problemText = (x: FieldError) => {
    const at = rowOf(x);
    const text = (column: string, rule: string) => (rule === "unique" ? t("officials.usernameTaken") : FIELD_TEXT[column] ? t(FIELD_TEXT[column]!) : column);
    return at ? t("import.row", { n: at.row, column: at.column, problem: text(at.column, x.rule) }) : x.message;
  };
  return (
    <section aria-labelledby="page-h1">
      <PageTitle sub={t("officials.sub")}>{t("officials.title")}</PageTitle>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()} aria-label={t("officials.search")}>
        <div class="field field-inline">
          <label for="o-q">{t("officials.search")}</label>
          <input id="o-q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} placeholder="nguyen van an" />
        </div>
      </form>
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <DataTable testId="officials" caption={t("officials.title")} columns={[t("officials.fullName"), t("officials.username"), t("officials.unit"), t("officials.roles"), t("officials.state"), t("officials.openCases"), ""]}>
          {(list.data?.items ?? []).map((o) => (
            <OfficialRow o={o} self={o.id === me.id} unitName={unitName(o.unit)} roleName={roleName} onChanged={() => setReload(reload + 1)} when={(iso) => formatDateTime(iso, lang, config.timeZone)} />
          ))}
        </DataTable>
      )}
      <NewOfficial units={(units.data?.items ?? []).filter((u) => u.code !== me.province)} roleName={roleName} onCreated={() => setReload(reload + 1)} />
      <CsvImport<ImportReport & { created: Created[] }>
        id="officials-import"
        path="/officials/import"
        title={t("officials.import")}
        hint={t("officials.importHint")}
        describe={problemText}
        onImported={() => setReload((n) => n + 1)}
        done={(a) => (
          <>
            <Notice tone="ok">✓ {t("officials.imported", { n: a.created.length })}</Notice>
            <Passwords created={a.created} />
          </>
        )}
      />
    </section>
  );
}

function OfficialRow(p: { o: Item; self: boolean; unitName: string; roleName(r: string): string; onChanged(): void; when(iso: string): string }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [released, setReleased] = useState<number | null>(null);
  const { o } = p;
  const deactivate = async (reason: string) => {
    const r = await api.post<{ released: unknown[] }>(`/officials/${encodeURIComponent(o.id)}/deactivate`, { reason });
    setReleased(r.released.length);
    p.onChanged();
  };
  const reactivate = async () => {
    setError(null);
    try {
      await api.post(`/officials/${encodeURIComponent(o.id)}/reactivate`, {});
      p.onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <tr data-testid={`official-${o.username}`}>
      <th scope="row">{o.fullName}</th>
      <td class="mono small">{o.username}</td>
      <td>{p.unitName}</td>
      <td>{o.roles.map(p.roleName).join(", ")}</td>
      <td>
        {o.active ? <Badge tone="ok">{t("officials.active")}</Badge> : <Badge tone="muted">{t("officials.inactive")}</Badge>}
        {!o.active && o.deactivatedAt && (
          <div class="hint">
            {p.when(o.deactivatedAt)}: {o.deactivationReason}
          </div>
        )}
        {released !== null && <div class="hint">{t("officials.released", { n: released })}</div>}
      </td>
      <td class="num">{o.openCases}</td>
      <td>
        {o.active && !p.self && <ReasonAction id={`reason-${o.id}`} open={t("officials.deactivate")} label={t("officials.reason")} confirm={t("officials.confirmDeactivate")} send={deactivate} />}
        {!o.active && (
          <button type="button" class="btn" onClick={() => void reactivate()}>
            {t("officials.reactivate")}
          </button>
        )}
        <ErrorBox error={error} />
      </td>
    </tr>
  );
}

function NewOfficial(p: { units: Array<{ code: string; name: string }>; roleName(r: string): string; onCreated(): void }) {
  const { t } = useI18n();
  const [v, setV] = useState({ username: "", fullName: "", unit: "", roles: [] as string[] });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setErrors([]);
    setFailure(null);
    try {
      const r = await api.post<Created>("/officials", v);
      setCreated(r);
      setV({ username: "", fullName: "", unit: "", roles: [] });
      p.onCreated();
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) setErrors(err.errors);
      else setFailure(err);
    }
  };
  const field = (name: "username" | "fullName" | "unit", label: string, control: (a: Record<string, unknown>) => preact.JSX.Element) => {
    const err = errors.find((x) => x.pointer === `/${name}`);
    const message = err && (err.rule === "unique" ? t("officials.usernameTaken") : t(FIELD_TEXT[name]!));
    return <LabelledField id={`new-${name}`} label={label} error={message} control={control} />;
  };
  const rolesError = errors.find((x) => x.pointer === "/roles");
  return (
    <Panel id="new-official" title={t("officials.new")}>
      <form onSubmit={submit} noValidate>
        <div class="grid-fields">
          {field("fullName", t("officials.fullName"), (a) => <input {...a} value={v.fullName} onInput={(e) => setV({ ...v, fullName: e.currentTarget.value })} />)}
          {field("username", t("officials.username"), (a) => <input {...a} value={v.username} autoComplete="off" onInput={(e) => setV({ ...v, username: e.currentTarget.value })} />)}
          {field("unit", t("officials.unit"), (a) => (
            <select {...a} value={v.unit} onChange={(e) => setV({ ...v, unit: e.currentTarget.value })}>
              <option value="">{t("officials.chooseUnit")}</option>
              {p.units.map((u) => (
                <option value={u.code}>{u.name}</option>
              ))}
            </select>
          ))}
        </div>
        <fieldset class={`form-group${rolesError ? " has-error" : ""}`} aria-describedby={rolesError ? "new-roles-error" : undefined}>
          <legend>{t("officials.roles")}</legend>
          {rolesError && (
            <p class="field-error" id="new-roles-error">
              {t("officials.rolesRule")}
            </p>
          )}
          {ROLES.map((r) => (
            <label class="check">
              <input type="checkbox" checked={v.roles.includes(r)} onChange={(e) => setV({ ...v, roles: e.currentTarget.checked ? [...v.roles, r] : v.roles.filter((x) => x !== r) })} />
              {p.roleName(r)}
            </label>
          ))}
        </fieldset>
        <div class="btn-row">
          <button type="submit" class="btn btn-primary">
            {t("officials.create")}
          </button>
        </div>
      </form>
      <ErrorBox error={failure} />
      {created && <Passwords created={[created]} />}
    </Panel>
  );
}

/** Initial passwords, shown this once: the server keeps only their hashes. */
function Passwords(p: { created: Created[] }) {
  const { t } = useI18n();
  return (
    <div class="msg msg-ok" role="status" data-testid="initial-passwords">
      <p>{t("officials.passwordsOnce")}</p>
      <DataTable compact columns={[t("officials.fullName"), t("officials.username"), t("officials.initialPassword")]}>
        {p.created.map((c) => (
          <tr>
            <th scope="row">{c.official.fullName}</th>
            <td class="mono">{c.official.username}</td>
            <td class="mono" data-testid="initial-password">
              {c.initialPassword}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
