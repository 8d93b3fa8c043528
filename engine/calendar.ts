// The working-day calendar: which local dates an office works, and when its day ends.
// Everything is data from a calendar file (procedures/calendars/*.json), never hard-coded.
// Two kinds of data meet here: the public holidays a law fixes, computed for any year from the
// file's rules (engine/holidays.ts), and what the government announces each year (the Tết break,
// swapped days, make-up Saturdays), listed up to `announcedThrough`. Up to that date the lists
// are the whole truth; after it the rules decide, and a due date there is provisional.
// Pure: instants come in as ISO-8601 strings, local dates are derived with Intl in the
// calendar's own time zone, so a calendar for another zone (even one with DST) also works.

import type { WorkingCalendar as CalendarFile } from "../schemas/generated/calendar.js";
import { type LocalDate, dayNumber, fromDayNumber, civilDayNumber, weekdayOfDayNumber, yearOfDayNumber } from "./civil-date.js";
import { isStatutoryDayOff } from "./holidays.js";

export { type LocalDate, isLocalDate } from "./civil-date.js";
/** A calendar file as schemas/calendar.schema.json requires it: the server starts only on one of these. */
export type { CalendarFile };

/** An instant: ISO-8601 with an explicit offset ("2026-03-02T08:15:00.000Z"). */
export type Instant = string;

/**
 * What the engine computes on: a calendar file whose coverage may be missing (recorded histories
 * embed older files; without coverage nothing counts as provisional).
 */
export type WorkingCalendar = Omit<CalendarFile, "coverage"> & { coverage?: CalendarFile["coverage"] };

const DAY_MS = 86_400_000;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
// An instant without an offset would be read in the host's zone: refuse it, results must not depend on the machine.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
// A calendar that has no working day within ten years is broken; stop instead of looping forever.
const MAX_SCAN_DAYS = 3660;

export function isLocalTime(s: unknown): s is string {
  return typeof s === "string" && TIME_RE.test(s);
}

/** Milliseconds since the epoch; throws RangeError on anything but an ISO-8601 instant with offset. */
export function instantMs(instant: Instant): number {
  const ms = INSTANT_RE.test(instant) ? Date.parse(instant) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant with offset: ${JSON.stringify(instant)}`);
  return ms;
}

/** The local date of an instant in the calendar's zone. */
export function localDate(instant: Instant, cal: WorkingCalendar): LocalDate {
  const p = zonedParts(instantMs(instant), cal.timeZone);
  return fromDayNumber(civilDayNumber(p.year, p.month, p.day));
}

/**
 * A listed holiday wins over a make-up day (checkCalendar reports the conflict); a make-up day wins
 * over the weekend and the rules; the rules count only after the announced schedule ends.
 */
export function isWorkingDay(date: LocalDate, cal: WorkingCalendar): boolean {
  const n = dayNumber(date);
  if (cal.holidays.includes(date)) return false;
  if (cal.workingWeekends.includes(date)) return true;
  if (cal.statutory && !isAnnounced(date, cal) && isStatutoryDayOff(n, yearOfDayNumber(n), cal)) return false;
  return !cal.weekend.includes(weekdayOfDayNumber(n));
}

/** The last date the announced schedule covers (announcedThrough, else the end of coverage); undefined when the file declares neither. */
export function announcedThrough(cal: WorkingCalendar): LocalDate | undefined {
  return cal.announcedThrough ?? cal.coverage?.to;
}

/** Whether the government's announced days off for `date` are in the file (from the start of coverage to announcedThrough). */
export function isAnnounced(date: LocalDate, cal: WorkingCalendar): boolean {
  const to = announcedThrough(cal);
  if (to === undefined) return false;
  return date <= to && (cal.coverage === undefined || date >= cal.coverage.from);
}

/**
 * A due date on `date` is provisional when it lies after the announced schedule: it counts the
 * statutory holidays only, and may move when the government announces that year's days off.
 */
export function isProvisionalDate(date: LocalDate, cal: WorkingCalendar): boolean {
  const to = announcedThrough(cal);
  return to !== undefined && date > to;
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: LocalDate, cal: WorkingCalendar): LocalDate {
  return addWorkingDays(date, 1, cal);
}

/** The n-th working day strictly after `date` (n = 0: `date` itself, whatever it is). */
export function addWorkingDays(date: LocalDate, n: number, cal: WorkingCalendar): LocalDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer: ${n}`);
  let day = dayNumber(date);
  let idle = 0;
  for (let found = 0; found < n; ) {
    day += 1;
    if (isWorkingDay(fromDayNumber(day), cal)) {
      found += 1;
      idle = 0;
    } else if (++idle > MAX_SCAN_DAYS) {
      throw new RangeError(`calendar ${cal.id} has no working day after ${date}`);
    }
  }
  return fromDayNumber(day);
}

/** Working days d with fromDate <= d < toDate (half-open, so consecutive spans add up); 0 when toDate <= fromDate. */
export function workingDaysBetween(fromDate: LocalDate, toDate: LocalDate, cal: WorkingCalendar): number {
  const end = dayNumber(toDate);
  let count = 0;
  for (let d = dayNumber(fromDate); d < end; d++) if (isWorkingDay(fromDayNumber(d), cal)) count++;
  return count;
}

/** The instant the working day ends on `date` (workdayEnd, local). */
export function endOfWorkingDay(date: LocalDate, cal: WorkingCalendar): Instant {
  return atLocalTime(date, cal.workdayEnd, cal);
}

/** The instant of wall-clock `time` ("HH:MM") on local `date` in the calendar's zone. */
export function atLocalTime(date: LocalDate, time: string, cal: Pick<WorkingCalendar, "timeZone">): Instant {
  const t = TIME_RE.exec(time);
  if (!t) throw new RangeError(`not a local time HH:MM: ${JSON.stringify(time)}`);
  const wall = dayNumber(date) * DAY_MS + (+t[1]! * 60 + +t[2]!) * 60_000;
  // The offset depends on the instant we are looking for; two passes settle it across a DST change.
  let ms = wall - offsetMs(wall, cal.timeZone);
  ms = wall - offsetMs(ms, cal.timeZone);
  return new Date(ms).toISOString();
}

/** Weekday of a local date, 0 = Sunday .. 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return weekdayOfDayNumber(dayNumber(date));
}

// --- time zones through Intl (formatters are cached: building one is costly, using one is pure) ---

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function zonedParts(ms: number, timeZone: string) {
  const get: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) if (p.type !== "literal") get[p.type] = Number(p.value);
  return { year: get.year!, month: get.month!, day: get.day!, hour: get.hour!, minute: get.minute!, second: get.second! };
}

/** Zone offset at an instant (local wall time minus UTC), in ms. */
function offsetMs(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** True when the zone is known to this runtime's Intl. */
export function isTimeZone(timeZone: unknown): boolean {
  if (typeof timeZone !== "string" || timeZone === "") return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}
