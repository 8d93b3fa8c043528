// Duplicate member names in a procedure file. JSON.parse keeps the last of two "actions" (or two
// "owner"s in one state) without a word, so an administrator's edit can silently replace half a
// procedure; lint reports each repeat where it was written. Works on the text, before parsing.
import { visit } from "jsonc-parser";
import { type Diagnostic, pointerToken } from "../diagnostics.js";

export function duplicateKeys(text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const open: Array<Set<string>> = [];
  visit(
    text,
    {
      onObjectBegin: () => {
        open.push(new Set());
      },
      onObjectEnd: () => {
        open.pop();
      },
      onObjectProperty: (name, _offset, _length, startLine, _startCharacter, pathSupplier) => {
        const seen = open[open.length - 1];
        if (!seen) return;
        if (seen.has(name)) {
          const at = [...pathSupplier(), name].map((t) => "/" + pointerToken(t)).join("");
          out.push({ code: "json.duplicate-key", severity: "error", pointer: at, message: `'${name}' appears twice in the same object (line ${startLine + 1}); JSON keeps only the last one`, params: { key: name, line: startLine + 1 } });
        }
        seen.add(name);
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return out;
}
