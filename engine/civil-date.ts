// Civil dates ("YYYY-MM-DD") as day numbers (days since 1970-01-01), independent of any zone:
// the arithmetic the working-day calendar and the holiday rules share.

/** A civil date in a calendar's time zone: "YYYY-MM-DD". */
export type LocalDate = string;

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== "string") return false;
  const m = DATE_RE.exec(s);
  return !!m && fromDayNumber(civilDayNumber(+m[1]!, +m[2]!, +m[3]!)) === s;
}

/** The day number of a valid date; RangeError otherwise. */
export function dayNumber(date: LocalDate): number {
  if (!isLocalDate(date)) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  const m = DATE_RE.exec(date)!;
  return civilDayNumber(+m[1]!, +m[2]!, +m[3]!);
}

/** Day number of year/month/day; out-of-range parts roll over (31 April is 1 May), as Date.UTC does. */
export function civilDayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function fromDayNumber(n: number): LocalDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function yearOfDayNumber(n: number): number {
  return new Date(n * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday .. 6 = Saturday. */
export function weekdayOfDayNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7; // day 0 (1970-01-01) was a Thursday
}
