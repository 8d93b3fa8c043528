// The web console: the static bundle built from server/web/app/ (`npm run build:web`) served at / and /app/,
// plus /app/config.json (the server's clock, time zone, the calendar's coverage report for the
// administrators' banner, and whether the development PKI is on).
// Mounted through wire()'s `publicRoutes`, before authentication: the files hold no data; every
// case and procedure still comes from the authenticated JSON API.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import express from "express";
import { readCalendar } from "../calendar-file.js";
import type { CalendarFile } from "../../engine/calendar.js";
import { calendarCoverage } from "../../engine/calendar-coverage.js";

export interface ConsoleOptions {
  /** The built bundle; defaults to server/web/app/dist in this checkout. */
  dir?: string;
  /** The server's clock, so deadline badges ("due today") agree with the server, not the browser. */
  clock?: () => string;
  /** The working calendar (deadlines are shown in its time zone; its coverage feeds the banner); defaults to VN.json. */
  calendar?: CalendarFile;
  /** Set when `npm start` created the development CA: the console then says where the demo keys are. */
  devPkiDir?: string;
}

export function defaultConsoleDir(): string {
  return new URL("./app/dist/", import.meta.url).pathname;
}

// CodeMirror injects its styles at run time, hence 'unsafe-inline' for styles only; scripts come from this origin alone.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export function webConsole(o: ConsoleOptions = {}): (app: express.Express) => void {
  const dir = o.dir ?? defaultConsoleDir();
  const clock = o.clock ?? (() => new Date().toISOString());
  const calendar = o.calendar ?? readCalendar();
  return (app) => {
    const index = join(dir, "index.html");
    app.get(["/", "/app", "/app/"], (_req, res) => {
      if (!existsSync(index)) {
        res.status(503).type("text/plain; charset=utf-8").send("The web console is not built: run `npm run build:web` (npm start and npm test do it for you).\n");
        return;
      }
      res.set({ "content-security-policy": CSP, "cache-control": "no-cache", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" });
      res.type("html").send(readFileSync(index, "utf8"));
    });
    app.get("/app/config.json", (_req, res) => {
      const now = clock();
      res.set("cache-control", "no-store").json({ now, timeZone: calendar.timeZone, calendar: calendarCoverage(calendar, now), devPki: o.devPkiDir ? { dir: o.devPkiDir } : null });
    });
    // Hashed file names under assets/: safe to cache for long.
    app.use("/app/assets", express.static(join(dir, "assets"), { immutable: true, maxAge: "30d", index: false }));
    app.use("/app", (_req, res) => void res.status(404).type("text/plain").send("not found\n"));
  };
}
