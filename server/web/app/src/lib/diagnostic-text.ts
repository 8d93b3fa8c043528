// A lint diagnostic in the reader's language: the dictionary's text for its code (lint.<code>),
// filled from the values the server sent; the server's English message when the code is new to
// this console or a value is missing.
import type { I18n } from "../i18n/index.js";

export function diagnosticText(i18n: I18n, d: { code: string; message: string; params?: Record<string, string | number> }): string {
  return i18n.phrase(`lint.${d.code}`, d.params) ?? d.message;
}
