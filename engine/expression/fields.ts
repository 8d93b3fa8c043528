// What an expression reads, for lint: it parses (lezer-feel, through feelin) and the dossier fields
// it names (`data.deceased.dateOfDeath` -> "/deceased/dateOfDeath"), to check against the form.
import { parseExpression } from "feelin";
import { CONTEXT_NAMES } from "./evaluate.js";

/** `names`: top-level names the expression reads that the context does not provide (a typo such as `recievedOn`). */
export type Parsed = { ok: true; fields: string[]; names: string[] } | { ok: false; message: string; position: number };

type SyntaxNode = ReturnType<typeof parseExpression>["topNode"];

/** Where a name is bound by the expression itself (a filter's item, a quantifier's or loop's variable, a parameter). */
const BINDING = new Set(["QuantifiedExpression", "ForExpression", "FunctionDefinition"]);
const KNOWN = new Set<string>(CONTEXT_NAMES);

function unbound(n: SyntaxNode): boolean {
  if (n.parent?.name === "FunctionInvocation" && n.parent.firstChild?.from === n.from) return false; // a function's name
  for (let child = n, p = n.parent; p; child = p, p = p.parent) {
    if (BINDING.has(p.name)) return false;
    // Inside a filter's brackets names are the item's members; the filtered list itself is outside.
    if (p.name === "FilterExpression" && p.firstChild !== null && child.from !== p.firstChild.from) return false;
  }
  return true;
}

const PARSE_CONTEXT = Object.fromEntries(CONTEXT_NAMES.map((n) => [n, null]));

export function parseFields(expression: string): Parsed {
  const tree = parseExpression(expression, PARSE_CONTEXT, undefined);
  let error: number | undefined;
  const fields: string[] = [];
  const names: string[] = [];
  tree.iterate({
    enter(n) {
      if (n.type.isError && error === undefined) error = n.from;
      if (n.name === "VariableName") {
        const name = expression.slice(n.from, n.to).trim();
        if (!KNOWN.has(name) && unbound(n.node)) names.push(name);
      }
      // The outermost path only: data.a.b is a path whose left side is the path data.a.
      if (n.name === "PathExpression" && n.node.parent?.name !== "PathExpression") {
        const path = expression.slice(n.from, n.to).split("[")[0]!.split(".").map((s) => s.trim());
        if (path[0] === "data" && path.length > 1) fields.push("/" + path.slice(1).map((t) => t.replace(/~/g, "~0").replace(/\//g, "~1")).join("/"));
      }
    },
  });
  if (expression.trim() === "") return { ok: false, message: "empty expression", position: 0 };
  return error === undefined ? { ok: true, fields, names } : { ok: false, message: `syntax error at character ${error + 1}`, position: error };
}
