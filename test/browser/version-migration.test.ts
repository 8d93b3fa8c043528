// The provincial administrator moves open cases to a newer procedure version in the web console:
// a reason is required (the refusal shows at the field), the preview lists what would move and
// what stays with why, confirming moves them, and the moved case then shows the new version and the
// migration step in its history.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { birthDeclaration } from "../support/server.js";
import { BIRTH, act, bearer, intakeBody } from "../support/http.js";
import { BIRTH_VERSION } from "../support/birth.js";

// The catalog's version (V), the one the cases move to (NEXT), and one published ahead of its date (LATER).
const V = BIRTH_VERSION;
const NEXT = V + 1;
const LATER = V + 2;
import { expectAccessible, hasChromium, launchBrowser, screenshot, signIn, startConsoleServer, type ConsoleServer } from "./support.js";

/** The next version: the signature step is renamed and a child's name is limited to 12 characters. */
function version2(): Record<string, any> {
  const text = readFileSync(new URL("../../procedures/civil-status.birth-registration.json", import.meta.url), "utf8");
  const v2 = JSON.parse(text.replaceAll('"awaiting-signature"', '"awaiting-chairman-signature"'));
  v2.version = NEXT;
  v2.form.schema.properties.child.properties.fullName.maxLength = 12;
  return v2;
}

