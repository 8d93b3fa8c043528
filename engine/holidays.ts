// The public holidays a law fixes, computed for any year from the calendar file's rules
// (`statutory.holidays`), so a calendar does not go blank when nobody has typed next year in.
// For Vietnam (Bộ luật Lao động 2019): 1/1; five days of Tết; 10/3 lunar; 30/4; 1/5; 2/9 and a
// day next to it (Điều 112), and a holiday on a weekly day off gives a day off on the next
// working day (Điều 111 khoản 3). The Prime Minister fixes the exact Tết days and the day next
// to 2/9 each year; those announced schedules stay data in the file and win over these rules.
import type { AnnualDate, HolidayRule, WorkingCalendar as CalendarFile } from "../schemas/generated/calendar.js";
import { type LocalDate, civilDayNumber, fromDayNumber, weekdayOfDayNumber } from "./civil-date.js";
import { lunarToDayNumber } from "./lunar.js";

export type { AnnualDate, HolidayRule };

type RuleSource = Pick<CalendarFile, "weekend" | "statutory">;

/** A day off the rules give, with why. */
export interface StatutoryDayOff {
  date: LocalDate;
  /** The rule's name; for a compensatory day, the name of the holiday it makes up for. */
  name: string;
  kind: "holiday" | "adjacent" | "compensatory";
}

// Per calendar object and year; calendars are read once and never mutated, and the result is a
// pure function of both, so the memo changes no answer, only how often the lunar months are worked out.
const memo = new WeakMap<object, Map<number, Map<number, StatutoryDayOff>>>();

/**
 * The days off the rules give for Gregorian `year`, by day number. A lunar rule takes the lunar
 * year whose month 1 begins in `year`. Compensatory days follow the break they make up for, so
 * one may fall in January of the next year.
 */
export function statutoryDaysOff(year: number, cal: RuleSource): ReadonlyMap<number, StatutoryDayOff> {
  if (!cal.statutory) return EMPTY;
  let years = memo.get(cal);
  if (!years) memo.set(cal, (years = new Map()));
  let days = years.get(year);
  if (!days) years.set(year, (days = computeYear(year, cal)));
  return days;
}

const EMPTY: ReadonlyMap<number, StatutoryDayOff> = new Map();

/** True when the rules close the office on this day number (looking at this year's and, for spill-over compensation, last year's rules). */
export function isStatutoryDayOff(day: number, year: number, cal: RuleSource): boolean {
  return statutoryDaysOff(year, cal).has(day) || statutoryDaysOff(year - 1, cal).has(day);
}

/** The day number a rule's date falls on in `year`. */
export function annualDateIn(year: number, d: AnnualDate): number {
  return d.calendar === "vietnamese-lunar" ? lunarToDayNumber({ year, month: d.month, day: d.day, leap: false }) : civilDayNumber(year, d.month, d.day);
}

function computeYear(year: number, cal: RuleSource): Map<number, StatutoryDayOff> {
  const weekend = new Set(cal.weekend);
  const isWeekend = (n: number) => weekend.has(weekdayOfDayNumber(n));
  const out = new Map<number, StatutoryDayOff>();
  const add = (n: number, name: string, kind: StatutoryDayOff["kind"]) => {
    if (!out.has(n)) out.set(n, { date: fromDayNumber(n), name, kind });
  };
  for (const rule of cal.statutory!.holidays) {
    if ((rule.fromYear !== undefined && year < rule.fromYear) || (rule.toYear !== undefined && year > rule.toYear)) continue;
    const first = annualDateIn(year, rule.date) + (rule.startOffset ?? 0);
    const last = first + (rule.days ?? 1) - 1;
    for (let n = first; n <= last; n++) add(n, rule.name, "holiday");
    if (rule.adjacentDay) add(adjacentDay(first, last, rule.adjacentDay, isWeekend), rule.name, "adjacent");
  }
  if ((cal.statutory!.compensation ?? "next-working-day") === "next-working-day") compensate(out, isWeekend, add);
  return new Map([...out].sort((a, b) => a[0] - b[0]));
}

/**
 * "toward-weekend": the neighbour that is a working day and joins the break to a weekend
 * (Tuesday 2/9 -> Monday 1/9; Thursday -> Friday 3/9), else one that is a working day, the day
 * before first. This is how the adjacent day of Quốc khánh was announced in 2021-2025.
 */
function adjacentDay(first: number, last: number, how: NonNullable<HolidayRule["adjacentDay"]>, isWeekend: (n: number) => boolean): number {
  if (how === "before") return first - 1;
  if (how === "after") return last + 1;
  const score = (n: number, away: number) => (isWeekend(n) ? 0 : isWeekend(away) ? 2 : 1);
  return score(last + 1, last + 2) > score(first - 1, first - 2) ? last + 1 : first - 1;
}

/** Each day of a break (consecutive days off) that falls on a weekly day off gives a day off on the next working day after the break. */
function compensate(out: Map<number, StatutoryDayOff>, isWeekend: (n: number) => boolean, add: (n: number, name: string, kind: "compensatory") => void): void {
  const days = [...out.keys()].sort((a, b) => a - b);
  let next = -Infinity; // compensatory days already handed out end before this day
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    const owed = days.slice(i, j + 1).filter(isWeekend);
    let n = Math.max(days[j]! + 1, next);
    for (const d of owed) {
      while (isWeekend(n) || out.has(n)) n++;
      add(n, out.get(d)!.name, "compensatory");
      n++;
    }
    next = n;
    i = j + 1;
  }
}
