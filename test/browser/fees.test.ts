// The reception officer sees the fee computed at intake on the case page and records the payment:
// an online payment without the portal's reference is refused at that field, then the receipt
// number appears.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import type { Browser } from "playwright-core";
import { expectAccessible, hasChromium, launchBrowser, screenshot, signIn, startConsoleServer, type ConsoleServer } from "./support.js";

describe.skipIf(!hasChromium)("fees on the case page", () => {
  let cs: ConsoleServer;
  let browser: Browser;
  let id: string;

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    cs.s.now = "2026-03-02T02:00:00.000Z";
    const auth = { authorization: `Bearer ${await cs.s.login("tiepnhan")}` };
    const r = await request(cs.s.app).post("/cases").set(auth).send({
      procedureId: "civil-status.extract-copy",
      data: {
        requester: { fullName: "Hoàng Văn Nam", personalId: "079088001122", relationship: "ban-than" },
        record: { event: "khai-sinh", subjectFullName: "Hoàng Văn Nam", book: "02/1988", entryNumber: "57", registrationDate: "1988-05-20", registeredBy: "UBND phường 16, quận Tân Bình" },
        copies: 3,
      },
      documents: [{ id: "requester-id", name: "cccd.pdf", sha256: "c".repeat(64) }],
    });
    expect(r.status, r.text).toBe(201);
    id = r.body.case.id;
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  it("shows the amount and records an online payment with its reference, giving the receipt number", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "vi-VN" })).newPage();
    await signIn(page, cs.url, "tiepnhan");
    await page.goto(`${cs.url}/#/cases/${id}`);
    const fee = page.getByTestId("fee");
    await fee.waitFor();
    expect(await page.getByTestId("fee-due").textContent()).toBe("24.000 ₫");
    expect(await fee.textContent()).toContain("3 bản sao");
    await page.getByRole("button", { name: "Ghi nhận thu phí" }).click();
    await page.getByLabel("Trực tuyến (Cổng dịch vụ công)").check();
    await page.getByRole("button", { name: "Ghi nhận và cấp biên lai" }).click();
    await page.getByText("Nhập mã giao dịch của Cổng dịch vụ công").waitFor();
    await page.getByLabel("Mã giao dịch thanh toán trực tuyến").fill("DVC-2026-123456");
    await expectAccessible(page, "payment form");
    await page.getByRole("button", { name: "Ghi nhận và cấp biên lai" }).click();
    const paid = page.getByTestId("fee-paid");
    await paid.waitFor();
    expect(await paid.textContent()).toMatch(/Đã thu, biên lai số 2026\/000001 lúc .*Trực tuyến \(Cổng dịch vụ công\) DVC-2026-123456/);
    await expect(page.getByRole("button", { name: "Ghi nhận thu phí" }).count()).resolves.toBe(0);
    await screenshot(page, "45-case-fee-paid");
  }, 45_000);
});
