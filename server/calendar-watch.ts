// The calendar must not expire silently (engine/calendar-coverage.ts decides what to say):
// `npm start` refuses to run on a calendar whose coverage no longer includes today, and a running
// server logs each warning at start and once a day, so an operator who reads only the logs learns
// it weeks ahead. /health and the console's banner for administrators show the same report.
import type { CalendarFile } from "../engine/calendar.js";
import { type CalendarCoverage, calendarCoverage, coverageRefusal } from "../engine/calendar-coverage.js";
import type { Logger } from "./log.js";

const DAY_MS = 86_400_000;

/** Logs the coverage warnings (and, while running past coverage, an error) as of `now`; returns the report. */
export function logCalendarCoverage(cal: CalendarFile, now: string, log: Logger): CalendarCoverage {
  const c = calendarCoverage(cal, now);
  const refusal = coverageRefusal(c);
  if (refusal) log.error({ calendar: c }, `${refusal} This process keeps running; it will not start again on this file.`);
  for (const w of c.warnings) log.warn({ calendar: c.calendar, code: w.code, date: w.date, days: w.days }, w.message);
  return c;
}

/** The start-up check: the reason to refuse, or the warnings logged and null. */
export function checkCalendarAtStart(cal: CalendarFile, now: string, log: Logger): string | null {
  const refusal = coverageRefusal(calendarCoverage(cal, now));
  if (refusal) return refusal;
  logCalendarCoverage(cal, now, log);
  return null;
}

/** Repeats the log lines once a day; the timer does not keep the process alive. */
export function watchCalendar(cal: CalendarFile, clock: () => string, log: Logger, everyMs = DAY_MS): () => void {
  const t = setInterval(() => logCalendarCoverage(cal, clock(), log), everyMs);
  t.unref();
  return () => clearInterval(t);
}

/** The start-up banner's line: what the calendar covers, and each warning on its own line. */
export function calendarLine(c: CalendarCoverage): string {
  const head = `calendar: ${c.calendar} covers ${c.from}..${c.to}, announced holidays through ${c.announcedThrough}`;
  return [head, ...c.warnings.map((w) => `  WARNING: ${w.message}`)].join("\n");
}
