// A lint finding: stable code, severity, message, and a JSON pointer into the procedure file.
export type Severity = "error" | "warning";

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** RFC 6901 JSON pointer into the procedure document ("" is the whole document). */
  pointer: string;
  /** The values in the message, so a client can word it in another language from the code. */
  params?: Record<string, string | number>;
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
