// The working-day calendar against Vietnam's 2025/2026 calendar file. Every expected value was
// derived by hand (weekday and holiday list in the comment next to it), not computed by the code.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import {
  type WorkingCalendar,
  addWorkingDays, atLocalTime, endOfWorkingDay, isWorkingDay, localDate, nextWorkingDay, workingDaysBetween,
} from "../../engine/calendar.js";
import { checkCalendar } from "../../engine/calendar-check.js";

const root = new URL("../../", import.meta.url);
const readJson = (path: string) => JSON.parse(readFileSync(new URL(path, root), "utf8"));
const VN = readJson("procedures/calendars/VN.json") as WorkingCalendar;

/** A minimal calendar to break on purpose. */
const base = (over: Partial<WorkingCalendar> = {}): WorkingCalendar => ({
  id: "T", timeZone: "Asia/Ho_Chi_Minh", weekend: [0, 6], holidays: [], workingWeekends: [], workdayEnd: "17:00", cutoff: "15:00", ...over,
});

describe("calendar file VN.json", () => {
  it("satisfies the JSON Schema it names and the semantic checks", () => {
    const schema = readJson("schemas/calendar.schema.json");
    expect(VN.$schema).toBe("../../schemas/calendar.schema.json");
    const validate = new Ajv2020({ allErrors: true }).compile(schema);
    expect(validate(VN), JSON.stringify(validate.errors)).toBe(true);
    expect(checkCalendar(VN)).toEqual([]);
  });

  it("the schema refuses a file without a cut-off or with a bad date", () => {
    const validate = new Ajv2020({ allErrors: true }).compile(readJson("schemas/calendar.schema.json"));
    const { cutoff: _omit, ...noCutoff } = VN;
    expect(validate(noCutoff)).toBe(false);
    expect(validate({ ...VN, holidays: ["2026-2-17"] })).toBe(false);
  });
});

