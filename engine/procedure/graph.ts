// The procedure as a plain directed graph of states and action edges, for lint and diagrams.
import type { Procedure } from "../../schemas/generated/procedure.js";

export interface Edge {
  action: string;
  /** Index of the action in procedure.actions, for JSON pointers. */
  index: number;
  from: string;
  to: string;
  signed: boolean;
  signatureRequired: boolean;
}

export function edgesOf(p: Procedure): Edge[] {
  const edges: Edge[] = [];
  p.actions.forEach((a, index) => {
    // A branch is an edge like the default target: the case may go either way.
    for (const from of a.from) {
      for (const to of [...(a.branches ?? []).map((b) => b.to), a.to]) {
        edges.push({
          action: a.id,
          index,
          from,
          to,
          signed: a.signature !== undefined,
          signatureRequired: a.signature !== undefined && a.signature.required !== false,
        });
      }
    }
  });
  return edges;
}

/** Breadth-first search; returns for each reachable state the edge path that reaches it first (shortest). */
export function shortestPaths(start: string, edges: Edge[], allow: (e: Edge) => boolean = () => true): Map<string, Edge[]> {
  const paths = new Map<string, Edge[]>([[start, []]]);
  const queue = [start];
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const e of edges) {
      if (e.from !== s || !allow(e) || paths.has(e.to)) continue;
      paths.set(e.to, [...paths.get(s)!, e]);
      queue.push(e.to);
    }
  }
  return paths;
}

export function describePath(start: string, path: Edge[]): string {
  return [start, ...path.map((e) => `-${e.action}-> ${e.to}`)].join(" ");
}
