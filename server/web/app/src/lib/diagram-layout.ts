// Positions for a procedure diagram, computed by dagre (a layered graph layout): states are
// nodes, actions are labelled edges. Nothing is placed by hand.
import dagre from "@dagrejs/dagre";
import type { Procedure } from "./types.js";
import { shortRole } from "./format.js";

export interface LaidNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
}

export interface LaidEdge {
  actionIndex: number;
  from: string;
  to: string;
  points: Array<{ x: number; y: number }>;
  label: { x: number; y: number; width: number; height: number; text: string };
}

export interface Layout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
  start?: { x: number; y: number };
}

export const START = "__start__";

/** Breaks a title into at most `max` lines of about `width` characters. */
export function wrap(text: string, width: number, max = 3): string[] {
  const lines: string[] = [];
  let line = "";
  for (const w of text.split(/\s+/)) {
    if (line && (line + " " + w).length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.length > max ? [...lines.slice(0, max - 1), lines.slice(max - 1).join(" ")] : lines;
}

export function layoutProcedure(
  def: Procedure,
  title: (t: { vi: string; en?: string }) => string,
  measure: (text: string, kind: "title" | "role" | "label") => number,
): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 46, edgesep: 16, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const LINE = 17;
  for (const [id, s] of Object.entries(def.states)) {
    const lines = wrap(title(s.title), 22);
    const role = s.owner ? shortRole(title(def.roles.find((r) => r.id === s.owner)?.title ?? { vi: s.owner })) : "";
    const width = Math.max(130, ...lines.map((l) => measure(l, "title") + 30), measure(role, "role") + 20);
    g.setNode(id, { width, height: 26 + lines.length * LINE + (s.owner ? 14 : 0) });
  }
  g.setNode(START, { width: 14, height: 14 });
  g.setEdge(START, def.initial, { minlen: 1 }, START);
  def.actions.forEach((a, i) => {
    const text = (a.signature ? "✍ " : "") + title(a.title);
    // A branch (a rule decides between targets) is drawn as its own edge, labelled with the action and "?".
    const targets = [...(a.branches ?? []).map((b) => ({ to: b.to, text: `${text} ?` })), { to: a.to, text }];
    for (const f of a.from) {
      for (const t of targets) {
        if (!(f in def.states) || !(t.to in def.states)) continue;
        g.setEdge(f, t.to, { width: measure(t.text, "label") + 12, height: 18, labelpos: "c", actionIndex: i, text: t.text }, `${a.id}:${f}:${t.to}`);
      }
    }
  });
  dagre.layout(g);

  const nodes: LaidNode[] = [];
  let start: Layout["start"];
  for (const id of g.nodes()) {
    const n = g.node(id);
    if (id === START) start = { x: n.x!, y: n.y! };
    else nodes.push({ id, x: n.x!, y: n.y!, width: n.width, height: n.height, lines: wrap(title(def.states[id]!.title), 22) });
  }
  const edges: LaidEdge[] = [];
  for (const e of g.edges()) {
    const l = g.edge(e);
    if (e.v === START) {
      edges.push({ actionIndex: -1, from: START, to: e.w, points: l.points ?? [], label: { x: 0, y: 0, width: 0, height: 0, text: "" } });
      continue;
    }
    edges.push({
      actionIndex: l.actionIndex as number,
      from: e.v,
      to: e.w,
      points: l.points ?? [],
      label: { x: l.x ?? 0, y: l.y ?? 0, width: l.width ?? 0, height: l.height ?? 0, text: String(l.text) },
    });
  }
  const graph = g.graph();
  return { width: graph.width ?? 0, height: graph.height ?? 0, nodes, edges, start };
}
