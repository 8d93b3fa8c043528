// Importing a spreadsheet export (CSV) in two steps, as an administrator expects: the file is read
// in the browser and sent as a dry run, which lists every row's problem; only a clean sheet can be
// confirmed, and the confirmation sends exactly the text that was checked.
import { useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { api, ApiError, type FieldError } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { ErrorBox, Notice } from "./ui.js";

export interface ImportReport {
  dryRun: boolean;
  ok: boolean;
  problems: FieldError[];
}

export function CsvImport<R extends ImportReport>(p: {
  id: string;
  path: string;
  title: string;
  hint: string;
  /** The server's report as rows and problems a person reads (pointers are /rows/<n>/<column>). */
  describe(problem: FieldError): string;
  done(answer: R): ComponentChildren;
  /** After a real import: e.g. reload the list it adds to. */
  onImported?(answer: R): void;
}) {
  const { t } = useI18n();
  const [csv, setCsv] = useState<string | null>(null);
  const [report, setReport] = useState<R | null>(null);
  const [answer, setAnswer] = useState<R | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async (text: string, dryRun: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      const r = await api.post<R>(p.path, { csv: text, dryRun });
      if (dryRun) setReport(r);
      else {
        setAnswer(r);
        setReport(null);
        setCsv(null);
        p.onImported?.(r);
      }
    } catch (e) {
      // A refused sheet answers the same problems as its dry run.
      if (e instanceof ApiError && e.code === "request.invalid" && e.errors.length > 0) setReport({ dryRun: true, ok: false, problems: e.errors } as unknown as R);
      else setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby={`${p.id}-title`} data-testid={p.id}>
      <h2 id={`${p.id}-title`}>{p.title}</h2>
      <p class="hint" id={`${p.id}-hint`}>
        {p.hint}
      </p>
      <div class="field">
        <label for={`${p.id}-file`}>{t("import.file")}</label>
        <input
          id={`${p.id}-file`}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={`${p.id}-hint`}
          onChange={async (e) => {
            const f = e.currentTarget.files?.[0];
            setAnswer(null);
            setReport(null);
            if (!f) return setCsv(null);
            const text = await f.text();
            setCsv(text);
            void send(text, true);
          }}
        />
      </div>
      {busy && <p class="hint">{t("common.working")}</p>}
      <ErrorBox error={failure} />
      {report && !report.ok && (
        <div class="msg msg-warn" role="alert" data-testid={`${p.id}-problems`}>
          <strong>{t("import.problems", { n: report.problems.length })}</strong>
          <ul>
            {report.problems.map((x) => (
              <li>{p.describe(x)}</li>
            ))}
          </ul>
        </div>
      )}
      {report && report.ok && csv !== null && (
        <div class="btn-row">
          <Notice tone="info">{t("import.clean")}</Notice>
          <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void send(csv, false)}>
            {t("import.confirm")}
          </button>
        </div>
      )}
      {answer && p.done(answer)}
    </section>
  );
}

/** The row number and column of a problem at /rows/<n>/<column>, or undefined for one about the whole sheet. */
export function rowOf(x: FieldError): { row: number; column: string } | undefined {
  const m = /^\/rows\/(\d+)\/(\w+)$/.exec(x.pointer);
  return m ? { row: Number(m[1]), column: m[2]! } : undefined;
}
