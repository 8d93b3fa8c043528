// Lint of a procedure being edited: JSON syntax errors come from jsonc-parser in the browser, the
// rest from the server's own linter (POST /procedures/validate), whose JSON pointers are mapped
// back to places in the text (the same walk as server/json-locate.ts).
import { parseTree, findNodeAtLocation, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { api } from "./api.js";
import { duplicateKeys } from "../../../../../engine/procedure/duplicate-keys.js";
import type { Diagnostic } from "./types.js";

export interface Located {
  from: number;
  to: number;
  severity: "error" | "warning";
  code: string;
  message: string;
  params?: Record<string, string | number>;
  pointer?: string;
}

/** The text range a pointer names: the member's key and value, or just the key of a large container. */
export function locate(root: Node, pointer: string): { from: number; to: number } {
  const path = pointer === "" ? [] : pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node: Node | undefined;
  // Walk up to the deepest node that exists: a "required" diagnostic names a member that is absent.
  for (let n = path.length; n >= 0 && !node; n--) node = findNodeAtLocation(root, path.slice(0, n).map((t) => (/^\d+$/.test(t) ? Number(t) : t)));
  if (!node) return { from: 0, to: 1 };
  const prop = node.parent?.type === "property" ? node.parent : undefined;
  if (node.type === "object" || node.type === "array") {
    const key = prop?.children?.[0];
    return key ? { from: key.offset, to: key.offset + key.length } : { from: node.offset, to: node.offset + 1 };
  }
  return { from: prop ? prop.offset : node.offset, to: node.offset + node.length };
}

export async function lintProcedureText(text: string): Promise<Located[]> {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) {
    return errors.map((e) => ({ from: e.offset, to: e.offset + Math.max(1, e.length), severity: "error", code: "json.syntax", message: printParseErrorCode(e.error), params: { detail: printParseErrorCode(e.error) } }));
  }
  // The server sees the parsed object, where a repeated key has already replaced the first one.
  const duplicates = duplicateKeys(text);
  const res = await api.post<{ valid: boolean; diagnostics: Diagnostic[] }>("/procedures/validate", JSON.parse(text));
  return [...duplicates, ...res.diagnostics].map((d) => ({ ...locate(root, d.pointer), severity: d.severity, code: d.code, message: d.message, params: d.params, pointer: d.pointer }));
}
