// Work that crosses units in the web console: Hoàn Kiếm's civil-status officer finds the verification
// Ba Đình asked in their own queue, opens it, sees the question and only the declared part, and
// answers it by clicks; Ba Đình's reception sees the parts of an interconnected birth dossier.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import type { Browser, Page } from "playwright-core";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { expectAccessible, hasChromium, launchBrowser, screenshot, signIn, signOut, startConsoleServer, type ConsoleServer } from "./support.js";

describe.skipIf(!hasChromium)("work across units in the web console", () => {
  let cs: ConsoleServer;
  let browser: Browser;
  let page: Page;
  let verification: { id: string; code: string };
  let linked: { id: string; code: string };

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "vi-VN" })).newPage();
    const auth = async (u: string) => ({ authorization: `Bearer ${await cs.s.login(u)}` });
    const open = async (procedureId: string, data: unknown, documents: unknown) => {
      const r = await request(cs.s.app).post("/cases").set(await auth("tiepnhan")).send({ procedureId, data, documents });
      expect(r.status, r.text).toBe(201);
      return { id: r.body.case.id as string, code: r.body.case.code as string };
    };
    const step = async (u: string, id: string, action: string, data?: unknown) => {
      const r = await request(cs.s.app).post(`/cases/${id}/actions`).set(await auth(u)).send({ action, data });
      expect(r.status, r.text).toBe(200);
    };
    verification = await open("civil-status.marital-status-confirmation", {
      person: { fullName: "Đặng Thị Mai", sex: "nu", dateOfBirth: "1997-07-07", ethnicity: "Kinh", nationality: "Việt Nam", residence: "Phường Ba Đình, Hà Nội", personalId: "001197006789" },
      maritalStatus: "chua-ket-hon", purpose: "khac", purposeDetail: "Để làm thủ tục mua nhà",
      residencePeriods: [{ residence: "Phường Hoàn Kiếm, Hà Nội", from: "1997-07-07", to: "2015-08-31" }, { residence: "Phường Ba Đình, Hà Nội", from: "2015-09-01" }],
      formerResidenceUnit: "01-hoan-kiem",
    }, [{ id: "applicant-id", name: "cccd.pdf", sha256: "c".repeat(64) }]);
    await step("tiepnhan", verification.id, "accept");
    await step("hotich", verification.id, "request-verification", { reason: "Xác minh tình trạng hôn nhân thời gian cư trú 1997-2015" });
    linked = await open("civil-status.birth-registration-linked", birthDeclaration(), birthDocuments());
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  it("the other commune's officer answers the task from their own queue, seeing only the declared part", async () => {
    await signIn(page, cs.url, "hotich.hk");
    const row = page.getByTestId("inbox-table").locator("tr", { hasText: verification.code });
    await expect.poll(() => row.getByTestId("task-badge").textContent()).toContain("01-ba-dinh");
    await row.getByRole("link", { name: verification.code }).click();
    const task = page.getByTestId("unit-task");
    await expect.poll(() => task.textContent()).toContain("Xác minh tình trạng hôn nhân thời gian cư trú 1997-2015");
    // The declared part only: the person and the residence periods, not the purpose of the request.
    const main = page.locator(".case-main");
    expect(await main.textContent()).toContain("Đặng Thị Mai");
    expect(await main.textContent()).not.toContain("Để làm thủ tục mua nhà");
    expect(await page.getByTestId("timeline").count()).toBe(0);
    await screenshot(page, "cross-unit-01-task");
    await expectAccessible(page, "a task asked by another unit");

    await page.getByRole("button", { name: /Ghi nhận kết quả xác minh/ }).click();
    await page.getByLabel(/Số, ngày văn bản trả lời/).fill("Công văn 45/UBND-HK ngày 02/3/2026");
    await page.getByLabel(/Kết quả xác minh/).fill("Không đăng ký kết hôn tại phường trong thời gian cư trú");
    await page.getByRole("button", { name: /^Xác nhận$/ }).click();
    // Answered: the case went home, and nothing of it is left here.
    await expect.poll(async () => (await request(cs.s.app).get(`/cases/${verification.id}`).set({ authorization: `Bearer ${await cs.s.login("hotich")}` })).body.case.state).toBe("verification");
    await signOut(page);
  });

  it("the receiving commune sees every part of an interconnected dossier and the rule over them", async () => {
    await signIn(page, cs.url, "tiepnhan");
    await page.goto(`${cs.url}/app/#/cases/${linked.id}`);
    const table = page.getByTestId("parts-table");
    await table.waitFor();
    const text = await table.textContent();
    expect(text).toContain("Đăng ký thường trú");
    expect(text).toContain("01-ba-dinh-cong-an");
    expect(text).toContain("Thẻ bảo hiểm y tế");
    expect(text).toContain("01-ba-dinh-bhxh");
    expect(await page.getByTestId("parts-verdict").textContent()).toBe("Đang chờ các cơ quan liên thông");
    await screenshot(page, "cross-unit-02-parts");
    await expectAccessible(page, "an interconnected dossier");
  });
});
