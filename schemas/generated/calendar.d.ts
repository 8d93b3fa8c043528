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
 * A working-day calendar for statutory deadlines: weekly days off, public holidays and make-up working days as announced each year, the end of the working day and the same-day cut-off. Semantic checks (real dates, a date both holiday and working day) are done by checkCalendar in engine/calendar.ts.
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
   * Local dates the office is closed: public holidays, compensatory days for holidays on a weekend, and working days swapped into a holiday break.
   */
  holidays: LocalDate[];
  /**
   * Weekend dates declared working days (make-up days for swapped days off).
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
   * The dates this file was maintained for; outside them holidays are unknown and must be added before the year starts.
   */
  coverage?: {
    from: LocalDate;
    to: LocalDate;
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
