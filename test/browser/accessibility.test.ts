// Accessibility of the console's pages: axe-core (WCAG 2.1 A and AA rules: labels, contrast, ARIA,
// names) finds nothing on each page, and the main paths work from the keyboard alone.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import type { Browser, Page } from "playwright-core";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { expectAccessible, hasChromium, launchBrowser, signIn, signOut, startConsoleServer, type ConsoleServer } from "./support.js";

describe.skipIf(!hasChromium)("accessibility of the web console", () => {
  let cs: ConsoleServer;
  let browser: Browser;
  let page: Page;
  let code: string;

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "vi-VN" })).newPage();
    page.setDefaultTimeout(10_000);
    // A dossier waiting in the civil-status officer's queue.
    const token = await cs.s.login("tiepnhan");
    const auth = { authorization: `Bearer ${token}` };
    const r = await request(cs.s.app).post("/cases").set(auth).send({ procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true });
    code = r.body.case.code;
    await request(cs.s.app).post(`/cases/${r.body.case.id}/actions`).set(auth).send({ action: "accept", expectedVersion: 1 });
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  const audit = (what: string) => expectAccessible(page, what);

  it("has no WCAG A/AA violations on the main pages", async () => {
    await page.goto(`${cs.url}/`);
    await page.getByLabel("Tên đăng nhập").waitFor();
    await audit("login");

    await signIn(page, cs.url, "tiepnhan");
    await page.getByRole("link", { name: "Tiếp nhận hồ sơ" }).click();
    await page.getByRole("link", { name: "Đăng ký khai sinh", exact: true }).click();
    await page.getByRole("button", { name: "Tiếp nhận hồ sơ" }).click();
    await page.getByTestId("missing-papers").waitFor();
    await audit("intake warning of missing papers");
    await page.getByRole("button", { name: "Vẫn tiếp nhận" }).click();
    await page.getByText("Hồ sơ chưa hợp lệ").waitFor();
    await audit("intake with errors");
    await signOut(page);

    await signIn(page, cs.url, "hotich");
    await page.getByTestId("inbox-table").waitFor();
    await audit("inbox");
    await page.getByRole("link", { name: code }).click();
    await page.getByRole("button", { name: "Ghi Sổ hộ tịch" }).click();
    await page.getByLabel("Quyển số").waitFor();
    await audit("case with an action form");
    await signOut(page);

    await signIn(page, cs.url, "quantri");
    await page.getByRole("link", { name: "Đăng ký khai sinh", exact: true }).click();
    await page.getByTestId("diagram").waitFor();
    await audit("procedure diagram");
    await page.getByRole("tab", { name: "Soạn phiên bản mới" }).click();
    await page.getByTestId("lint-status").filter({ hasText: "Không có lỗi" }).waitFor({ timeout: 15_000 });
    await audit("procedure editor");
    await signOut(page);

    await signIn(page, cs.url, "kiemtra");
    await page.getByTestId("audit-cases").getByRole("link", { name: code }).click();
    await page.getByRole("button", { name: "Kiểm tra toàn vẹn" }).click();
    await page.getByTestId("verify-report").waitFor();
    await audit("audit case verified");
  }, 60_000);

  it("works from the keyboard: skip link, tabs, actions and an apology notice", async () => {
    // Whoever the previous test left signed in is signed out.
    await page.goto(`${cs.url}/`);
    await page.evaluate(() => localStorage.removeItem("motcua.token"));
    await signIn(page, cs.url, "tiepnhan");
    await page.getByRole("heading", { name: "Hồ sơ cần xử lý" }).waitFor();
    // On a freshly loaded page the first Tab reaches the skip link; Enter moves focus to the main content.
    await page.reload();
    await page.getByRole("heading", { name: "Hồ sơ cần xử lý" }).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Bỏ qua, đến nội dung chính");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

    // Tabs follow the WAI-ARIA pattern: arrow keys move the selection.
    await page.getByRole("link", { name: "Thủ tục", exact: true }).click();
    await page.getByRole("link", { name: "Đăng ký khai sinh", exact: true }).click();
    await page.getByRole("tab", { name: "Sơ đồ quy trình" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.getByRole("tab", { name: "So sánh phiên bản" }).getAttribute("aria-selected")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("So sánh phiên bản");

    // Actions taken with the keyboard only: ask for missing papers, then receive them (the form is
    // shown again, prefilled, for corrections), back to "received".
    await page.getByRole("link", { name: "Hồ sơ cần xử lý" }).click();
    await page.getByRole("radio", { name: "Cả đơn vị" }).check();
    await page.getByRole("link", { name: code }).focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("timeline").waitFor();
    // Following a link puts the focus on the new page's heading, once the page has loaded.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("page-h1");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(code);
    await page.getByRole("button", { name: "Yêu cầu bổ sung" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("/missing");
    await page.keyboard.type("Giấy chứng nhận kết hôn của cha mẹ");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("case-state").textContent()).toBe("Chờ bổ sung hồ sơ");
    await page.getByRole("button", { name: "Nhận hồ sơ bổ sung" }).focus();
    await page.keyboard.press("Enter");
    const nameField = page.getByRole("group", { name: "Người được khai sinh" }).getByLabel("Họ, chữ đệm, tên");
    expect(await nameField.inputValue()).toBe("Nguyễn Minh An");
    await page.getByRole("button", { name: "Xác nhận" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("case-state").textContent()).toBe("Đã tiếp nhận");

    // The dossier will be late: an apology notice with a new appointment, keyboard only.
    await page.getByRole("button", { name: "Thư xin lỗi, hẹn lại" }).focus();
    await page.keyboard.press("Enter");
    await page.getByLabel("Lý do trễ hạn").focus();
    await page.keyboard.type("Chờ xác minh giấy chứng sinh với bệnh viện");
    await page.keyboard.press("Tab");
    await page.getByLabel("Ngày hẹn mới").fill("03/03/2026");
    await page.getByRole("button", { name: "Ghi nhận thư xin lỗi" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("apology").textContent()).toContain("17:00 03/03/2026");
  }, 45_000);
});
