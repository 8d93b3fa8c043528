// Papers of a dossier. The engine keeps each file's SHA-256 (signatures and audit cover the hash;
// the file itself lives in the document store), so the browser hashes the chosen file locally.
import { useI18n } from "../i18n/index.js";
import type { CaseDocument, Procedure } from "../lib/types.js";
import { shortHash } from "../lib/format.js";
import { fieldId } from "../lib/pointer.js";
import type { FieldError } from "../lib/api.js";
import { DataTable } from "./ui.js";

export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function DocumentsPicker(p: { def: Procedure; value: CaseDocument[]; onChange(d: CaseDocument[]): void; errors: FieldError[]; idPrefix: string; existing?: CaseDocument[] }) {
  const { t, loc } = useI18n();
  const errs = p.errors.filter((e) => e.pointer.startsWith("/documents"));
  const errId = `${p.idPrefix}-documents-error`;
  return (
    <fieldset class="form-group" id={fieldId(p.idPrefix, "/documents")} tabIndex={-1} aria-describedby={errs.length ? errId : undefined}>
      <legend>{t("docs.title")}</legend>
      <p class="hint">{t("docs.hint")}</p>
      {errs.length > 0 && (
        <p class="field-error" id={errId}>
          {errs.map((e) => e.message).join("; ")}
        </p>
      )}
      <ul class="doc-pick">
        {p.def.form.documents.map((d) => {
          const chosen = p.value.find((x) => x.id === d.id);
          const had = p.existing?.find((x) => x.id === d.id);
          const id = `${p.idPrefix}-doc-${d.id}`;
          return (
            <li>
              <label for={id}>
                {loc(d.title)}
                {d.required && <span class="tag">{t("docs.required")}</span>}
                {d.original && <span class="tag tag-muted">{t("docs.original")}</span>}
              </label>
              <input
                id={id}
                type="file"
                aria-describedby={`${id}-state`}
                onChange={async (e) => {
                  const file = e.currentTarget.files?.[0];
                  const rest = p.value.filter((x) => x.id !== d.id);
                  p.onChange(file ? [...rest, { id: d.id, name: file.name, sha256: await sha256Hex(file) }] : rest);
                }}
              />
              <span id={`${id}-state`} class="doc-state">
                {chosen ? (
                  <>
                    ✓ {chosen.name} <span class="mono muted">SHA-256 {shortHash(chosen.sha256)}</span>
                  </>
                ) : had ? (
                  <span class="muted">{t("docs.already", { name: had.name })}</span>
                ) : (
                  <span class="muted">{t("docs.none")}</span>
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

export function DocumentsTable(p: { def: Procedure | undefined; docs: CaseDocument[] }) {
  const { t, loc } = useI18n();
  const missing = (p.def?.form.documents ?? []).filter((d) => d.required && !p.docs.some((x) => x.id === d.id));
  return (
    <>
      <DataTable columns={[t("docs.type"), t("docs.file"), "SHA-256"]} compact wrap={false} testId="documents">
        {p.docs.map((d) => (
          <tr>
            <td>{loc(p.def?.form.documents.find((x) => x.id === d.id)?.title) || d.id}</td>
            <td>{d.name}</td>
            <td class="mono" title={d.sha256}>
              {shortHash(d.sha256, 16)}
            </td>
          </tr>
        ))}
        {p.docs.length === 0 && (
          <tr>
            <td colSpan={3} class="muted">
              {t("docs.none")}
            </td>
          </tr>
        )}
      </DataTable>
      {missing.length > 0 && (
        <p class="msg msg-warn">
          {t("docs.missing")}: {missing.map((d) => loc(d.title)).join(", ")}
        </p>
      )}
    </>
  );
}
