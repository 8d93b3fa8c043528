// Small shared pieces: badges, messages, loading, accessible tabs.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { ApiError } from "../lib/api.js";
import { useI18n, type I18n } from "../i18n/index.js";
import { offerHeadingFocus } from "../lib/heading-focus.js";

export type Tone = "neutral" | "info" | "ok" | "warn" | "danger" | "muted";

export function Badge(p: { tone: Tone; children: ComponentChildren; title?: string }) {
  return (
    <span class={`badge badge-${p.tone}`} title={p.title}>
      {p.children}
    </span>
  );
}

/** A problem from the API in the reader's language: known codes are translated, others show the server's title. */
export function errorText(e: unknown, i18n: I18n): string {
  if (e instanceof ApiError) {
    const known = i18n.maybe(`err.${e.code}`);
    const title = known ?? (typeof e.body.title === "string" ? e.body.title : e.code);
    return e.detail && !known ? `${title} (${e.detail})` : title;
  }
  if (e instanceof TypeError) return i18n.t("err.network");
  return e instanceof Error ? e.message : String(e);
}

export function ErrorBox(p: { error: unknown; children?: ComponentChildren }) {
  const i18n = useI18n();
  if (!p.error) return null;
  const code = p.error instanceof ApiError ? p.error.code : undefined;
  return (
    <div class="msg msg-error" role="alert">
      <strong>{i18n.t("common.error")}:</strong> {errorText(p.error, i18n)}
      {/* The code is for support staff: after the sentence, labelled, never instead of it. */}
      {code && (
        <span class="muted small">
          {" "}
          ({i18n.t("common.errorCode")} <code class="code-chip">{code}</code>)
        </span>
      )}
      {p.children}
    </div>
  );
}

/** The submit + cancel row under every form; the submit button says it is working while busy. */
export function FormButtons(p: { label: string; busy?: boolean; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <div class="btn-row">
      <button type="submit" class="btn btn-primary" disabled={p.busy}>
        {p.busy ? t("common.working") : p.label}
      </button>
      <button type="button" class="btn" onClick={p.onCancel}>
        {t("common.cancel")}
      </button>
    </div>
  );
}

export function Notice(p: { tone: "ok" | "info" | "warn"; children: ComponentChildren }) {
  return (
    <div class={`msg msg-${p.tone}`} role="status">
      {p.children}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="loading" role="status" aria-live="polite">
      {t("common.loading")}
    </p>
  );
}

export interface TabDef {
  id: string;
  label: string;
}

/** WAI-ARIA tabs: arrow keys move between tabs, Tab moves into the panel. */
export function Tabs(p: { tabs: TabDef[]; active: string; onSelect(id: string): void; label: string; idPrefix: string; children: ComponentChildren }) {
  const list = useRef<HTMLDivElement>(null);
  const onKey = (e: KeyboardEvent) => {
    const i = p.tabs.findIndex((t) => t.id === p.active);
    let n = i;
    if (e.key === "ArrowRight") n = (i + 1) % p.tabs.length;
    else if (e.key === "ArrowLeft") n = (i - 1 + p.tabs.length) % p.tabs.length;
    else if (e.key === "Home") n = 0;
    else if (e.key === "End") n = p.tabs.length - 1;
    else return;
    e.preventDefault();
    p.onSelect(p.tabs[n]!.id);
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`#${p.idPrefix}-tab-${p.tabs[n]!.id}`)?.focus());
  };
  return (
    <div class="tabs">
      <div role="tablist" aria-label={p.label} class="tablist" ref={list} onKeyDown={onKey}>
        {p.tabs.map((tab) => (
          <button
            type="button"
            role="tab"
            id={`${p.idPrefix}-tab-${tab.id}`}
            aria-selected={tab.id === p.active}
            aria-controls={`${p.idPrefix}-panel`}
            tabIndex={tab.id === p.active ? 0 : -1}
            class="tab"
            onClick={() => p.onSelect(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${p.idPrefix}-panel`} aria-labelledby={`${p.idPrefix}-tab-${p.active}`} class="tabpanel" tabIndex={0}>
        {p.children}
      </div>
    </div>
  );
}

/** A page heading with the page's main title; focusable so route changes can move focus to it. */
export function PageTitle(p: { children: ComponentChildren; sub?: ComponentChildren }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => offerHeadingFocus(h1.current), []);
  return (
    <div class="page-title">
      <h1 tabIndex={-1} id="page-h1" ref={h1}>
        {p.children}
      </h1>
      {p.sub && <div class="page-sub">{p.sub}</div>}
    </div>
  );
}

/**
 * A table of records: a caption (for screen readers unless `captionVisible`), one header per
 * column with its scope, and the rows given as children. `wrap` (default) lets a wide table
 * scroll on a narrow screen instead of the page.
 */
export function DataTable(p: { columns: ComponentChildren[]; caption?: string; captionVisible?: boolean; compact?: boolean; wrap?: boolean; testId?: string; children: ComponentChildren }) {
  const table = (
    <table class={p.compact ? "data-table compact" : "data-table"} data-testid={p.testId}>
      {p.caption !== undefined && <caption class={p.captionVisible ? undefined : "sr-only"}>{p.caption}</caption>}
      <thead>
        <tr>
          {p.columns.map((c) => (
            <th scope="col">{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>{p.children}</tbody>
    </table>
  );
  return p.wrap === false ? table : <div class="table-wrap">{table}</div>;
}

/** A titled panel: a section named by its own heading, so landmarks and headings agree. */
export function Panel(p: { id: string; title: ComponentChildren; class?: string; children: ComponentChildren }) {
  return (
    <section class={p.class ? `panel ${p.class}` : "panel"} aria-labelledby={p.id}>
      <h2 id={p.id}>{p.title}</h2>
      {p.children}
    </section>
  );
}
