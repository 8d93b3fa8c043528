// Property over the whole catalog: every simple path from the initial state to a final state
// with outcome "completed" passes a signature checkpoint. Enumerated exhaustively (DFS over
// simple paths), independently of the lint's own reachability argument.
import { describe, expect, it } from "vitest";
import type { Procedure } from "../../schemas/generated/procedure.js";
import { type Edge, edgesOf } from "../../engine/procedure/graph.js";
import { catalogFiles, readJson } from "../support/engine.js";

/** All simple paths (no state visited twice) from the initial state to a completed final state. */
function successfulPaths(p: Procedure): Edge[][] {
  const edges = edgesOf(p);
  const out: Edge[][] = [];
  const visit = (state: string, seen: Set<string>, path: Edge[]) => {
    const s = p.states[state]!;
    if (s.kind === "final") {
      if (s.outcome === "completed") out.push(path);
      return;
    }
    for (const e of edges.filter((x) => x.from === state && !seen.has(x.to))) visit(e.to, new Set(seen).add(e.to), [...path, e]);
  };
  visit(p.initial, new Set([p.initial]), []);
  return out;
}

const unsignedPaths = (p: Procedure) => successfulPaths(p).filter((path) => !path.some((e) => e.signed && e.signatureRequired));
const show = (p: Procedure, path: Edge[]) => [p.initial, ...path.map((e) => `-${e.action}-> ${e.to}`)].join(" ");

const catalog = catalogFiles().map((f) => readJson(f) as Procedure);

describe("every path to a successful end passes its signature checkpoint", () => {
  it.each(catalog.map((p) => [p.id, p] as const))("%s", (_, p) => {
    const paths = successfulPaths(p);
    expect(paths.length).toBeGreaterThan(0);
    expect(unsignedPaths(p).map((path) => show(p, path))).toEqual([]);
    // The checkpoint is signed by the signing role, over the dossier's data and documents.
    for (const path of paths) {
      const signed = path.filter((e) => e.signed).map((e) => p.actions[e.index]!.signature!);
      for (const s of signed) expect(s).toMatchObject({ role: "signer", covers: expect.arrayContaining(["data", "documents"]) });
    }
  });

  it.each(catalog.filter((p) => "book-signing" in p.states).map((p) => [p.id, p] as const))(
    "%s: every successful path has the citizen sign the book before the civil-status officer, not the counter",
    (_, p) => {
      for (const path of successfulPaths(p)) {
        const witness = path.find((e) => e.from === "book-signing");
        expect(witness, show(p, path)).toBeDefined();
        const roles = p.actions[witness!.index]!.roles;
        expect(roles).toEqual(["civil-status"]);
        expect(p.intake.roles).not.toContain("civil-status");
        // The witnessing happens before the leader signs the result.
        expect(path.findIndex((e) => e.from === "book-signing")).toBeLessThan(path.findIndex((e) => e.signed));
      }
    },
  );

  it("the check is not vacuous: a bypass around the checkpoint is found", () => {
    const p = structuredClone(catalog.find((x) => x.id === "civil-status.birth-registration")!);
    p.actions.push({ id: "fast-track", title: { vi: "Trả ngay", en: "Fast track" }, from: ["book-signing"], to: "result-ready", roles: ["civil-status"] });
    expect(unsignedPaths(p).map((path) => show(p, path))).toContain(
      "received -accept-> verification -record-> book-signing -fast-track-> result-ready -return-result-> returned -archive-> archived",
    );
    const optional = structuredClone(catalog.find((x) => x.id === "civil-status.birth-registration")!);
    optional.actions.find((a) => a.id === "sign")!.signature!.required = false;
    expect(unsignedPaths(optional).length).toBe(successfulPaths(optional).length);
  });
});
