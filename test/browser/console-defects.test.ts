// Console defects found by trying the console as a new user would (issue 16), each seen in the
// browser: the success banner after an action names the state the case moved to, never the one it
// left, even while the case is still reloading; the auditor's tables and the timeline show names
// (states, actions, roles, procedures, units, officials, case codes), never raw ids.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import type { Browser } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { birthRegistration, loginAll } from "../support/flows.js";
import { hasChromium, launchBrowser, signIn, startConsoleServer, type ConsoleServer } from "./support.js";

describe.skipIf(!hasChromium)("console defects (issue 16)", () => {
  let cs: ConsoleServer;
  let browser: Browser;

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  it("after an action, the banner names the new state only, also while the case reloads slowly", async () => {
    const token = await cs.s.login("tiepnhan");
    const created = await request(cs.s.app).post("/cases").set("authorization", `Bearer ${token}`).send({ procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true });
    const id = created.body.case.id as string;
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" })).newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, cs.url, "tiepnhan");
    await page.goto(`${cs.url}/app/#/cases/${id}`);
    await expect.poll(() => page.getByTestId("case-state").textContent()).toBe("Đã tiếp nhận");
    // From now on the case takes 1.5 s to come back, as on a slow link.
    await page.route(`**/cases/${id}`, async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    const banners: string[] = [];
    await page.exposeFunction("sawBanner", (text: string) => banners.push(text));
    await page.evaluate(() => {
      new MutationObserver(() => {
        for (const el of document.querySelectorAll(".msg-ok")) (window as unknown as { sawBanner(t: string): void }).sawBanner(el.textContent ?? "");
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole("button", { name: "Chuyển thẩm định" }).click();
    await page.getByRole("button", { name: "Xác nhận" }).click();
    const banner = page.locator(".msg-ok");
    await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toBe("Đã thực hiện «Chuyển thẩm định». Hồ sơ chuyển sang: Đang thẩm định.");
    expect(banners.filter((b) => b.includes("Đã tiếp nhận")), "a banner named the state the case had left").toEqual([]);
  });

  it("shows names, not ids, in the auditor's tables and the timeline", async () => {
    const id = await birthRegistration(cs.s, await loginAll(cs.s));
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "vi-VN" })).newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, cs.url, "kiemtra");
    const RAW = /01-ba-dinh|01-hoan-kiem|o-(hotich|chutich|tiepnhan|luutru)|civil-status\.|@1\b|\b(archived|verification|received|reception|witness-book-signature|return-result)\b|[0-9a-f]{8}…/;
    await page.goto(`${cs.url}/app/#/audit`);
    const cases = page.getByTestId("audit-cases");
    await expect.poll(() => cases.textContent()).toContain("Đăng ký khai sinh");
    await expect.poll(() => cases.textContent()).toContain("Phường Ba Đình");
    expect(await cases.locator("tbody").textContent()).not.toMatch(RAW);
    await page.getByRole("tab", { name: "Bước xử lý" }).click();
    await page.getByLabel("Đơn vị", { exact: true }).selectOption({ label: "Phường Ba Đình" });
    await page.getByRole("button", { name: "Tìm kiếm" }).click();
    const entries = page.getByTestId("audit-entries");
    await expect.poll(() => entries.textContent()).toContain("Nguyễn Văn Chủ Tịch");
    const text = (await entries.locator("tbody").textContent())!;
    expect(text).toMatch(/HS-/);
    expect(text).toContain("Phường Ba Đình");
    expect(text).not.toMatch(RAW);
    await page.goto(`${cs.url}/app/#/audit/cases/${id}`);
    const timeline = page.getByTestId("timeline");
    await expect.poll(() => timeline.textContent()).toContain("Nguyễn Văn Chủ Tịch");
    expect(await timeline.locator(".tl-meta").allTextContents()).not.toContainEqual(expect.stringMatching(RAW));
    expect(await page.getByTestId("reads").textContent()).not.toMatch(/o-(hotich|chutich|tiepnhan|luutru|kiemtra)/);
  });

  it("keeps the official signed in in a new tab, and signing out in one tab signs out the other", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    const first = await context.newPage();
    first.setDefaultTimeout(10_000);
    await signIn(first, cs.url, "hotich");
    const second = await context.newPage();
    second.setDefaultTimeout(10_000);
    await second.goto(`${cs.url}/app/#/inbox`);
    await expect.poll(() => second.getByTestId("user-name").textContent()).toBe("Trần Văn Hộ Tịch");
    await first.getByRole("button", { name: "Đăng xuất" }).click();
    await second.getByLabel("Tên đăng nhập").waitFor();
    await context.close();
  });

  it("asks for dates as dd/mm/yyyy in a browser set to another locale", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${cs.url}/`);
    await page.getByRole("button", { name: "Tiếng Việt" }).click();
    await signIn(page, cs.url, "tiepnhan");
    await page.getByRole("link", { name: "Tiếp nhận hồ sơ" }).click();
    await page.getByRole("link", { name: "Đăng ký khai sinh", exact: true }).click();
    const date = page.getByRole("group", { name: "Người được khai sinh" }).getByLabel("Ngày, tháng, năm sinh");
    // A native date input would show mm/dd/yyyy here, unlike every other date in the console.
    expect(await date.getAttribute("type")).toBe("text");
    expect(await date.getAttribute("placeholder")).toBe("dd/mm/yyyy");
    await date.fill("20/02/2026");
    await date.blur();
    expect(await date.inputValue()).toBe("20/02/2026");
  });

  it("says the certificate was chosen in place of the key, and shows error codes only after a sentence", async () => {
    const id = await birthRegistration(cs.s, await loginAll(cs.s), "witnessed");
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" })).newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, cs.url, "chutich");
    await page.goto(`${cs.url}/app/#/cases/${id}`);
    await page.getByRole("button", { name: /Ký số trích lục/ }).click();
    const cert = { name: "chutich.cert.pem", mimeType: "application/x-pem-file", buffer: readFileSync(join(cs.devPkiDir, "officials", "chutich.cert.pem")) };
    for (const label of ["Tệp khóa riêng (PEM, PKCS#8)", "Tệp chứng thư số (PEM)"]) {
      const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByLabel(label).click()]);
      await chooser.setFiles(cert);
    }
    await page.getByRole("button", { name: "Ký và gửi" }).click();
    const alert = page.getByTestId("sign-panel").getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("Tệp đã chọn ở ô khóa riêng là chứng thư số (BEGIN CERTIFICATE), không phải khóa riêng.");

    // A refusal from the server: the Vietnamese sentence first, then the code, labelled.
    await page.getByRole("tab", { name: "Nộp chữ ký đã ký nơi khác" }).click();
    await page.getByText("Chữ ký thô (base64) và chứng thư").click();
    await page.getByLabel("Chữ ký (base64)").fill("AAAA");
    await page.getByLabel("Chứng thư số của người ký (PEM)").fill(cert.buffer.toString("utf8"));
    await page.getByRole("button", { name: "Gửi chữ ký" }).click();
    await expect.poll(() => alert.textContent()).toMatch(/^Lỗi: [A-ZĐÀ-Ỹ][^()]+\(mã lỗi signature\.[a-z_]+\)$/u);
  });

  it("offers the apology notice only while the result is still to be made", async () => {
    const tokens = await loginAll(cs.s);
    const waiting = await birthRegistration(cs.s, tokens, "witnessed");
    const signed = await birthRegistration(cs.s, tokens, "signed");
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" })).newPage();
    page.setDefaultTimeout(10_000);
    const apologyButtons = async (user: string, id: string) => {
      await signIn(page, cs.url, user);
      await page.goto(`${cs.url}/app/#/cases/${id}`);
      await page.getByTestId("holder").waitFor();
      const n = await page.getByRole("button", { name: "Thư xin lỗi, hẹn lại" }).count();
      await page.getByRole("button", { name: "Đăng xuất" }).click();
      await page.getByLabel("Tên đăng nhập").waitFor();
      return n;
    };
    // Awaiting the chairman's signature: the result may still be late.
    expect(await apologyButtons("chutich", waiting)).toBe(1);
    // Signed, waiting to be handed over (and later archived): the appointment is met or missed already.
    expect(await apologyButtons("tiepnhan", signed)).toBe(0);
  });

  it("prints a case page without navigation or action buttons", async () => {
    const id = await birthRegistration(cs.s, await loginAll(cs.s), "witnessed");
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" })).newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, cs.url, "chutich");
    await page.goto(`${cs.url}/app/#/cases/${id}`);
    await page.getByTestId("timeline").waitFor();
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".app-header").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: /Ký số trích lục/ }).isVisible()).toBe(false);
    expect(await page.getByTestId("timeline").isVisible()).toBe(true);
    expect(await page.getByTestId("case-state").isVisible()).toBe(true);
  });
});
