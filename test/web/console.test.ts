// Serving the web console: the page with its security headers, the config (the server's clock,
// the calendar's time zone, whether the development PKI is on), assets, and a clear 503 unbuilt.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, expect } from "vitest";
import express from "express";
import request from "supertest";
import { webConsole } from "../../server/web/console.js";

function built(): string {
  const dir = mkdtempSync(join(tmpdir(), "motcua-console-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), '<!doctype html><script type="module" src="/app/assets/index-abc.js"></script>');
  writeFileSync(join(dir, "assets", "index-abc.js"), "console.log(1)");
  return dir;
}

function appWith(o: Parameters<typeof webConsole>[0]): express.Express {
  const app = express();
  webConsole(o)(app);
  return app;
}

describe("web console routes", () => {
  it("serves the page at / with a strict content security policy", async () => {
    const r = await request(appWith({ dir: built() })).get("/");
    expect(r.status).toBe(200);
    expect(r.type).toBe("text/html");
    expect(r.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(r.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(r.text).toContain("/app/assets/index-abc.js");
  });

  it("serves hashed assets for long and answers 404 for unknown ones", async () => {
    const app = appWith({ dir: built() });
    const js = await request(app).get("/app/assets/index-abc.js");
    expect(js.status).toBe(200);
    expect(js.headers["cache-control"]).toContain("immutable");
    expect((await request(app).get("/app/assets/nope.js")).status).toBe(404);
  });

  it("tells the browser the server's time, the calendar's zone and coverage, and the development PKI", async () => {
    const r = await request(appWith({ dir: built(), clock: () => "2026-03-02T02:00:00.000Z", devPkiDir: "/data/dev-pki" })).get("/app/config.json");
    expect(r.body).toMatchObject({ now: "2026-03-02T02:00:00.000Z", timeZone: "Asia/Ho_Chi_Minh", devPki: { dir: "/data/dev-pki" } });
    expect(r.body.calendar).toMatchObject({ calendar: "VN", today: "2026-03-02", to: "2027-12-31", announcedThrough: "2026-12-31", status: "ok", warnings: [] });
    // 2 Dec 2026: the announced schedule ends within 60 days, which the administrators' banner shows.
    const december = await request(appWith({ dir: built(), clock: () => "2026-12-02T02:00:00.000Z" })).get("/app/config.json");
    expect(december.body.calendar.warnings.map((w: { code: string; days: number }) => `${w.code} ${w.days}`)).toEqual(["calendar.announced_ending 29"]);
    const prod = await request(appWith({ dir: built() })).get("/app/config.json");
    expect(prod.body.devPki).toBeNull();
  });

  it("says how to build when the bundle is missing", async () => {
    const r = await request(appWith({ dir: join(tmpdir(), "motcua-no-such-dir") })).get("/");
    expect(r.status).toBe(503);
    expect(r.text).toContain("npm run build:web");
  });
});
