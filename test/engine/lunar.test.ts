// The Vietnamese lunar calendar against published dates. Tết (mùng 1 tháng Giêng) and Giỗ Tổ
// Hùng Vương (10/3 âm lịch) 2020-2026 are the dates of the government's holiday announcements
// (e.g. Giỗ Tổ 2022 on Sunday 10 April, made up on Monday 11; 2023 on Saturday 29 April);
// 2027-2030 are those printed in Vietnamese almanacs (lịch vạn niên).
import { describe, expect, it } from "vitest";
import { dayNumberToLunar, lunarToDayNumber } from "../../engine/lunar.js";
import { dayNumber, fromDayNumber } from "../../engine/civil-date.js";

const TET: Record<number, string> = {
  2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10", 2025: "2025-01-29",
  2026: "2026-02-17", 2027: "2027-02-06", 2028: "2028-01-26", 2029: "2029-02-13", 2030: "2030-02-02",
};
const HUNG_KINGS: Record<number, string> = {
  2020: "2020-04-02", 2021: "2021-04-21", 2022: "2022-04-10", 2023: "2023-04-29", 2024: "2024-04-18", 2025: "2025-04-07",
  2026: "2026-04-26", 2027: "2027-04-16", 2028: "2028-04-04", 2029: "2029-04-23", 2030: "2030-04-12",
};
const years = Object.keys(TET).map(Number);
const solar = (d: { year: number; month: number; day: number }, utcOffset?: number) => fromDayNumber(lunarToDayNumber({ ...d, leap: false }, utcOffset));

describe("Vietnamese lunar calendar (UTC+7)", () => {
  it.each(years)("Tết %i falls on the published date", (year) => {
    expect(solar({ year, month: 1, day: 1 })).toBe(TET[year]);
    expect(dayNumberToLunar(dayNumber(TET[year]!))).toEqual({ year, month: 1, day: 1, leap: false });
  });

  it.each(years)("Giỗ Tổ Hùng Vương %i (10/3 lunar) falls on the published date", (year) => {
    expect(solar({ year, month: 3, day: 10 })).toBe(HUNG_KINGS[year]);
  });

  it("the day before Tết is the last of the old year: 30 Chạp in 2024, 29 Chạp in 2025 (a 29-day month)", () => {
    expect(dayNumberToLunar(dayNumber("2024-02-09"))).toEqual({ year: 2023, month: 12, day: 30, leap: false });
    expect(dayNumberToLunar(dayNumber("2025-01-28"))).toEqual({ year: 2024, month: 12, day: 29, leap: false });
    expect(() => lunarToDayNumber({ year: 2024, month: 12, day: 30, leap: false })).toThrow(RangeError);
  });

  it("knows leap months: 2023 repeats month 2 (tháng 2 nhuận from 22 March), 2025 month 6 (from 25 July)", () => {
    expect(dayNumberToLunar(dayNumber("2023-03-22"))).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(dayNumberToLunar(dayNumber("2025-07-25"))).toEqual({ year: 2025, month: 6, day: 1, leap: true });
    expect(fromDayNumber(lunarToDayNumber({ year: 2025, month: 6, day: 1, leap: true }))).toBe("2025-07-25");
    expect(() => lunarToDayNumber({ year: 2026, month: 6, day: 1, leap: true })).toThrow(RangeError);
  });

  it("is reckoned at UTC+7, not China's UTC+8: Tết 1985, 2007 and 2030 differ between the two", () => {
    // A new moon between 16:00 and 17:00 UT falls on one day in Hanoi and on the next in Beijing.
    expect([1985, 2007, 2030].map((year) => [solar({ year, month: 1, day: 1 }), solar({ year, month: 1, day: 1 }, 8)])).toEqual([
      ["1985-01-21", "1985-02-20"],
      ["2007-02-17", "2007-02-18"],
      ["2030-02-02", "2030-02-03"],
    ]);
  });

  it("converts every day of 2020-2030 there and back, with months of 29 or 30 days", () => {
    for (let n = dayNumber("2020-01-01"); n <= dayNumber("2030-12-31"); n++) {
      const l = dayNumberToLunar(n);
      expect(l.day).toBeLessThanOrEqual(30);
      expect(lunarToDayNumber(l)).toBe(n);
    }
  });
});
