// The working-day calendar file (CALENDAR_FILE; statutory rules plus the days off announced each
// year), read once where a process needs it: the engine's deadlines, the console's time zone,
// and the moment a procedure version's effective date begins. A file that fails its schema or
// checkCalendar is refused with every problem named by pointer: a silently wrong calendar moves
// every citizen's appointment.
import { readFileSync } from "node:fs";
import type { CalendarFile } from "../engine/calendar.js";
import { checkCalendar } from "../engine/calendar-check.js";
import { createAjv, toFieldErrors } from "../engine/json-schema.js";
import calendarSchema from "../schemas/calendar.schema.json" with { type: "json" };

const validateSchema = createAjv().compile(calendarSchema);

/** A calendar file the server must not run on; the message names the file and each problem. */
export class CalendarFileError extends Error {
  override name = "CalendarFileError";
}

export function defaultCalendarFile(): string {
  return new URL("../procedures/calendars/VN.json", import.meta.url).pathname;
}

export function readCalendar(file = defaultCalendarFile()): CalendarFile {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CalendarFileError(`calendar file ${file}: ${(e as Error).message}`);
  }
  if (!validateSchema(doc)) {
    const problems = toFieldErrors(validateSchema.errors).map((f) => `${f.pointer || "/"} ${f.message}`);
    throw new CalendarFileError(`calendar file ${file} does not follow schemas/calendar.schema.json:\n  ${problems.join("\n  ")}`);
  }
  const cal = doc as unknown as CalendarFile;
  const errors = checkCalendar(cal).filter((d) => d.severity === "error");
  if (errors.length > 0) throw new CalendarFileError(`calendar file ${file}:\n  ${errors.map((d) => `${d.pointer} ${d.code}: ${d.message}`).join("\n  ")}`);
  return cal;
}
