// Maps a JSON pointer to a line and column in the source text, so diagnostics point at the
// offending place in an editor (the CLI and the web console's procedure editor use it).
import { parseTree, findNodeAtLocation, type Node } from "jsonc-parser";

export function locatePointer(text: string, pointer: string): { line?: number; column?: number } {
  const root = parseTree(text);
  if (!root) return {};
  const path = pointer === "" ? [] : pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  // Walk up to the deepest node that exists: a "required" diagnostic names a member that is absent.
  let node: Node | undefined;
  for (let n = path.length; n >= 0 && !node; n--) {
    node = findNodeAtLocation(root, path.slice(0, n).map((t) => (/^\d+$/.test(t) ? Number(t) : t)));
  }
  if (!node) return {};
  // Point at the member's key when there is one: that is where the reader's eye goes.
  const offset = node.parent?.type === "property" ? node.parent.offset : node.offset;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
