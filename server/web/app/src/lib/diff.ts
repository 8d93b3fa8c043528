// Side-by-side rows from a line diff (jsdiff): a removal followed by an addition is one changed
// stretch shown across both columns; unchanged stretches far from a change are folded.
import { diffLines } from "diff";

export interface Row {
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
  // Both texts end with a newline, so a last line is compared as a line like any other.
  const parts = diffLines(a.endsWith("\n") ? a : a + "\n", b.endsWith("\n") ? b : b + "\n");
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

