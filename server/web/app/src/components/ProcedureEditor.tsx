// Editing a procedure's JSON (CodeMirror 6) with live lint: diagnostics are underlined at the
// offending place, marked in the gutter, and listed below with their line (each a button that
// moves the cursor there). Publishing sends the text to POST /procedures (administrators).
import { useEffect, useRef, useState } from "preact/hooks";
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { json } from "@codemirror/lang-json";
import { linter, lintGutter, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { api } from "../lib/api.js";
import { useI18n } from "../i18n/index.js";
import { lintProcedureText, type Located } from "../lib/lint.js";
import { diagnosticText } from "../lib/diagnostic-text.js";
import { ErrorBox, Notice } from "./ui.js";
import { useSession } from "../lib/session.js";
import { formatDateTime } from "../lib/format.js";

interface Listed extends Located {
  line: number;
  column: number;
}

export function ProcedureEditor(p: { initialText: string; onPublished(version: number): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const [diags, setDiags] = useState<Listed[] | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [published, setPublished] = useState<{ version: number; inForceFrom: string; inForce: boolean } | null>(null);
  const { config } = useSession();

  useEffect(() => {
    const source = async (v: EditorView): Promise<CmDiagnostic[]> => {
      const text = v.state.doc.toString();
      let found: Located[];
      try {
        found = await lintProcedureText(text);
      } catch (e) {
        setError(e);
        return [];
      }
      // The document may have changed while the server answered; positions refer to `text`.
      if (v.state.doc.toString() !== text) return [];
      const max = v.state.doc.length;
      const listed = found.map((d) => {
        const from = Math.min(d.from, max);
        const line = v.state.doc.lineAt(from);
        return { ...d, from, to: Math.min(Math.max(d.to, from), max), line: line.number, column: from - line.from + 1 };
      });
      setDiags(listed);
      setError(null);
      return listed.map((d) => ({ from: d.from, to: d.to, severity: d.severity, message: `${d.code}: ${diagnosticText(i18n, d)}`, source: "motcua" }));
    };
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: p.initialText,
        extensions: [
          basicSetup,
          json(),
          lintGutter(),
          linter(source, { delay: 400 }),
          // An explicit tabindex makes the editable area a keyboard stop that accessibility checkers recognise.
          EditorView.contentAttributes.of({ "aria-label": t("editor.label"), "aria-describedby": "editor-help", tabindex: "0" }),
          EditorView.updateListener.of((u) => u.docChanged && setPublished(null)),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is created once; `t` changing language does not reset the text being edited.
  }, []);

  const goTo = (d: Listed) => {
    const v = view.current;
    if (!v) return;
    v.dispatch({ selection: { anchor: d.from, head: d.to }, scrollIntoView: true });
    v.focus();
  };

  const publish = async () => {
    const v = view.current;
    if (!v) return;
    setPublishing(true);
    setError(null);
    try {
      const r = await api.post<{ version: number; created: boolean; inForceFrom: string; inForce: boolean }>("/procedures", JSON.parse(v.state.doc.toString()));
      setPublished(r);
      p.onPublished(r.version);
    } catch (e) {
      setError(e instanceof SyntaxError ? new Error(t("editor.notJson")) : e);
    } finally {
      setPublishing(false);
    }
  };

  const errors = diags?.filter((d) => d.severity === "error").length ?? 0;
  const warnings = diags?.filter((d) => d.severity === "warning").length ?? 0;
  return (
    <div class="editor">
      <p id="editor-help" class="hint">
        {t("editor.help")}
      </p>
      <div class="cm-host" ref={host} data-testid="editor" />
      <div class="lint-status" role="status" aria-live="polite" data-testid="lint-status">
        {diags === null ? t("editor.checking") : errors + warnings === 0 ? <span class="ok-text">✓ {t("editor.clean")}</span> : t("editor.counts", { errors, warnings })}
      </div>
      {diags && diags.length > 0 && (
        <ul class="lint-list" data-testid="lint-list">
          {diags.map((d) => (
            <li class={`lint-${d.severity}`} data-line={d.line} data-code={d.code}>
              <button type="button" class="btn-link" onClick={() => goTo(d)}>
                {t("editor.lineCol", { line: d.line, column: d.column })}
              </button>{" "}
              <span class={`badge ${d.severity === "error" ? "badge-danger" : "badge-warn"}`}>{d.severity === "error" ? t("editor.error") : t("editor.warning")}</span> <code>{d.code}</code> {diagnosticText(i18n, d)}
              {d.pointer !== undefined && <span class="mono muted small"> {d.pointer || "/"}</span>}
            </li>
          ))}
        </ul>
      )}
      <ErrorBox error={error} />
      {published !== null && (
        <Notice tone="ok">
          {!published.inForce
            ? t("editor.publishedAhead", { v: published.version, at: formatDateTime(published.inForceFrom, i18n.lang, config.timeZone) })
            : t("editor.published", { v: published.version })}
        </Notice>
      )}
      <div class="btn-row">
        <button type="button" class="btn btn-primary" onClick={publish} disabled={publishing || diags === null || errors > 0}>
          {publishing ? t("common.working") : t("editor.publish")}
        </button>
        {errors > 0 && <span class="hint">{t("editor.fixFirst")}</span>}
      </div>
    </div>
  );
}
