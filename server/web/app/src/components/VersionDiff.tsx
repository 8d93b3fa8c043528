// Two published versions side by side, line by line (jsdiff), unchanged stretches folded.
import { useMemo } from "preact/hooks";
import { diffRows, type Row } from "../lib/diff.js";
import { useI18n } from "../i18n/index.js";

export function VersionDiff(p: { left: unknown; right: unknown; leftLabel: string; rightLabel: string }) {
  const { t } = useI18n();
  const rows = useMemo(() => diffRows(JSON.stringify(p.left, null, 2), JSON.stringify(p.right, null, 2)), [p.left, p.right]);
  const changes = rows.filter((r) => r.kind !== "same" && r.kind !== "fold").length;
  const cell = (side: Row["left"], cls: string) =>
    side ? (
      <>
        <td class={`ln ${cls}`}>{side.n}</td>
        <td class={`code ${cls}`}>
          <pre>{side.text}</pre>
        </td>
      </>
    ) : (
      <>
        <td class="ln empty" />
        <td class="code empty" />
      </>
    );
  return (
    <div class="diff" data-testid="diff">
      <p class="summary" role="status">
        {changes === 0 ? t("diff.same") : t("diff.changed", { n: changes })}
      </p>
      <table class="diff-table">
        <caption class="sr-only">{t("diff.caption", { left: p.leftLabel, right: p.rightLabel })}</caption>
        <colgroup>
          <col class="ln-col" />
          <col />
          <col class="ln-col" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="colgroup" colSpan={2}>
              {p.leftLabel}
            </th>
            <th scope="colgroup" colSpan={2}>
              {p.rightLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) =>
            r.kind === "fold" ? (
              <tr class="fold">
                <td colSpan={4}>{t("diff.folded", { n: r.folded ?? 0 })}</td>
              </tr>
            ) : (
              <tr class={`row-${r.kind}`}>
                {cell(r.left, r.kind === "same" ? "" : "del")}
                {cell(r.right, r.kind === "same" ? "" : "add")}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
