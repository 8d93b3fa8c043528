// Working-calendar figures: due dates computed inside the announced schedule (lists only) and
// past it (the statutory rules, lunar dates included), and what the first look at a new year
// costs (its lunar months and holidays are worked out once, then memoised per calendar).
import { readFileSync } from "node:fs";
import type { WorkingCalendar } from "../engine/calendar.js";
import { computeDue } from "../engine/deadline.js";
import { statutoryDaysOff } from "../engine/holidays.js";

const VN = JSON.parse(readFileSync(new URL("../procedures/calendars/VN.json", import.meta.url), "utf8")) as WorkingCalendar;
const rule = { kind: "working-days" as const, days: 15 };

function perSecond(year: number, n: number): number {
  const start = Date.UTC(year, 0, 1);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) computeDue(new Date(start + ((i * 3_600_000 * 7) % (360 * 86_400_000))).toISOString(), rule, VN);
  return Math.round(n / ((performance.now() - t0) / 1000));
}

export async function benchCalendar(): Promise<Record<string, string | number>> {
  const cold: number[] = [];
  for (let year = 2031; year < 2131; year++) {
    const t0 = performance.now();
    statutoryDaysOff(year, VN);
    cold.push(performance.now() - t0);
  }
  cold.sort((a, b) => a - b);
  perSecond(2026, 2_000); // warm up
  return {
    "due dates/s, 15 working days, 2026 (announced lists)": perSecond(2026, 20_000),
    "due dates/s, 15 working days, 2027 (statutory rules)": perSecond(2027, 20_000),
    "first look at a year (lunar months + holidays), median ms": cold[50]!.toFixed(3),
    "first look at a year, max ms (100 years)": cold.at(-1)!.toFixed(3),
  };
}
