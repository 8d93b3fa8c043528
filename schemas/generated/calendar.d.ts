/* Generated from schemas/calendar.schema.json by `npm run gen:types`. Do not edit. */

/**
 * This interface was referenced by `WorkingCalendar`'s JSON-Schema
 * via the `definition` "LocalDate".
 */
export type LocalDate = string;
/**
 * This interface was referenced by `WorkingCalendar`'s JSON-Schema
 * via the `definition` "LocalTime".
 */
export type LocalTime = string;

/**
 * A working-day calendar for statutory deadlines: weekly days off, the public holidays the law fixes (computed for any year, lunar ones on the Vietnamese lunar calendar), the days off and make-up working days the government announces each year, the end of the working day and the same-day cut-off. Semantic checks (real dates, a date both holiday and working day) are done by checkCalendar in engine/calendar.ts.
 */
export interface WorkingCalendar {
  $schema?: string;
  /**
   * Calendar identifier referenced by units and procedures, e.g. VN.
   */
  id: string;
  /**
   * IANA time zone in which local dates and times are read, e.g. Asia/Ho_Chi_Minh.
   */
  timeZone: string;
  /**
   * Weekly days off, 0 = Sunday .. 6 = Saturday.
   */
  weekend: number[];
  /**
   * Announced local dates the office is closed: public holidays, compensatory days for holidays on a weekend, and working days swapped into a holiday break. Up to announcedThrough this list is the whole truth; after it, these dates are added to the computed statutory days.
   */
  holidays: LocalDate[];
  /**
   * Weekend dates declared working days (make-up days for swapped days off), as announced.
   */
  workingWeekends: LocalDate[];
  /**
   * End of the working day, local time: due dates fall at this time.
   */
  workdayEnd: string;
  /**
   * Same-day cut-off, local time: a dossier received at or after it counts as received on the next working day. A procedure's deadline may set its own.
   */
  cutoff: string;
  /**
   * The dates this file answers for: its statutory rules were checked against the law in force for them. The server refuses to start when today is outside it and warns from 60 days before it ends; due dates after it are provisional.
   */
  coverage: {
    from: LocalDate;
    to: LocalDate;
  };
  /**
   * The last date up to which holidays and workingWeekends hold everything the government announced (Tết break, swapped days, bridge days, make-up Saturdays). After it only the computed statutory days (and any dates listed) are known, so a due date computed past it is provisional. Default: coverage.to.
   */
  announcedThrough?: string;
  /**
   * The public holidays the law fixes, computed for any year: the basis of the calendar after announcedThrough, and a check on the announced years.
   */
  statutory?: {
    /**
     * The law that fixes them, e.g. Bộ luật Lao động 2019, Điều 112.
     */
    basis?: string;
    /**
     * What happens to a holiday that falls on a weekly day off: next-working-day gives a compensatory day off on the first working day after the break (Bộ luật Lao động 2019, Điều 111 khoản 3); none gives nothing.
     */
    compensation?: "next-working-day" | "none";
    holidays: HolidayRule[];
  };
  /**
   * Names of listed dates, for people reading the file or a citizen asking why the office is closed.
   */
  labels?: {
    [k: string]: string;
  };
  /**
   * Where the dates come from (decree, announcement).
   */
  source?: string;
  /**
   * Assumptions and maintenance notes for the administrator.
   */
  notes?: string[];
}
/**
 * One public holiday, every year: a date on a calendar, how many days, where they start, and an adjacent day the government picks.
 *
 * This interface was referenced by `WorkingCalendar`'s JSON-Schema
 * via the `definition` "HolidayRule".
 */
export interface HolidayRule {
  /**
   * Its name, for people (e.g. Tết Nguyên Đán).
   */
  name: string;
  date: AnnualDate;
  /**
   * Consecutive days off. Default 1.
   */
  days?: number;
  /**
   * The first day off relative to the date, in days: -2 starts two days before it (e.g. the last two days of the lunar year before Tết). Default 0.
   */
  startOffset?: number;
  /**
   * One more day off next to the holiday, which the Prime Minister picks each year (Quốc khánh: 2/9 and the day before or after). toward-weekend picks the neighbouring working day that joins the break to a weekend, the day before when both or neither do.
   */
  adjacentDay?: "before" | "after" | "toward-weekend";
  /**
   * First year the rule applies (an amendment in force from then).
   */
  fromYear?: number;
  /**
   * Last year the rule applies.
   */
  toYear?: number;
}
/**
 * A date that recurs every year, on the Gregorian or the Vietnamese lunar calendar (âm lịch, reckoned at UTC+7).
 *
 * This interface was referenced by `WorkingCalendar`'s JSON-Schema
 * via the `definition` "AnnualDate".
 */
export interface AnnualDate {
  calendar: "gregorian" | "vietnamese-lunar";
  month: number;
  day: number;
}
