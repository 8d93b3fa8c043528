// The leader's dashboard in the console: a commune's head of unit sees this month's figures for
// their unit (tiles, the day-by-day chart, the tables) and downloads them as CSV; the provincial
// inspector sees the whole province by unit and narrows it to one commune and a typed period;
// a reception officer is not offered the page. Cases are made over HTTP at known times.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { expectAccessible, hasChromium, launchBrowser, screenshot, signIn, startConsoleServer, type ConsoleServer } from "./support.js";
import { loginAll, openCase } from "../support/http.js";
import { step } from "../support/supervision.js";

const local = (month: number, day: number, hh: number) => new Date(Date.UTC(2026, month - 1, day, hh - 7)).toISOString();

describe.skipIf(!hasChromium)("the dashboard in the web console", () => {
  let cs: ConsoleServer;
  let browser: Browser;

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    const s = cs.s;
    const as = await loginAll(s, ["tiepnhan", "hotich", "tiepnhan.hk"]);
    // Ba Đình, March: three online and one at the counter on Mon 2, one refused on Tue 3;
    // Hoàn Kiếm: one online on Wed 4; February: one in Ba Đình (outside "this month").
    for (const [day, channel] of [[2, "online"], [2, "online"], [2, "online"], [2, "counter"]] as const) {
      s.now = local(3, day, 9);
      await openCase(s, as("tiepnhan"), { channel });
    }
    s.now = local(3, 3, 9);
    const refused = await openCase(s, as("tiepnhan"), { channel: "counter" });
    await step(s, as("tiepnhan"), refused.id, "accept");
    await step(s, as("hotich"), refused.id, "refuse", { reason: "Giấy chứng sinh không hợp lệ" });
    s.now = local(3, 4, 9);
    await openCase(s, as("tiepnhan.hk"), { channel: "online" });
    s.now = local(2, 20, 9);
    await openCase(s, as("tiepnhan"), { channel: "online" });
    // Friday 6 March, noon: the cases of Monday and Wednesday (due the same day) are overdue now.
    s.now = local(3, 6, 12);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  const open = async (user: string): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "vi-VN", acceptDownloads: true })).newPage();
    await signIn(page, cs.url, user);
    await page.getByRole("link", { name: "Báo cáo" }).click();
    await page.getByTestId("kpis").waitFor();
    return page;
  };
  const kpi = (page: Page, id: string) => page.getByTestId(`kpi-${id}`).locator("dd").textContent();

  it("shows a commune leader this month's figures for their unit, by day, and exports them", async () => {
    const page = await open("truongbophan");
    expect(await page.getByTestId("dash-period").textContent()).toContain("01/03/2026 đến 06/03/2026");
    expect(await kpi(page, "received")).toBe("5");
    expect(await kpi(page, "overdue")).toBe("4");
    expect(await kpi(page, "online")).toBe("60%");
    // One bar per day of the month so far; the chart is labelled for a screen reader.
    const chart = page.getByTestId("series-chart");
    expect(await chart.locator("svg g").count()).toBe(6);
    expect(await chart.getByRole("img").getAttribute("aria-label")).toBe("Số hồ sơ tiếp nhận mỗi kỳ, trực tuyến và tại quầy");
    expect(await chart.locator("svg g title").nth(1).textContent()).toBe("02/03/2026: 4 (Trực tuyến 3, Tại quầy 1)");
    // Names, not ids, in the tables.
    const byProcedure = page.getByTestId("by-procedure");
    expect(await byProcedure.getByRole("row").nth(1).textContent()).toMatch(/^Đăng ký khai sinh5/);
    expect(await page.getByTestId("by-unit").getByRole("row").nth(1).getByRole("rowheader").textContent()).toBe("Phường Ba Đình");
    await expectAccessible(page, "dashboard");
    await screenshot(page, "30-dashboard");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Tải CSV theo kỳ" }).click()]);
    expect(csv.suggestedFilename()).toBe("statistics-01-ba-dinh-2026-03-01-2026-03-06-by-period.csv");
    const lines = readFileSync((await csv.path())!, "utf8").split("\r\n");
    expect(lines.slice(1, 4).map((l) => l.split(",").slice(5, 7))).toEqual([["2026-03-01", "0"], ["2026-03-02", "4"], ["2026-03-03", "1"]]);
  });

  it("shows the provincial inspector the province by unit, then one commune over a typed period", async () => {
    const page = await open("kiemtra");
    expect(await kpi(page, "received")).toBe("6");
    const units = page.getByTestId("by-unit");
    expect(await units.getByRole("rowheader").allTextContents()).toEqual(["Phường Ba Đình", "Phường Hoàn Kiếm", "Tổng cộng"]);
    await page.getByLabel("Đơn vị", { exact: true }).selectOption({ label: "Phường Hoàn Kiếm" });
    await expect.poll(() => kpi(page, "received")).toBe("1");
    await page.getByLabel("Đơn vị", { exact: true }).selectOption({ label: "Phường Ba Đình" });
    await page.getByLabel("Kỳ báo cáo").selectOption({ label: "Tùy chọn" });
    await page.getByLabel("Từ ngày").fill("01/02/2026");
    await page.getByLabel("Theo", { exact: true }).selectOption({ label: "tháng" });
    // February and March: two bars once the monthly answer is in.
    await expect.poll(() => page.getByTestId("series-chart").locator("svg g").count()).toBe(2);
    expect(await kpi(page, "received")).toBe("6");
    expect(await page.getByTestId("dash-period").textContent()).toContain("01/02/2026 đến 06/03/2026");
  });

  it("is not offered to a reception officer", async () => {
    const page = await (await browser.newContext({ locale: "vi-VN" })).newPage();
    await signIn(page, cs.url, "tiepnhan");
    await page.getByRole("link", { name: "Hồ sơ cần xử lý" }).or(page.getByRole("navigation")).first().waitFor();
    expect(await page.getByRole("link", { name: "Báo cáo" }).count()).toBe(0);
  });
});
