// Two published versions side by side, line by line (jsdiff), unchanged stretches folded.
import { useMemo } from "preact/hooks";
import { diffLines } from "diff";
import { useI18n } from "../i18n/index.js";

interface Row {
  kind: "same" | "del" | "add" | "mod" | "fold";
  left?: { n: number; text: string };
  right?: { n: number; text: string };
  folded?: number;
}

const CONTEXT = 3;

export function diffRows(a: string, b: string): Row[] {
  const rows: Row[] = [];
  let ln = 1;
  let rn = 1;
  const parts = diffLines(a, b);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const lines = part.value.replace(/\n$/, "").split("\n");
    if (!part.added && !part.removed) {
      for (const text of lines) rows.push({ kind: "same", left: { n: ln++, text }, right: { n: rn++, text } });
    } else if (part.removed && parts[i + 1]?.added) {
      // A change: pair removed and added lines across the two columns.
      const added = parts[i + 1]!.value.replace(/\n$/, "").split("\n");
      for (let k = 0; k < Math.max(lines.length, added.length); k++) {
        rows.push({ kind: "mod", left: k < lines.length ? { n: ln++, text: lines[k]! } : undefined, right: k < added.length ? { n: rn++, text: added[k]! } : undefined });
      }
      i++;
    } else if (part.removed) {
      for (const text of lines) rows.push({ kind: "del", left: { n: ln++, text } });
    } else {
      for (const text of lines) rows.push({ kind: "add", right: { n: rn++, text } });
    }
  }
  return fold(rows);
}

function fold(rows: Row[]): Row[] {
  const changed = rows.map((r) => r.kind !== "same");
  const near = rows.map((_, i) => changed.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some(Boolean));
  const out: Row[] = [];
  for (let i = 0; i < rows.length; ) {
    if (near[i]) {
      out.push(rows[i]!);
      i++;
      continue;
    }
    let j = i;
    while (j < rows.length && !near[j]) j++;
    out.push({ kind: "fold", folded: j - i });
    i = j;
  }
  return out;
}

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
