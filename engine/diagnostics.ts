// A lint finding: stable code, severity, message, and a JSON pointer into the procedure file.
export type Severity = "error" | "warning";

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** RFC 6901 JSON pointer into the procedure document ("" is the whole document). */
  pointer: string;
}

/** RFC 6901: escape a reference token ("~" -> "~0", "/" -> "~1"). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointer(...tokens: Array<string | number>): string {
  return tokens.map((t) => "/" + pointerToken(t)).join("");
}

export function hasErrors(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
