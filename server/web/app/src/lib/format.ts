// Dates and times shown in the working calendar's time zone (the server's), not the browser's.
import type { Lang } from "../i18n/index.js";

const locale = (lang: Lang) => (lang === "vi" ? "vi-VN" : "en-GB");

export function formatDateTime(iso: string | null | undefined, lang: Lang, timeZone: string): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale(lang), { timeZone, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, lang: Lang, timeZone: string): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale(lang), { timeZone, day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD) as people write it: 20/02/2026. */
export function formatLocalDate(v: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return v;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** YYYY-MM-DD of an instant in the time zone, for "is it due today". */
export function localDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));
}

export function shortHash(h: string | undefined, n = 12): string {
  return h ? `${h.slice(0, n)}…` : "—";
}

/** A role's short name ("Công chức tiếp nhận (Bộ phận một cửa)" -> "Công chức tiếp nhận"). */
export function shortRole(title: string): string {
  return title.split(/\s*[(,]/)[0]!.trim();
}
