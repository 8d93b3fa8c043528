// The working-day calendar: which local dates an office works, and when its day ends.
// Everything is data from a calendar file (procedures/calendars/*.json), never hard-coded,
// because Vietnam announces holidays and make-up working days year by year.
// Pure: instants come in as ISO-8601 strings, local dates are derived with Intl in the
// calendar's own time zone, so a calendar for another zone (even one with DST) also works.

import { type Diagnostic, pointer } from "./diagnostics.js";

/** An instant: ISO-8601 with an explicit offset ("2026-03-02T08:15:00.000Z"). */
export type Instant = string;
/** A civil date in the calendar's time zone: "YYYY-MM-DD". */
export type LocalDate = string;

export interface WorkingCalendar {
  $schema?: string;
  id: string;
  /** IANA zone, e.g. "Asia/Ho_Chi_Minh". */
  timeZone: string;
  /** Weekly days off, 0 = Sunday .. 6 = Saturday. */
  weekend: number[];
  /** Local dates the office is closed (public holidays, observed and swapped days off). */
  holidays: LocalDate[];
  /** Weekend dates declared working days (make-up days for swapped holidays). */
  workingWeekends: LocalDate[];
  /** End of the working day, "HH:MM" local: due dates fall at this time. */
  workdayEnd: string;
  /** Same-day cut-off, "HH:MM" local: received at or after it counts as received next working day. */
  cutoff: string;
  /** The dates this file was maintained for; outside them holidays are unknown. */
  coverage?: { from: LocalDate; to: LocalDate };
  /** Names of listed dates, for people (e.g. "Tết Nguyên Đán"). */
  labels?: Record<LocalDate, string>;
  source?: string;
  notes?: string[];
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
// An instant without an offset would be read in the host's zone: refuse it, results must not depend on the machine.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
// A calendar that has no working day within ten years is broken; stop instead of looping forever.
const MAX_SCAN_DAYS = 3660;

export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== "string") return false;
  const m = DATE_RE.exec(s);
  return !!m && fromDayNumber(toDayNumberUnchecked(+m[1]!, +m[2]!, +m[3]!)) === s;
}

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
  return fromDayNumber(toDayNumberUnchecked(p.year, p.month, p.day));
}

/** A holiday wins over a make-up day (checkCalendar reports the conflict); a make-up day wins over the weekend. */
export function isWorkingDay(date: LocalDate, cal: WorkingCalendar): boolean {
  const n = dayNumber(date);
  if (cal.holidays.includes(date)) return false;
  if (cal.workingWeekends.includes(date)) return true;
  return !cal.weekend.includes(weekdayOfDayNumber(n));
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

/**
 * Checks what the JSON Schema cannot: real dates and zones, contradictions, dates outside the
 * declared coverage. The schema checks the shape; run it first (this assumes arrays and strings).
 */
export function checkCalendar(cal: WorkingCalendar): Diagnostic[] {
  const out: Diagnostic[] = [];
  const err = (code: string, ptr: string, message: string, severity: Diagnostic["severity"] = "error") =>
    out.push({ code, severity, message, pointer: ptr });
  if (!isTimeZone(cal.timeZone)) err("calendar.time_zone", pointer("timeZone"), `unknown time zone ${JSON.stringify(cal.timeZone)}`);
  cal.weekend.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d > 6) err("calendar.weekday", pointer("weekend", i), `weekday must be 0 (Sunday) .. 6 (Saturday): ${d}`);
  });
  if (new Set(cal.weekend).size >= 7) err("calendar.no_working_days", pointer("weekend"), "every weekday is a weekend day");
  for (const key of ["workdayEnd", "cutoff"] as const) {
    if (!isLocalTime(cal[key])) err("calendar.time", pointer(key), `not a local time HH:MM: ${JSON.stringify(cal[key])}`);
  }
  if (isLocalTime(cal.cutoff) && isLocalTime(cal.workdayEnd) && cal.cutoff > cal.workdayEnd) {
    err("calendar.cutoff_after_end", pointer("cutoff"), `cut-off ${cal.cutoff} is after the end of the working day ${cal.workdayEnd}`);
  }
  const cov = cal.coverage;
  if (cov && !(isLocalDate(cov.from) && isLocalDate(cov.to) && cov.from <= cov.to)) {
    err("calendar.coverage", pointer("coverage"), "coverage needs two dates, from <= to");
  }
  const holidays = new Set(cal.holidays);
  for (const key of ["holidays", "workingWeekends"] as const) {
    const seen = new Set<string>();
    cal[key].forEach((date, i) => {
      const ptr = pointer(key, i);
      if (!isLocalDate(date)) return err("calendar.date", ptr, `not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
      if (seen.has(date)) err("calendar.duplicate_date", ptr, `${date} is listed twice`, "warning");
      seen.add(date);
      if (cov && isLocalDate(cov.from) && isLocalDate(cov.to) && (date < cov.from || date > cov.to)) {
        err("calendar.outside_coverage", ptr, `${date} is outside the coverage ${cov.from}..${cov.to}`, "warning");
      }
      if (key === "workingWeekends" && holidays.has(date)) {
        err("calendar.holiday_and_working", ptr, `${date} is both a holiday and a make-up working day`);
      }
      if (key === "workingWeekends" && !cal.weekend.includes(weekdayOf(date))) {
        err("calendar.working_weekday", ptr, `${date} is not a weekend day, so declaring it a working day changes nothing`, "warning");
      }
    });
  }
  for (const date of Object.keys(cal.labels ?? {})) {
    if (!holidays.has(date) && !cal.workingWeekends.includes(date)) {
      err("calendar.label_unused", pointer("labels", date), `label for ${date}, which is neither a holiday nor a make-up day`, "warning");
    }
  }
  return out;
}

// --- civil-date arithmetic on day numbers (days since 1970-01-01), independent of any zone ---

function dayNumber(date: LocalDate): number {
  if (!isLocalDate(date)) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  const m = DATE_RE.exec(date)!;
  return toDayNumberUnchecked(+m[1]!, +m[2]!, +m[3]!);
}

function toDayNumberUnchecked(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function weekdayOfDayNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7; // day 0 (1970-01-01) was a Thursday
}

function fromDayNumber(n: number): LocalDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
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
