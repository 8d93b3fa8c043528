// `motcua lint <files...> [--json]`: the administrator's check before publishing.
import { readFile } from "node:fs/promises";
import { lintProcedureText } from "../../engine/procedure/lint.js";
import type { Diagnostic } from "../../engine/diagnostics.js";
import { locatePointer } from "../json-locate.js";

interface FileReport {
  file: string;
  diagnostics: Array<Diagnostic & { line?: number; column?: number }>;
}

export async function lintFile(file: string): Promise<FileReport> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    return { file, diagnostics: [{ code: "file.unreadable", severity: "error", pointer: "", message: (e as Error).message }] };
  }
  return { file, diagnostics: lintProcedureText(text).map((d) => ({ ...d, ...locatePointer(text, d.pointer) })) };
}

export async function lintCommand(args: string[]): Promise<number> {
  const json = args.includes("--json");
  const files = args.filter((a) => !a.startsWith("--"));
  if (files.length === 0) {
    console.error("usage: motcua lint <files...> [--json]");
    return 2;
  }
  const reports = await Promise.all(files.map(lintFile));
  const errors = reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === "error").length, 0);
  if (json) {
    console.log(JSON.stringify({ errors, files: reports }, null, 2));
  } else {
    for (const r of reports) {
      if (r.diagnostics.length === 0) console.log(`${r.file}: ok`);
      for (const d of r.diagnostics) {
        const at = d.line ? `:${d.line}:${d.column}` : "";
        console.log(`${r.file}${at}: ${d.severity} ${d.code} at ${d.pointer || "/"}: ${d.message}`);
      }
    }
    console.log(`${reports.length} file(s), ${errors} error(s)`);
  }
  return errors > 0 ? 1 : 0;
}
