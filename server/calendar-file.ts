// The working-day calendar file (CALENDAR_FILE; holidays and make-up days, updated yearly), read
// once where a process needs it: the engine's deadlines, the console's time zone, and the moment a
// procedure version's effective date begins.
import { readFileSync } from "node:fs";
import type { WorkingCalendar } from "../engine/calendar.js";

export function defaultCalendarFile(): string {
  return new URL("../procedures/calendars/VN.json", import.meta.url).pathname;
}

export function readCalendar(file?: string): WorkingCalendar {
  return JSON.parse(readFileSync(file ?? defaultCalendarFile(), "utf8")) as WorkingCalendar;
}
