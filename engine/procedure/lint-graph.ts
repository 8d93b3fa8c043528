// Graph checks: reachability, dead ends, a reachable successful end, and that no path to a
// successful end can skip a required signature checkpoint.
import type { Procedure } from "../../schemas/generated/procedure.js";
import { type Diagnostic, pointer } from "../diagnostics.js";
import { edgesOf, shortestPaths, describePath } from "./graph.js";

export function lintGraph(p: Procedure): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!(p.initial in p.states)) return out; // reported by the reference checks
  const edges = edgesOf(p).filter((e) => e.from in p.states && e.to in p.states);
  const reachable = shortestPaths(p.initial, edges);
  const completed = Object.entries(p.states).filter(([, s]) => s.kind === "final" && s.outcome === "completed").map(([id]) => id);

  for (const [id, s] of Object.entries(p.states)) {
    if (!reachable.has(id)) {
      out.push({ code: "state.unreachable", severity: "error", pointer: pointer("states", id), message: `state '${id}' cannot be reached from '${p.initial}'`, params: { state: id, initial: p.initial } });
    }
    if (s.kind !== "final" && !edges.some((e) => e.from === id)) {
      out.push({ code: "state.dead-end", severity: "error", pointer: pointer("states", id), message: `state '${id}' is not final and has no action leaving it`, params: { state: id } });
    }
    if (s.kind === "signature" && !edges.some((e) => e.from === id && e.signed)) {
      out.push({ code: "signature.checkpoint-unsigned", severity: "warning", pointer: pointer("states", id), message: `signature checkpoint '${id}' has no action that requires a signature`, params: { state: id } });
    }
  }

  if (!completed.some((id) => reachable.has(id))) {
    out.push({ code: "final.unreachable", severity: "error", pointer: pointer("states"), message: "no final state with outcome 'completed' can be reached" });
    return out;
  }

  // A required checkpoint must sit on every path to success: remove its signed edges and search again.
  // Only the signed edges: an action id may also be declared, from other states, without a signature.
  const checkpoints = new Map<string, number>();
  for (const e of edges) if (e.signatureRequired) checkpoints.set(e.action, e.index);
  for (const [action, index] of checkpoints) {
    const without = shortestPaths(p.initial, edges, (e) => !(e.action === action && e.signatureRequired));
    const skipped = completed.find((id) => without.has(id));
    if (skipped) {
      out.push({
        code: "signature.skippable",
        severity: "error",
        pointer: pointer("actions", index, "signature"),
        message: `the path ${describePath(p.initial, without.get(skipped)!)} reaches '${skipped}' without the signature of action '${action}'`,
        params: { path: describePath(p.initial, without.get(skipped)!), state: skipped, action },
      });
    }
  }
  // No checkpoint at all while the procedure has a signing state is a likely mistake.
  if (checkpoints.size === 0 && Object.values(p.states).some((s) => s.kind === "signature")) {
    out.push({ code: "signature.none-required", severity: "warning", pointer: pointer("actions"), message: "the procedure has a signature state but no required signature checkpoint" });
  }
  return out;
}
