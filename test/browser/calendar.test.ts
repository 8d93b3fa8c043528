// The working calendar in the console: on 31 December 2026, a dossier received after 15:00 is
// due in 2027, past the announced holiday schedule, and the inbox and the case page say its date
// is provisional; the administrator (and only the administrator) sees the banner that the
// announced schedule ends today. Screens are checked for WCAG A/AA like every other page.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import type { Browser } from "playwright-core";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { expectAccessible, hasChromium, launchBrowser, screenshot, signIn, signOut, startConsoleServer, type ConsoleServer } from "./support.js";

describe.skipIf(!hasChromium)("the working calendar in the web console", () => {
  let cs: ConsoleServer;
  let browser: Browser;
  let code = "";

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    cs.s.now = "2026-12-31T08:30:00.000Z"; // Thu 31 Dec 2026, 15:30 in Hanoi
    const token = await cs.s.login("tiepnhan");
    const r = await request(cs.s.app).post("/cases").set("authorization", `Bearer ${token}`).send({ procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true });
    expect(r.body.case.dueProvisional).toBe(true);
    code = r.body.case.code;
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  it("marks the provisional due date in the inbox and on the case page; the reception officer sees no calendar banner", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" })).newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, cs.url, "tiepnhan");
    const row = page.getByRole("row").filter({ hasText: code });
    await expect.poll(() => row.textContent()).toContain("17:00 04/01/2027");
    expect(await row.getByTestId("due-provisional").textContent()).toBe("Ngày hẹn tạm tính");
    expect(await page.getByTestId("calendar-banner").count()).toBe(0);
    await row.getByRole("link").first().click();
    await page.getByTestId("case-state").waitFor();
    const status = (await page.locator(".case-status").textContent())!;
    expect(status).toContain("Ngày hẹn tạm tính");
    expect(status).toContain("lịch nghỉ năm đó chưa được công bố");
    await expectAccessible(page, "case page with a provisional due date");
    await signOut(page);
  });

  it("shows the administrator the banner: the announced schedule ends today, later due dates are provisional", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" })).newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, cs.url, "quantri");
    const banner = page.getByTestId("calendar-banner");
    await expect.poll(() => banner.textContent()).toContain("Lịch nghỉ đã công bố trong lịch VN kết thúc ngày 31/12/2026 (còn 0 ngày)");
    await expectAccessible(page, "administrator's page with the calendar banner");
    await screenshot(page, "calendar-banner", { fullPage: false });
  });
});
