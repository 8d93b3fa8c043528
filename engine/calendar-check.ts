// Checks of a calendar file that its JSON Schema cannot make: real dates and zones,
// contradictions, dates outside the declared coverage, rules that name impossible dates, and
// announced years whose lists leave open an office the law closes.
import { type Diagnostic, pointer } from "./diagnostics.js";
import { type WorkingCalendar, announcedThrough, isLocalTime, isTimeZone, isWorkingDay, weekdayOf } from "./calendar.js";
import { civilDayNumber, dayNumber, fromDayNumber, isLocalDate, yearOfDayNumber } from "./civil-date.js";
import { statutoryDaysOff } from "./holidays.js";

/** The schema checks the shape; run it first (this assumes arrays and strings where it asks for them). */
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
  const coverageOk = !cov || (isLocalDate(cov.from) && isLocalDate(cov.to) && cov.from <= cov.to);
  if (!coverageOk) err("calendar.coverage", pointer("coverage"), "coverage needs two dates, from <= to");
  if (cal.announcedThrough !== undefined) {
    if (!isLocalDate(cal.announcedThrough)) err("calendar.date", pointer("announcedThrough"), `not a date YYYY-MM-DD: ${JSON.stringify(cal.announcedThrough)}`);
    else if (cov && coverageOk && (cal.announcedThrough < cov.from || cal.announcedThrough > cov.to)) {
      err("calendar.announced_outside_coverage", pointer("announcedThrough"), `announcedThrough ${cal.announcedThrough} is outside the coverage ${cov.from}..${cov.to}`);
    }
  }
  const holidays = new Set(cal.holidays);
  for (const key of ["holidays", "workingWeekends"] as const) {
    const seen = new Set<string>();
    cal[key].forEach((date, i) => {
      const ptr = pointer(key, i);
      if (!isLocalDate(date)) return err("calendar.date", ptr, `not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
      if (seen.has(date)) err("calendar.duplicate_date", ptr, `${date} is listed twice`, "warning");
      seen.add(date);
      if (cov && coverageOk && (date < cov.from || date > cov.to)) {
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
  const rulesOk = checkRules(cal, err);
  if (rulesOk && out.every((d) => d.severity !== "error")) checkAnnouncedAgainstRules(cal, err);
  return out;
}

type Report = (code: string, ptr: string, message: string, severity?: Diagnostic["severity"]) => void;

function checkRules(cal: WorkingCalendar, err: Report): boolean {
  let ok = true;
  (cal.statutory?.holidays ?? []).forEach((rule, i) => {
    const { calendar, month, day } = rule.date;
    // A lunar month has 29 or 30 days, so "the 30th" does not exist every year: name the 1st of the next month and a negative startOffset.
    const impossible = calendar === "vietnamese-lunar" ? day > 29 : fromDayNumber(civilDayNumber(2001, month, day)) !== `2001-${pad(month)}-${pad(day)}`;
    if (impossible) {
      ok = false;
      err("calendar.rule_date", pointer("statutory", "holidays", i, "date"), `${calendar} ${day}/${month} does not exist every year`);
    }
    if (rule.fromYear !== undefined && rule.toYear !== undefined && rule.fromYear > rule.toYear) {
      ok = false;
      err("calendar.rule_years", pointer("statutory", "holidays", i), `fromYear ${rule.fromYear} is after toYear ${rule.toYear}`);
    }
  });
  return ok;
}

/**
 * In the announced years the lists decide, but a day the law closes that the lists leave open is
 * most likely a typo in the announcement's transcription (the Prime Minister may move Tết days
 * and the day next to 2/9, so this is a warning, not an error).
 */
function checkAnnouncedAgainstRules(cal: WorkingCalendar, err: Report): void {
  const to = announcedThrough(cal);
  if (!cal.statutory || !cal.coverage || to === undefined) return;
  const [from, end] = [dayNumber(cal.coverage.from), dayNumber(to)];
  for (let year = yearOfDayNumber(from); year <= yearOfDayNumber(end); year++) {
    for (const [n, off] of statutoryDaysOff(year, cal)) {
      if (n < from || n > end || !isWorkingDay(off.date, cal)) continue;
      err("calendar.statutory_day_working", pointer("holidays"), `${off.date} (${off.name}, ${off.kind}) is a day off by the statutory rules but a working day in the announced lists`, "warning");
    }
  }
}

const pad = (n: number) => String(n).padStart(2, "0");
