// The real server process (`npm start`'s program) on calendar files dated around today's real
// date: it refuses to start on one whose coverage no longer includes today or that breaks its
// schema, and on one ending within 60 days it starts, logs the warning and reports it on /health.
import { describe, it, expect, afterAll } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { START_TIMEOUT_MS, call, startServerProcess, stopAll, type Running } from "../support/process.js";
import { type CalendarFile, localDate } from "../../engine/calendar.js";
import { dayNumber, fromDayNumber } from "../../engine/civil-date.js";
import { watchCalendar } from "../../server/calendar-watch.js";
import { Writable } from "node:stream";
import pino from "pino";

const VN = JSON.parse(readFileSync(new URL("../../procedures/calendars/VN.json", import.meta.url), "utf8")) as CalendarFile;
const dir = mkdtempSync(join(tmpdir(), "motcua-calendar-"));
const today = localDate(new Date().toISOString(), VN);
const inDays = (n: number) => fromDayNumber(dayNumber(today) + n);

function calendarFile(name: string, over: Partial<CalendarFile>): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ ...VN, ...over }));
  return file;
}

describe("the server process and its calendar's coverage", () => {
  const running: Running[] = [];
  afterAll(async () => {
    await stopAll(running);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("refuses to start on a calendar whose coverage ended yesterday, saying which file, what it covers and what to do", async () => {
    const file = calendarFile("expired.json", { coverage: { from: "2025-01-01", to: inDays(-1) }, announcedThrough: inDays(-1) });
    const started = startServerProcess({ DATA_DIR: join(dir, "expired-data"), CALENDAR_FILE: file });
    await expect(started).rejects.toThrow(/server exited with 1/);
    const message = await started.catch((e: Error) => e.message);
    expect(message).toContain(`motcua: refusing to start. ${file}: calendar VN covers 2025-01-01..${inDays(-1)}, which no longer includes today (${today})`);
    expect(message).toContain("point CALENDAR_FILE at a current one");
    expect(message).not.toMatch(/\n\s+at /); // a message, not a stack trace
  }, START_TIMEOUT_MS);

  it("refuses a calendar file that breaks its schema, naming the field", async () => {
    const file = calendarFile("broken.json", { coverage: undefined, statutory: { holidays: [{ name: "x", date: { calendar: "julian" as "gregorian", month: 1, day: 1 } }] } });
    const message = await startServerProcess({ DATA_DIR: join(dir, "broken-data"), CALENDAR_FILE: file }).catch((e: Error) => e.message);
    expect(message).toContain(`does not follow schemas/calendar.schema.json`);
    expect(message).toContain("/coverage must have required property 'coverage'");
    expect(message).toContain("/statutory/holidays/0/date/calendar must be equal to one of the allowed values");
  }, START_TIMEOUT_MS);

  it(
    "starts on a calendar ending in 30 days: the warning is in the log at start and on /health",
    async () => {
      const file = calendarFile("ending.json", { coverage: { from: "2025-01-01", to: inDays(30) }, announcedThrough: inDays(30) });
      const r = await startServerProcess({ DATA_DIR: join(dir, "ending-data"), CALENDAR_FILE: file, LOG_LEVEL: "warn", SCHEDULER: "off" });
      running.push(r);
      const warning = r.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.code === "calendar.coverage_ending");
      expect(warning).toMatchObject({ level: 40, calendar: "VN", date: inDays(30), days: 30 });
      expect(String(warning!.msg)).toContain(`the server refuses to start on it`);
      expect(r.output()).toContain(`calendar: VN covers 2025-01-01..${inDays(30)}`);
      const health = await call(r.base, "GET", "/health");
      expect(health.body.calendar).toMatchObject({ status: "ending", daysLeft: 30, warnings: [{ code: "calendar.coverage_ending", days: 30 }] });
    },
    START_TIMEOUT_MS + 10_000,
  );
});

describe("the daily repeat of the warning", () => {
  it("logs the coverage warnings again at each tick, as the clock moves (here a tick is 20 ms, a day in production)", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const clock = { now: "2026-12-02T03:00:00.000Z" };
    const stop = watchCalendar(VN, () => clock.now, pino({ level: "warn", base: undefined }, sink), 20);
    const seen = () => lines.map((l) => `${l.code} ${l.days}`);
    const waitFor = async (line: string) => {
      for (let i = 0; i < 1000 && !seen().includes(line); i++) await new Promise((r) => setTimeout(r, 10));
    };
    await waitFor("calendar.announced_ending 29");
    clock.now = "2027-01-05T03:00:00.000Z";
    await waitFor("calendar.announced_ended -5");
    stop();
    expect(seen()[0]).toBe("calendar.announced_ending 29");
    expect(seen().at(-1)).toBe("calendar.announced_ended -5");
  });
});
