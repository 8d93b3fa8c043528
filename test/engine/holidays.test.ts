// The statutory holiday rules of procedures/calendars/VN.json (Bộ luật Lao động 2019, Điều 112
// and 111(3)) against what the government actually gave civil servants in 2021-2024, the years
// before the file's announced lists: every weekday listed below was a day off in that year's
// announcement (swapped days and make-up Saturdays, which the rules cannot know, left out).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type WorkingCalendar, isWorkingDay, nextWorkingDay } from "../../engine/calendar.js";
import { checkCalendar } from "../../engine/calendar-check.js";
import { statutoryDaysOff } from "../../engine/holidays.js";

const VN = JSON.parse(readFileSync(new URL("../../procedures/calendars/VN.json", import.meta.url), "utf8")) as WorkingCalendar;
/** The rules alone: no announced list, no coverage, so every date is decided by the rules. */
const rulesOnly: WorkingCalendar = { ...VN, holidays: [], workingWeekends: [], labels: {}, coverage: undefined, announcedThrough: undefined };

const ANNOUNCED_WEEKDAYS_OFF = {
  2021: ["2021-01-01", "2021-02-10", "2021-02-11", "2021-02-12", "2021-02-15", "2021-02-16", "2021-04-21", "2021-04-30", "2021-05-03", "2021-09-02", "2021-09-03"],
  2022: ["2022-01-03", "2022-01-31", "2022-02-01", "2022-02-02", "2022-02-03", "2022-02-04", "2022-04-11", "2022-05-02", "2022-05-03", "2022-09-01", "2022-09-02"],
  2023: ["2023-01-02", "2023-01-20", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26", "2023-05-01", "2023-05-02", "2023-05-03", "2023-09-01", "2023-09-04"],
  2024: ["2024-01-01", "2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14", "2024-04-18", "2024-04-30", "2024-05-01", "2024-09-02", "2024-09-03"],
};

describe("statutory holidays computed for any year", () => {
  it.each(Object.entries(ANNOUNCED_WEEKDAYS_OFF))("%s: the rules close exactly the announced weekdays (11 a year, compensatory days included)", (year, days) => {
    const computedWeekdaysOff = [...statutoryDaysOff(Number(year), rulesOnly).values()].map((d) => d.date).filter((d) => !isWeekend(d));
    expect(computedWeekdaysOff).toEqual(days);
  });

  it("2027, which the government has not announced: 1/1, Tết 4-10 Feb, Giỗ Tổ 16 Apr, 30/4-3/5, 2-3 Sep", () => {
    const off = [...statutoryDaysOff(2027, VN).values()].map((d) => `${d.date} ${d.kind}`);
    expect(off).toEqual([
      "2027-01-01 holiday", // Fri
      "2027-02-04 holiday", "2027-02-05 holiday", "2027-02-06 holiday", "2027-02-07 holiday", "2027-02-08 holiday", // 28 Chạp .. mùng 3
      "2027-02-09 compensatory", "2027-02-10 compensatory", // for Sat 6 and Sun 7 (mùng 1, mùng 2)
      "2027-04-16 holiday", // Fri, 10/3 Đinh Mùi
      "2027-04-30 holiday", "2027-05-01 holiday", "2027-05-03 compensatory", // 1/5 is a Saturday: Monday 3 May
      "2027-09-02 holiday", "2027-09-03 adjacent", // Thu 2/9: the Friday joins the weekend
    ]);
    expect(nextWorkingDay("2027-02-03", VN)).toBe("2027-02-11");
    expect(nextWorkingDay("2026-12-31", VN)).toBe("2027-01-04");
  });

  it("in the announced years the lists decide, and checkCalendar points at a day the rules close but the lists leave open", () => {
    expect(checkCalendar(VN)).toEqual([]);
    const { "2026-09-01": _label, ...labels } = VN.labels!;
    const typo = { ...VN, holidays: VN.holidays.filter((d) => d !== "2026-09-01"), labels };
    expect(isWorkingDay("2026-09-01", typo)).toBe(true);
    expect(isWorkingDay("2026-09-01", rulesOnly)).toBe(false);
    expect(checkCalendar(typo).map((d) => `${d.severity} ${d.code} ${d.message.slice(0, 10)}`)).toEqual(["warning calendar.statutory_day_working 2026-09-01"]);
  });

  it("an amendment is one more rule from the year it is in force (24/11 Ngày Văn hóa Việt Nam, say from 2027)", () => {
    const amended: WorkingCalendar = {
      ...rulesOnly,
      statutory: { ...VN.statutory!, holidays: [...VN.statutory!.holidays, { name: "Ngày Văn hóa Việt Nam", date: { calendar: "gregorian", month: 11, day: 24 }, fromYear: 2027 }] },
    };
    expect(isWorkingDay("2026-11-24", amended)).toBe(true); // Tuesday, not yet law
    expect(isWorkingDay("2027-11-24", amended)).toBe(false); // Wednesday
    expect(isWorkingDay("2027-11-24", rulesOnly)).toBe(true);
  });

  it("checkCalendar refuses rule dates that do not exist every year and announced data outside the coverage", () => {
    const rule = (calendar: "gregorian" | "vietnamese-lunar", month: number, day: number) => ({ name: "x", date: { calendar, month, day } });
    const bad: WorkingCalendar = { ...VN, statutory: { holidays: [rule("vietnamese-lunar", 12, 30), rule("gregorian", 2, 29), rule("gregorian", 4, 31), rule("gregorian", 2, 28)] } };
    expect(checkCalendar(bad).map((d) => `${d.code} ${d.pointer}`)).toEqual([
      "calendar.rule_date /statutory/holidays/0/date",
      "calendar.rule_date /statutory/holidays/1/date",
      "calendar.rule_date /statutory/holidays/2/date",
    ]);
    expect(checkCalendar({ ...VN, announcedThrough: "2028-12-31" }).map((d) => d.code)).toEqual(["calendar.announced_outside_coverage"]);
  });
});

function isWeekend(date: string): boolean {
  return [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
}