describe.skipIf(!hasChromium)("moving open cases to a newer procedure version in the web console", () => {
  let cs: ConsoleServer;
  let browser: Browser;
  let page: Page;
  const cases: Record<"short" | "long" | "signing", { id: string; code: string }> = {} as never;
  const REASON = "Nghị định mới áp dụng cho hồ sơ đang giải quyết";

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "vi-VN" })).newPage();
    const as = async (user: string) => bearer(await cs.s.login(user));
    const open = async (fullName: string) => {
      const data = { ...birthDeclaration(), child: { ...(birthDeclaration().child as object), fullName } };
      const r = await request(cs.s.app).post("/cases").set(await as("tiepnhan")).send(intakeBody({ data }));
      expect(r.status, r.text).toBe(201);
      return { id: r.body.case.id as string, code: r.body.case.code as string };
    };
    // short: can move. long: its name breaks version 2's form. signing: waits in a step version 2 renamed.
    cases.short = await open("Lê An");
    cases.long = await open("Nguyễn Minh An");
    cases.signing = await open("Lê Bình");
    for (const [who, action, data] of [
      ["tiepnhan", "accept", undefined],
      ["hotich", "record", { book: "01/2026", entryNumber: "801" }],
      ["hotich", "witness-book-signature", { declarantSignedInPerson: true }],
    ] as const) {
      const r = await act(cs.s, await as(who), cases.signing.id, { action, ...(data ? { data } : {}) });
      expect(r.status, r.text).toBe(200);
    }
    const published = await request(cs.s.app).post("/procedures").set(await as("quantri")).send(version2());
    expect(published.status, published.text).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  const activeId = () => page.evaluate(() => document.activeElement?.id ?? "");

  it("previews, moves the cases the new version can carry on, and the moved case shows the step", async () => {
    await signIn(page, cs.url, "quantri");
    await page.goto(`${cs.url}/#/procedures/${BIRTH}`);
    await page.getByTestId("diagram").waitFor();
    // The new tab is the last one, reached from the keyboard like the others.
    await page.getByRole("tab", { name: "Sơ đồ quy trình" }).focus();
    await page.keyboard.press("End");
    const tab = page.getByRole("tab", { name: "Chuyển hồ sơ sang phiên bản mới" });
    await expect.poll(() => tab.getAttribute("aria-selected")).toBe("true");
    await expect.poll(activeId).toBe("proc-tab-migrate");
    await page.getByRole("heading", { name: "Chuyển hồ sơ đang giải quyết sang phiên bản mới" }).waitFor();
    // From the version before the newest in force, to the newest.
    const from = page.getByLabel("Từ phiên bản", { exact: true });
    const to = page.getByLabel("Sang phiên bản", { exact: true });
    expect(await from.inputValue()).toBe(String(V));
    expect(await to.inputValue()).toBe(String(NEXT));

    // No reason: the server's refusal is shown at the field, which takes the focus.
    const reason = page.getByRole("textbox", { name: "Lý do chuyển" });
    await page.getByRole("button", { name: "Xem trước" }).click();
    await expect.poll(() => reason.getAttribute("aria-invalid")).toBe("true");
    await expect.poll(activeId).toBe("migrate-reason");
    expect(await page.locator("#migrate-reason-error").textContent()).toBe("Hãy nêu lý do chuyển, từ 5 đến 500 ký tự.");
    expect(await reason.getAttribute("aria-describedby")).toContain("migrate-reason-error");

    // The preview: one case would move, two stay with why; the result takes the focus.
    await reason.fill(REASON);
    await page.getByRole("button", { name: "Xem trước" }).click();
    const title = page.getByRole("heading", { name: `Xem trước: từ phiên bản ${V} sang phiên bản ${NEXT}` });
    await title.waitFor();
    await expect.poll(activeId).toBe("migrate-result-title");
    expect(await reason.getAttribute("aria-invalid")).toBeNull();
    const moved = page.getByTestId("migrate-moved");
    const blocked = page.getByTestId("migrate-blocked");
    expect(await moved.getByRole("heading").textContent()).toContain(`Sẽ chuyển sang phiên bản ${NEXT}: 1 hồ sơ`);
    expect(await moved.getByRole("listitem").count()).toBe(1);
    await expect.poll(() => moved.getByRole("listitem").textContent()).toBe(`${cases.short.code} · Đã tiếp nhận`);
    expect(await moved.getByRole("link", { name: cases.short.code }).getAttribute("href")).toBe(`#/cases/${cases.short.id}`);
    expect(await blocked.getByRole("heading").textContent()).toContain(`Giữ phiên bản ${V}: 2 hồ sơ`);
    const long = blocked.locator(`li[data-case='${cases.long.code}']`);
    expect(await long.getAttribute("data-reason")).toBe("migration.data_invalid");
    await expect.poll(() => long.textContent()).toContain(`Thông tin hồ sơ chưa đáp ứng biểu mẫu của phiên bản ${NEXT}:`);
    await expect.poll(() => long.locator("li[data-pointer='/data/child/fullName']").textContent()).toBe("Người được khai sinh › Họ, chữ đệm, tên: Tối đa 12 ký tự /data/child/fullName");
    const signing = blocked.locator(`li[data-case='${cases.signing.code}']`);
    expect(await signing.getAttribute("data-reason")).toBe("migration.state_missing");
    await expect.poll(() => signing.locator("p").textContent()).toBe(`Phiên bản ${NEXT} không có bước «Trình ký» để giải quyết tiếp: hồ sơ giải quyết tiếp theo phiên bản ${V}.`);
    await expectAccessible(page, "moving cases: preview");
    await screenshot(page, "25-version-migration");

    // Confirm: the same request, for real.
    await page.getByRole("button", { name: "Chuyển 1 hồ sơ" }).click();
    await page.getByRole("heading", { name: `Đã thực hiện: từ phiên bản ${V} sang phiên bản ${NEXT}` }).waitFor();
    expect(await page.getByRole("status").filter({ hasText: "Đã chuyển" }).textContent()).toBe(`✓ Đã chuyển 1 hồ sơ sang phiên bản ${NEXT}. 2 hồ sơ giữ phiên bản ${V}.`);
    await expect.poll(activeId).toBe("migrate-result-title");
    expect(await page.getByRole("button", { name: /^Chuyển \d+ hồ sơ$/ }).count()).toBe(0);
    expect(await moved.getByRole("heading").textContent()).toContain(`Đã chuyển sang phiên bản ${NEXT}: 1 hồ sơ`);
    const stayed = await request(cs.s.app).get(`/cases/${cases.long.id}`).set(bearer(await cs.s.login("quantri")));
    expect(stayed.body.case.procedureVersion).toBe(V);

    // The moved case: version 2, and its history names the step, both versions and the reason.
    await moved.getByRole("link", { name: cases.short.code }).click();
    await expect.poll(() => page.getByTestId("procedure-version").textContent()).toBe(`phiên bản ${NEXT}`);
    const step = page.getByTestId("timeline").getByRole("listitem").filter({ hasText: "Chuyển sang phiên bản thủ tục mới" });
    await expect.poll(() => step.count()).toBe(1);
    const text = await step.textContent();
    for (const part of [`Từ phiên bản${V}`, `Sang phiên bản${NEXT}`, `Lý do${REASON}`]) expect(text).toContain(part);
  }, 90_000);

  it("marks a version published ahead of its date, and the server's refusal to move cases to it is shown", async () => {
    const v3 = { ...version2(), version: LATER, effectiveFrom: "2027-01-01" };
    const published = await request(cs.s.app).post("/procedures").set(bearer(await cs.s.login("quantri"))).send(v3);
    expect(published.status, published.text).toBe(201);
    await page.goto(`${cs.url}/#/procedures/${BIRTH}/migrate`);
    const to = page.getByLabel("Sang phiên bản", { exact: true });
    await to.waitFor();
    // The defaults skip the version not in force yet; it is listed, marked in words.
    expect(await page.getByLabel("Từ phiên bản", { exact: true }).inputValue()).toBe(String(V));
    expect(await to.inputValue()).toBe(String(NEXT));
    expect(await to.locator(`option[value='${LATER}']`).textContent()).toContain("chưa có hiệu lực, áp dụng từ 00:00 01/01/2027");
    await to.selectOption(String(LATER));
    await page.getByTestId("migrate-upcoming").waitFor();
    await page.getByRole("textbox", { name: "Lý do chuyển" }).fill(REASON);
    await page.getByRole("button", { name: "Xem trước" }).click();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("Phiên bản này chưa có hiệu lực.");
    expect(await alert.locator("code").textContent()).toBe("procedure.not_in_force");
    expect(await page.getByTestId("migrate-result").count()).toBe(0);
  }, 60_000);
});
