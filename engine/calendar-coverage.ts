// How far a calendar file still answers, at an instant: the server refuses to start once its
// coverage no longer includes today, and warns (log, /health, the console's banner for
// administrators) from COVERAGE_WARNING_DAYS before the coverage or the announced schedule ends.
// A calendar must not expire silently: past its data, deadlines would skip real holidays.
import { type CalendarFile, type Instant, type LocalDate, type WorkingCalendar, announcedThrough, localDate } from "./calendar.js";
import { dayNumber, fromDayNumber } from "./civil-date.js";

export const COVERAGE_WARNING_DAYS = 60;

export type CoverageWarningCode =
  | "calendar.coverage_ending" // coverage ends within the warning window: the server will then refuse to start
  | "calendar.announced_ending" // the announced schedule ends within the window: due dates after it will be provisional
  | "calendar.announced_ended"; // today is past the announced schedule: new due dates are provisional

export interface CoverageWarning {
  code: CoverageWarningCode;
  /** The date the warning is about. */
  date: LocalDate;
  /** Days from today to that date (0 on the day itself; negative once past). */
  days: number;
  message: string;
}

export interface CalendarCoverage {
  calendar: string;
  today: LocalDate;
  from: LocalDate;
  to: LocalDate;
  announcedThrough: LocalDate;
  /** "expired" and "not-yet" both mean today is outside the coverage: the server does not start. */
  status: "ok" | "ending" | "expired" | "not-yet";
  /** Days from today to the end of coverage (0 on its last day). */
  daysLeft: number;
  warnings: CoverageWarning[];
}

export function calendarCoverage(cal: CalendarFile, now: Instant, warnDays = COVERAGE_WARNING_DAYS): CalendarCoverage {
  const today = localDate(now, cal);
  const { from, to } = cal.coverage;
  const announced = announcedThrough(cal) ?? to;
  const until = (date: LocalDate) => dayNumber(date) - dayNumber(today);
  const daysLeft = until(to);
  const status = today < from ? "not-yet" : daysLeft < 0 ? "expired" : daysLeft <= warnDays ? "ending" : "ok";
  const warnings: CoverageWarning[] = [];
  const warn = (code: CoverageWarningCode, date: LocalDate, message: string) => warnings.push({ code, date, days: until(date), message });
  if (status === "ending") {
    warn("calendar.coverage_ending", to, `calendar ${cal.id} covers dates up to ${to} (${daysLeft} days left); from ${fromDayNumber(dayNumber(to) + 1)} the server refuses to start on it. Add the next year's announced days off, check the statutory rules and extend coverage.to.`);
  }
  const announcedLeft = until(announced);
  if (announced < to && announcedLeft < 0) {
    warn("calendar.announced_ended", announced, `the announced holiday schedule in calendar ${cal.id} ended on ${announced}: due dates after it count only the statutory holidays and are marked provisional. Add the government's announcement (Tết break, swapped days, make-up Saturdays) and move announcedThrough.`);
  } else if (announced < to && announcedLeft <= warnDays) {
    warn("calendar.announced_ending", announced, `the announced holiday schedule in calendar ${cal.id} ends on ${announced} (${announcedLeft} days left): due dates after it count only the statutory holidays and are marked provisional. Add the government's announcement (Tết break, swapped days, make-up Saturdays) and move announcedThrough.`);
  }
  return { calendar: cal.id, today, from, to, announcedThrough: announced, status, daysLeft, warnings };
}

/** The report for any calendar the engine runs on; null when it declares no coverage (the server starts on none of those). */
export function coverageOf(cal: WorkingCalendar, now: Instant): CalendarCoverage | null {
  return cal.coverage ? calendarCoverage({ ...cal, coverage: cal.coverage }, now) : null;
}

/** Why the server must not start on this calendar today, or null when it may. */
export function coverageRefusal(c: CalendarCoverage): string | null {
  if (c.status === "expired") {
    return `calendar ${c.calendar} covers ${c.from}..${c.to}, which no longer includes today (${c.today}): deadlines computed on it would miss the holidays after ${c.to}. Update the file (announced holidays and make-up days, statutory rules, coverage.to) or point CALENDAR_FILE at a current one.`;
  }
  if (c.status === "not-yet") {
    return `calendar ${c.calendar} covers ${c.from}..${c.to}, which does not include today (${c.today}) yet: point CALENDAR_FILE at the calendar in force today.`;
  }
  return null;
}
