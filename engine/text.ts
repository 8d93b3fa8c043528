import { fieldError } from "./errors.js";

// Text as people type it, compared and stored one way: precomposed Unicode (NFC), no surrounding
// spaces, runs of spaces as one. Names, reasons, search phrases and duplicate keys all use it.
export function collapsedText(s: string): string {
  return s.normalize("NFC").trim().replace(/\s+/g, " ");
}

/** Why an administrator changes something (a deactivation, a dissolution): 5 to 500 characters, collapsed. */
export function statedReason(v: unknown): string {
  const reason = typeof v === "string" ? collapsedText(v) : "";
  if (reason.length < 5 || reason.length > 500) throw fieldError("/reason", "minLength", "say why, in 5 to 500 characters");
  return reason;
}