describe("local dates in the calendar's zone (UTC+7)", () => {
  it("16:59:59.999Z is 23:59:59.999 local the same day; 17:00Z is the next local day", () => {
    expect(localDate("2026-03-01T16:59:59.999Z", VN)).toBe("2026-03-01");
    expect(localDate("2026-03-01T17:00:00.000Z", VN)).toBe("2026-03-02");
    expect(localDate("2026-03-02T00:30:00+07:00", VN)).toBe("2026-03-02");
  });

  it("end of the working day 17:00 local is 10:00Z", () => {
    expect(endOfWorkingDay("2026-03-05", VN)).toBe("2026-03-05T10:00:00.000Z");
    expect(atLocalTime("2026-03-05", "15:00", VN)).toBe("2026-03-05T08:00:00.000Z");
  });

  it("takes the zone from the calendar, including DST (Berlin: UTC+1 in January, UTC+2 in July)", () => {
    const berlin = base({ timeZone: "Europe/Berlin" });
    expect(endOfWorkingDay("2026-01-15", berlin)).toBe("2026-01-15T16:00:00.000Z");
    expect(endOfWorkingDay("2026-07-01", berlin)).toBe("2026-07-01T15:00:00.000Z");
    // 2026-03-29 is the spring-forward Sunday: 17:00 CEST = 15:00Z.
    expect(endOfWorkingDay("2026-03-29", berlin)).toBe("2026-03-29T15:00:00.000Z");
    expect(localDate("2026-07-01T22:30:00.000Z", berlin)).toBe("2026-07-02");
  });

  it("refuses an instant without an offset (it would depend on the host's zone) and impossible dates", () => {
    expect(() => localDate("2026-03-02T08:15:00", VN)).toThrow(RangeError);
    expect(() => isWorkingDay("2026-02-30", VN)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-03-02", -1, VN)).toThrow(RangeError);
  });
});

describe("working days", () => {
  it.each([
    ["2026-03-03", true], //  Tuesday
    ["2026-03-07", false], // Saturday
    ["2026-03-08", false], // Sunday
    ["2026-01-10", true], //  Saturday, make-up day for Fri 2026-01-02
    ["2026-01-02", false], // Friday swapped into the New Year break
    ["2025-04-26", true], //  Saturday, make-up day for Fri 2025-05-02
    ["2026-02-18", false], // Wednesday, Tết (mùng 2)
    ["2026-04-27", false], // Monday, Giỗ Tổ (26/4 is a Sunday) observed
    ["2025-09-01", false], // Monday, National Day adjacent day
    ["2026-09-02", false], // Wednesday, National Day
  ])("%s working: %s", (date, expected) => {
    expect(isWorkingDay(date, VN)).toBe(expected);
  });

  it("next working day skips weekends and whole breaks, and lands on a make-up Saturday", () => {
    expect(nextWorkingDay("2026-03-06", VN)).toBe("2026-03-09"); // Fri -> Mon
    expect(nextWorkingDay("2026-02-13", VN)).toBe("2026-02-23"); // Fri before Tết -> Mon after the 14-22 Feb break
    expect(nextWorkingDay("2025-04-29", VN)).toBe("2025-05-05"); // Tue -> (30/4, 1/5, 2/5 off, weekend) -> Mon
    expect(nextWorkingDay("2026-01-09", VN)).toBe("2026-01-10"); // Fri -> make-up Sat
    expect(nextWorkingDay("2025-08-29", VN)).toBe("2025-09-03"); // Fri -> (30/8-2/9 off) -> Wed
  });

  it("adds working days strictly after the date", () => {
    expect(addWorkingDays("2026-03-02", 0, VN)).toBe("2026-03-02");
    expect(addWorkingDays("2026-03-02", 3, VN)).toBe("2026-03-05"); // Mon + 3 -> Thu
    expect(addWorkingDays("2026-01-08", 2, VN)).toBe("2026-01-10"); // Thu -> Fri 9 (1), Sat 10 make-up (2)
    expect(addWorkingDays("2026-02-11", 4, VN)).toBe("2026-02-24"); // Wed -> Thu 12, Fri 13, Mon 23, Tue 24
    expect(addWorkingDays("2026-04-23", 3, VN)).toBe("2026-04-29"); // Thu -> Fri 24, (25-27 off), Tue 28, Wed 29
  });

  it("counts working days in a half-open range [from, to)", () => {
    // Feb 2026: 9-13 (5 days) + 23-26 (4 days); 16-20 is Tết.
    expect(workingDaysBetween("2026-02-09", "2026-02-27", VN)).toBe(9);
    expect(workingDaysBetween("2026-03-02", "2026-03-02", VN)).toBe(0);
    expect(workingDaysBetween("2026-03-05", "2026-03-02", VN)).toBe(0);
    // 2026-01-05 Mon .. 2026-01-11 Sun: Mon-Fri (5) + make-up Sat 10 (1).
    expect(workingDaysBetween("2026-01-05", "2026-01-12", VN)).toBe(6);
  });

  it("a calendar with no working day fails loudly instead of looping", () => {
    expect(() => nextWorkingDay("2026-03-02", base({ weekend: [0, 1, 2, 3, 4, 5, 6] }))).toThrow(RangeError);
  });
});

describe("checkCalendar", () => {
  const codes = (cal: WorkingCalendar) => checkCalendar(cal).map((d) => `${d.code} ${d.pointer}`);

  it("reports impossible dates, contradictions and bad settings with pointers", () => {
    expect(codes(base({ holidays: ["2026-02-30"] }))).toEqual(["calendar.date /holidays/0"]);
    expect(codes(base({ holidays: ["2026-01-10"], workingWeekends: ["2026-01-10"] }))).toEqual([
      "calendar.holiday_and_working /workingWeekends/0",
    ]);
    expect(codes(base({ timeZone: "Asia/Hanoi_Nowhere" }))).toEqual(["calendar.time_zone /timeZone"]);
    expect(codes(base({ weekend: [0, 7] }))).toEqual(["calendar.weekday /weekend/1"]);
    expect(codes(base({ cutoff: "17:30" }))).toEqual(["calendar.cutoff_after_end /cutoff"]);
    expect(codes(base({ workdayEnd: "5pm" }))).toEqual(["calendar.time /workdayEnd"]);
    expect(codes(base({ weekend: [0, 1, 2, 3, 4, 5, 6] }))).toEqual(["calendar.no_working_days /weekend"]);
  });

  it("warns about what is probably a typo", () => {
    const found = checkCalendar(
      base({
        coverage: { from: "2026-01-01", to: "2026-12-31" },
        holidays: ["2026-09-02", "2026-09-02", "2027-01-01"],
        workingWeekends: ["2026-01-12"], // a Monday
        labels: { "2026-09-03": "?" },
      }),
    );
    expect(found.every((d) => d.severity === "warning")).toBe(true);
    expect(found.map((d) => d.code)).toEqual([
      "calendar.duplicate_date", "calendar.outside_coverage", "calendar.working_weekday", "calendar.label_unused",
    ]);
  });
});

describe("engine purity of the calendar and deadline modules", () => {
  it("use no node: imports, no wall clock", () => {
    for (const file of ["engine/calendar.ts", "engine/deadline.ts"]) {
      const src = readFileSync(new URL(file, root), "utf8");
      expect(src, file).not.toMatch(/from\s+["']node:|Date\.now\(|new Date\(\)/);
    }
  });
});
