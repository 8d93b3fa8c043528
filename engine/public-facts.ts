// The facts of a signed result that its holder may show anyone: a bank clerk comparing the paper
// with the public check sees "entry 123 of book 01/2026, child N*** M*** An, born 2026" and spots a
// forged extract that carries a genuine code and digest. A procedure declares them on the signature
// checkpoint; they go into the payload the official signs, so the public answer is as signed, not as
// the server says. Masking keeps what the paper already shows at a glance and nothing more.
import type { PublicFact } from "../schemas/generated/procedure.js";
import type { CaseState } from "./case.js";
import { readPointer } from "./guards.js";

/** Where a fact's pointer may point (lint checks /data/... against the form). */
export const FACT_SOURCES = ["/data/", "/register/book", "/register/entry", "/register/date", "/code"] as const;

export function isFactPointer(pointer: string): boolean {
  return FACT_SOURCES.some((s) => (s.endsWith("/") ? pointer.startsWith(s) && pointer.length > s.length : pointer === s));
}

/** The shown value of each declared fact, by id; a fact with no value in the case is left out. */
export function publicFactsOf(c: CaseState, facts: readonly PublicFact[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of facts) {
    const raw = readPointer(c, f.pointer);
    if (raw === undefined || raw === null || typeof raw === "object") continue;
    out[f.id] = shown(String(raw).normalize("NFC"), f.show ?? "as-is");
  }
  return out;
}

function shown(value: string, show: NonNullable<PublicFact["show"]>): string {
  switch (show) {
    case "masked-name":
      return maskName(value);
    case "year":
      return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 4) : "";
    default:
      return value;
  }
}

/** "Nguyễn Minh An" -> "N*** M*** An": initials of every word but the given name, which is kept. */
export function maskName(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  return words.map((w, i) => (i === words.length - 1 ? w : `${Array.from(w)[0]}***`)).join(" ");
}
