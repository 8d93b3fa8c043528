// How far the calendar still answers, by the calendar's own local date (UTC+7): the warning
// window of 60 days before coverage or the announced schedule ends, and the refusal past it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CalendarFile } from "../../engine/calendar.js";
import { calendarCoverage, coverageRefusal } from "../../engine/calendar-coverage.js";

const VN = JSON.parse(readFileSync(new URL("../../procedures/calendars/VN.json", import.meta.url), "utf8")) as CalendarFile;
const at = (now: string, cal: CalendarFile = VN) => calendarCoverage(cal, now);
const summary = (now: string, cal?: CalendarFile) => {
  const c = at(now, cal);
  return { status: c.status, daysLeft: c.daysLeft, warnings: c.warnings.map((w) => `${w.code} ${w.date} ${w.days}`) };
};

describe("calendar coverage", () => {
  it("today (2 Dec 2026): covered to 2027-12-31, but the announced schedule ends in 29 days", () => {
    expect(summary("2026-12-02T03:00:00.000Z")).toEqual({ status: "ok", daysLeft: 394, warnings: ["calendar.announced_ending 2026-12-31 29"] });
    expect(at("2026-12-02T03:00:00.000Z").warnings[0]!.message).toMatch(/due dates after it .* provisional/);
  });

  it("from 1 January 2027 new due dates are provisional until the 2027 announcement is added", () => {
    expect(summary("2027-01-05T03:00:00.000Z").warnings).toEqual(["calendar.announced_ended 2026-12-31 -5"]);
    expect(summary("2027-01-05T03:00:00.000Z", { ...VN, announcedThrough: "2027-12-31" }).warnings).toEqual([]);
  });

  it("warns from 60 days before coverage ends, counted in local days", () => {
    const announced = { ...VN, announcedThrough: "2027-12-31" };
    expect(summary("2027-10-31T03:00:00.000Z", announced)).toEqual({ status: "ok", daysLeft: 61, warnings: [] });
    expect(summary("2027-11-01T03:00:00.000Z", announced)).toEqual({ status: "ending", daysLeft: 60, warnings: ["calendar.coverage_ending 2027-12-31 60"] });
    // 23:59 local on 31 Dec is still covered (0 days left); one minute later it is not.
    expect(summary("2027-12-31T16:59:00.000Z", announced).daysLeft).toBe(0);
    expect(coverageRefusal(at("2027-12-31T16:59:00.000Z", announced))).toBeNull();
    expect(at("2027-12-31T17:00:00.000Z", announced).status).toBe("expired");
  });

  it("refuses, with a message naming the coverage and today, once today is outside it", () => {
    const oldFile = { ...VN, coverage: { from: "2025-01-01", to: "2026-12-31" }, announcedThrough: undefined };
    expect(coverageRefusal(at("2027-01-01T01:00:00.000Z", oldFile))).toMatch(/calendar VN covers 2025-01-01\.\.2026-12-31, which no longer includes today \(2027-01-01\)/);
    expect(coverageRefusal(at("2024-12-31T03:00:00.000Z", oldFile))).toMatch(/does not include today \(2024-12-31\) yet/);
  });
});
