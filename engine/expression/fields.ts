// What an expression reads, for lint: it parses (lezer-feel, through feelin) and the dossier fields
// it names (`data.deceased.dateOfDeath` -> "/deceased/dateOfDeath"), to check against the form.
import { parseExpression } from "feelin";
import { CONTEXT_NAMES } from "./evaluate.js";

export type Parsed = { ok: true; fields: string[] } | { ok: false; message: string; position: number };

const PARSE_CONTEXT = Object.fromEntries(CONTEXT_NAMES.map((n) => [n, null]));

export function parseFields(expression: string): Parsed {
  const tree = parseExpression(expression, PARSE_CONTEXT, undefined);
  let error: number | undefined;
  const fields: string[] = [];
  tree.iterate({
    enter(n) {
      if (n.type.isError && error === undefined) error = n.from;
      // The outermost path only: data.a.b is a path whose left side is the path data.a.
      if (n.name === "PathExpression" && n.node.parent?.name !== "PathExpression") {
        const path = expression.slice(n.from, n.to).split("[")[0]!.split(".").map((s) => s.trim());
        if (path[0] === "data" && path.length > 1) fields.push("/" + path.slice(1).map((t) => t.replace(/~/g, "~0").replace(/\//g, "~1")).join("/"));
      }
    },
  });
  if (expression.trim() === "") return { ok: false, message: "empty expression", position: 0 };
  return error === undefined ? { ok: true, fields } : { ok: false, message: `syntax error at character ${error + 1}`, position: error };
}
