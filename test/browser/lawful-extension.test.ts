// The officer's case page shows a lawful extension with its reason and the dates it moved between
// (a late death declaration's verification), apart from any apology notice.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import type { Browser } from "playwright-core";
import { expectAccessible, hasChromium, launchBrowser, screenshot, signIn, startConsoleServer, type ConsoleServer } from "./support.js";

describe.skipIf(!hasChromium)("a lawful extension on the case page", () => {
  let cs: ConsoleServer;
  let browser: Browser;
  let id: string;

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    cs.s.now = "2026-03-20T02:00:00.000Z"; // Fri 20 Mar 09:00 local; died 1 Mar: a late declaration
    const auth = { authorization: `Bearer ${await cs.s.login("tiepnhan")}` };
    const r = await request(cs.s.app).post("/cases").set(auth).send({
      procedureId: "civil-status.death-registration",
      data: {
        deceased: { fullName: "Lê Văn Tư", sex: "nam", dateOfBirth: "1941-06-15", ethnicity: "Kinh", nationality: "Việt Nam", lastResidence: "Phường Ba Đình, Hà Nội", personalId: "001041000789" },
        death: { date: "2026-03-01", place: "Tại nhà riêng", cause: "Bệnh tuổi già" },
        declarant: { fullName: "Lê Thị Hoa", personalId: "001170002345", relationship: "con" },
        copies: 1,
      },
      documents: [
        { id: "death-notice", name: "giay-bao-tu.pdf", sha256: "c".repeat(64) },
        { id: "declarant-id", name: "cccd.pdf", sha256: "d".repeat(64) },
        { id: "late-declaration-note", name: "giai-trinh.pdf", sha256: "e".repeat(64) },
      ],
    });
    expect(r.status, r.text).toBe(201);
    id = r.body.case.id;
    const a = await request(cs.s.app).post(`/cases/${id}/actions`).set(auth).send({ action: "accept" });
    expect(a.status, a.text).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  it("shows the extension, its reason and the new due date", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "vi-VN" })).newPage();
    await signIn(page, cs.url, "hotich");
    await page.goto(`${cs.url}/#/cases/${id}`);
    const note = page.getByTestId("extensions");
    await note.waitFor();
    const text = await note.textContent();
    expect(text).toContain("Gia hạn theo quy định 2 ngày làm việc");
    expect(text).toContain("17:00 20/03/2026");
    expect(text).toContain("17:00 24/03/2026");
    expect(text).toContain("Luật Hộ tịch 2014, Điều 33");
    expect(await page.getByTestId("case-state").textContent()).toBe("Xác minh việc khai tử quá hạn");
    await expectAccessible(page, "case page with a lawful extension");
    await screenshot(page, "40-case-lawful-extension");
  }, 45_000);
});
