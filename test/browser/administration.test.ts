// The provincial administrator in the web console: adds a ward and imports units from a CSV file
// (the dry run names the bad row, a clean file is confirmed), adds an official to the new ward
// (the form names each missing field; the initial password is shown once), who signs in with it;
// then deactivates them with a reason, and their open console is signed out at its next request.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type { Browser, Page } from "playwright-core";
import { expectAccessible, hasChromium, launchBrowser, screenshot, signIn, startConsoleServer, type ConsoleServer } from "./support.js";

describe.skipIf(!hasChromium)("units and officials in the web console", () => {
  let cs: ConsoleServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "vi-VN" })).newPage();
    page.setDefaultTimeout(8000);
    await signIn(page, cs.url, "quantri");
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  it("adds a ward, and imports units from a CSV file after a dry run", async () => {
    await page.getByRole("link", { name: "Đơn vị", exact: true }).click();
    await page.getByTestId("units").waitFor();
    const form = page.locator("#new-unit").locator("..");
    await page.getByLabel("Tên đơn vị").fill("Phường Phúc Xá");
    await page.getByLabel("Mã", { exact: true }).fill("01-phuc-xa");
    await page.getByRole("button", { name: "Tạo đơn vị" }).click();
    await expect.poll(() => page.getByTestId("unit-01-phuc-xa").textContent()).toContain("Phường");
    expect(await form.count()).toBe(1);

    const file = page.getByLabel("Tệp CSV (xuất từ bảng tính)");
    await file.setInputFiles({ name: "don-vi.csv", mimeType: "text/csv", buffer: Buffer.from("code;name;kind\n01-dien-bien;Phường Điện Biên;ward\n01-cong-an-dien-bien;Công an phường Điện Biên;police\n") });
    const problems = page.getByTestId("units-import-problems");
    await problems.waitFor();
    expect(await problems.textContent()).toContain("Dòng 2, cột kind: Chọn: xã, phường, đặc khu hoặc cơ quan.");
    await file.setInputFiles({ name: "don-vi.csv", mimeType: "text/csv", buffer: Buffer.from("code;name;kind\n01-dien-bien;Phường Điện Biên;ward\n01-cong-an-dien-bien;Công an phường Điện Biên;agency\n") });
    await page.getByRole("button", { name: "Xác nhận nhập" }).click();
    await page.getByText("Đã tạo 2 đơn vị.").waitFor();
    await expect.poll(() => page.getByTestId("unit-01-cong-an-dien-bien").textContent()).toContain("Cơ quan");
    await expectAccessible(page, "units");
    await screenshot(page, "40-units");
  });

  it("adds an official who signs in with the initial password, then deactivates them", async () => {
    await page.getByRole("link", { name: "Cán bộ", exact: true }).click();
    await page.getByTestId("officials").waitFor();
    // An empty form: each field says what it needs.
    await page.getByRole("button", { name: "Tạo tài khoản" }).click();
    await page.locator("#new-username-error").waitFor();
    expect(await page.locator("#new-username-error").textContent()).toContain("Từ 3 đến 40 ký tự");
    expect(await page.locator("#new-roles-error").textContent()).toBe("Chọn ít nhất một vai trò.");
    expect(await page.getByLabel("Tên đăng nhập", { exact: true }).getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("Họ và tên", { exact: true }).fill("Đào Thị Một Cửa");
    await page.getByLabel("Tên đăng nhập", { exact: true }).fill("dao.thi.mot-cua");
    await page.getByLabel("Đơn vị", { exact: true }).selectOption({ label: "Phường Phúc Xá" });
    await page.getByRole("checkbox", { name: "Tiếp nhận (một cửa)" }).check();
    await page.getByRole("button", { name: "Tạo tài khoản" }).click();
    const password = (await page.getByTestId("initial-password").textContent())!;
    expect(password).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    await expect.poll(() => page.getByTestId("official-dao.thi.mot-cua").textContent()).toContain("Phường Phúc Xá");
    await expectAccessible(page, "officials");
    await screenshot(page, "41-officials");

    // The new official signs in, in their own browser.
    const theirs = await (await browser.newContext({ locale: "vi-VN" })).newPage();
    await theirs.goto(`${cs.url}/`);
    await theirs.getByLabel(/Tên đăng nhập/).fill("dao.thi.mot-cua");
    await theirs.getByLabel(/Mật khẩu/).fill(password);
    await theirs.getByRole("button", { name: "Đăng nhập" }).click();
    expect(await theirs.getByTestId("user-name").textContent()).toBe("Đào Thị Một Cửa");

    // Deactivated with a reason: shown in the list, and their console is signed out at its next request.
    const row = page.getByTestId("official-dao.thi.mot-cua");
    await row.getByRole("button", { name: "Khóa tài khoản" }).click();
    await row.getByLabel("Lý do khóa").fill("Chuyển công tác sang Sở Tư pháp");
    await row.getByRole("button", { name: "Khóa ngay" }).click();
    await expect.poll(() => row.textContent()).toContain("Đã khóa");
    expect(await row.textContent()).toContain("Chuyển công tác sang Sở Tư pháp");
    await theirs.getByRole("link", { name: "Hồ sơ cần xử lý" }).click();
    await theirs.reload();
    await theirs.getByLabel(/Tên đăng nhập/).waitFor();
  });
});
