// The citizen's tracking page at a phone's viewport (390x844), without an account: the code and
// the secret from the receipt show where the dossier stands, the appointment, what is missing and
// the officer's words, in Vietnamese and in English; a wrong secret is answered plainly; nothing
// overflows the screen; and the page has no WCAG A/AA violations (axe-core) in either state.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import type { Browser, Page } from "playwright-core";
import { intakeBody } from "../support/http.js";
import { birthDocuments } from "../support/server.js";
import { expectAccessible, hasChromium, launchBrowser, screenshot, startConsoleServer, type ConsoleServer } from "./support.js";

const PHONE = { width: 390, height: 844 };

describe.skipIf(!hasChromium)("the tracking page on a phone", () => {
  let cs: ConsoleServer;
  let browser: Browser;
  let code: string;
  let secret: string;

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    const token = await cs.s.login("tiepnhan");
    const auth = { authorization: `Bearer ${token}` };
    const applicant = { personalId: "001190012345", fullName: "Nguyễn Thị Lan", phone: "0912345678" };
    const r = await request(cs.s.app).post("/cases").set(auth).send(intakeBody({ applicant, documents: birthDocuments().slice(0, 1) }));
    expect(r.status, r.text).toBe(201);
    code = r.body.case.code;
    secret = r.body.trackingSecret;
    const asked = await request(cs.s.app).post(`/cases/${r.body.case.id}/actions`).set(auth).send({ action: "request-supplement", data: { missing: "Bản chính giấy tờ tùy thân của người đi khai sinh" } });
    expect(asked.status, asked.text).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  const phonePage = async (locale: string): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale })).newPage();
    page.setDefaultTimeout(10_000);
    return page;
  };
  const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it("shows the dossier's progress in Vietnamese, with what is missing, and passes axe", async () => {
    const page = await phonePage("vi-VN");
    await page.goto(`${cs.url}/#/track`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Tra cứu hồ sơ");
    // The public frame: no sign-in form on the way.
    expect(await page.getByLabel("Mật khẩu").count()).toBe(0);
    await expectAccessible(page, "tracking form (vi, phone)");
    await page.getByLabel("Mã hồ sơ").fill(code.toLowerCase());
    await page.getByLabel("Mã tra cứu").fill(secret);
    await page.getByRole("button", { name: "Tra cứu" }).click();
    const answer = page.getByTestId("track-answer");
    await answer.waitFor();
    // The answer's heading takes the focus, so a screen reader reads it at once.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("track-answer-h");
    const text = (await answer.textContent())!;
    expect(text).toContain(code);
    expect(text).toContain("Chờ bổ sung hồ sơ");
    expect(text).toContain("Bản chính giấy tờ tùy thân của người đi khai sinh");
    expect(await page.getByTestId("track-missing").textContent()).toContain("Giấy tờ tùy thân của người đi khai sinh");
    expect(await page.getByTestId("track-appointment").textContent()).toContain("tạm dừng");
    // Nothing from the form or the applicant.
    const body = (await page.locator("body").textContent())!;
    for (const v of ["Nguyễn Thị Lan", "001190012345", "Nguyễn Minh An", "Trần Thị Bình"]) expect(body).not.toContain(v);
    expect(await noSideScroll(page)).toBe(true);
    // The secret is never put in the address.
    expect(page.url()).not.toContain(secret);
    await expectAccessible(page, "tracking answer (vi, phone)");
    await screenshot(page, "tracking-phone-vi");
  });

  it("answers in English, and a wrong secret plainly, the same as an unknown code", async () => {
    const page = await phonePage("en-US");
    await page.goto(`${cs.url}/#/track`);
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Track a dossier");
    await page.getByLabel("Dossier code").fill(code);
    await page.getByLabel("Tracking secret").fill("ZZZZ-ZZZZ-ZZZZ");
    await page.getByRole("button", { name: "Track" }).click();
    const nf = page.getByTestId("track-not-found");
    await nf.waitFor();
    const wrong = await nf.textContent();
    expect(wrong).toContain("No dossier matches this code and secret");
    await expectAccessible(page, "tracking not found (en, phone)");
    await page.getByLabel("Dossier code").fill("HS-260302-ZZZZZZ");
    await page.getByLabel("Tracking secret").fill(secret);
    const unknown = page.waitForResponse((r) => r.url().endsWith("/track"));
    await page.getByRole("button", { name: "Track" }).click();
    expect((await unknown).status()).toBe(404);
    await expect.poll(() => nf.textContent()).toBe(wrong);
    await page.getByLabel("Dossier code").fill(code);
    await page.getByRole("button", { name: "Track" }).click();
    await page.getByTestId("track-answer").waitFor();
    expect(await page.getByTestId("track-answer").textContent()).toContain("Waiting for missing papers");
    expect(await noSideScroll(page)).toBe(true);
    await expectAccessible(page, "tracking answer (en, phone)");
  });
});
