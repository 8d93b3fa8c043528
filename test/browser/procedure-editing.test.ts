// The provincial administrator in the web console: catalog, diagram, then a new version drafted
// in the editor. A lint error appears at the line of the mistake, is fixed, and the version is
// published; the diff shows what changed; a case received before keeps the version it had.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import type { Browser, Page } from "playwright-core";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { BIRTH_VERSION } from "../support/birth.js";

// The catalog's version, the one drafted here, and one published ahead of its date.
const V = BIRTH_VERSION;
const NEXT = V + 1;
const LATER = V + 2;
import { hasChromium, launchBrowser, screenshot, signIn, signOut, startConsoleServer, type ConsoleServer } from "./support.js";

describe.skipIf(!hasChromium)("editing and publishing a procedure in the web console", () => {
  let cs: ConsoleServer;
  let browser: Browser;
  let page: Page;
  let earlier: { id: string; code: string };

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "vi-VN" })).newPage();
    // A dossier received under the catalog's version, before the administrator publishes the next.
    const token = await cs.s.login("tiepnhan");
    const r = await request(cs.s.app).post("/cases").set({ authorization: `Bearer ${token}` })
      .send({ procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true });
    expect(r.status).toBe(201);
    earlier = r.body.case;
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  /** Find-and-replace with the editor's own search panel (Ctrl+F), as a person would. */
  const replaceInEditor = async (find: string, replacement: string) => {
    await page.getByTestId("editor").locator(".cm-content").click();
    await page.keyboard.press("Control+f");
    await page.getByRole("textbox", { name: "Find" }).fill(find);
    await page.getByRole("textbox", { name: "Replace" }).fill(replacement);
    await page.getByRole("button", { name: "replace all" }).click();
    await page.keyboard.press("Escape");
  };
  const lintStatus = () => page.getByTestId("lint-status").textContent();

  it("shows the diagram, lints at the right line, publishes the next version, and old cases keep theirs", async () => {
    // The language switch works before signing in, and sets the document language.
    await page.goto(`${cs.url}/`);
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByRole("button", { name: "Tiếng Việt" }).click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("vi");

    await signIn(page, cs.url, "quantri");
    await page.getByRole("heading", { name: "Danh mục thủ tục" }).waitFor();
    await screenshot(page, "20-catalog");
    await page.getByRole("link", { name: "Đăng ký khai sinh", exact: true }).click();
    const diagram = page.getByTestId("diagram");
    await diagram.waitFor();
    // Laid out by dagre: every state and every transition is drawn; the signing step is marked.
    expect(await diagram.locator("[data-state]").count()).toBe(10);
    expect(await diagram.locator("[data-state='awaiting-signature']").textContent()).toContain("✍");
    expect(await diagram.locator("path[data-action='sign']").getAttribute("stroke-width")).toBe("2.6");
    await screenshot(page, "21-procedure-diagram");

    // Draft the next version in the editor; it starts clean.
    await page.getByRole("tab", { name: "Soạn phiên bản mới" }).click();
    await expect.poll(lintStatus, { timeout: 15_000 }).toContain("Không có lỗi");
    await replaceInEditor('"initial": "received"', '"initial": "recieved"');
    await expect.poll(lintStatus, { timeout: 15_000 }).toContain("1 lỗi");
    const item = page.getByTestId("lint-list").locator("li[data-code='state.unknown']");
    const line = Number(await item.getAttribute("data-line"));
    // The line the diagnostic names, and the range it underlines, hold the mistake.
    await item.getByRole("button").click();
    expect(await page.locator(".cm-lintRange-error").first().textContent()).toContain('"initial": "recieved"');
    expect(await page.locator(".cm-activeLine").textContent()).toContain('"initial": "recieved"');
    expect(await page.locator(".cm-activeLineGutter").first().textContent()).toBe(String(line));
    await screenshot(page, "22-editor-lint-error", { fullPage: false });
    expect(await page.getByRole("button", { name: "Công bố phiên bản" }).isDisabled()).toBe(true);

    // Fix it, change the receipt cut-off, publish.
    await replaceInEditor('"initial": "recieved"', '"initial": "received"');
    await replaceInEditor('"cutoff": "15:00"', '"cutoff": "16:00"');
    await expect.poll(lintStatus, { timeout: 15_000 }).toContain("Không có lỗi");
    // Time passes on the server after the console loaded: the version published now is in force now
    // (the console once compared with the time it loaded and said it would apply later).
    cs.s.now = new Date(Date.parse(cs.s.now) + 10 * 60_000).toISOString();
    await page.getByRole("button", { name: "Công bố phiên bản" }).click();
    await page.getByText(`Đã công bố phiên bản ${NEXT}`).waitFor();
    expect(await page.getByText(`Đã công bố phiên bản ${NEXT}`).textContent()).toBe(`Đã công bố phiên bản ${NEXT}. Hồ sơ mới sẽ áp dụng phiên bản này.`);
    await screenshot(page, "23-editor-published", { fullPage: false });

    // The diff of the two versions, side by side.
    await page.getByRole("tab", { name: "So sánh phiên bản" }).click();
    const diff = page.getByTestId("diff");
    await expect.poll(() => diff.locator("tr.row-mod").count()).toBe(2);
    expect(await diff.locator("td.code.del").allTextContents()).toEqual([`  "version": ${V},`, '    "cutoff": "15:00"']);
    expect(await diff.locator("td.code.add").allTextContents()).toEqual([`  "version": ${NEXT},`, '    "cutoff": "16:00"']);
    await screenshot(page, "24-version-diff");

    // Reception: the dossier received before stays on its version; a new intake uses the new one.
    await signOut(page);
    await signIn(page, cs.url, "tiepnhan");
    await page.getByRole("link", { name: earlier.code }).click();
    await expect.poll(() => page.getByTestId("procedure-version").textContent()).toBe(`phiên bản ${V}`);
    await page.getByRole("link", { name: "Tiếp nhận hồ sơ" }).click();
    await page.getByRole("link", { name: "Đăng ký khai sinh", exact: true }).click();
    await page.getByText(`phiên bản ${NEXT}`, { exact: true }).waitFor();
    expect(await page.locator(".facts").textContent()).toContain("16:00");

    // A later version is published ahead of the decree it implements: the catalog shows it waiting
    // for its date, and intake stays on the version in force until then.
    const v3 = (await request(cs.s.app).get(`/procedures/civil-status.birth-registration?version=${NEXT}`).set({ authorization: `Bearer ${await cs.s.login("quantri")}` })).body.definition;
    const published = await request(cs.s.app).post("/procedures").set({ authorization: `Bearer ${await cs.s.login("quantri")}` }).send({ ...v3, version: LATER, effectiveFrom: "2026-07-01" });
    expect(published.status, published.text).toBe(201);
    await page.getByRole("link", { name: "Thủ tục", exact: true }).click();
    const row = page.getByTestId("catalog").getByRole("row").filter({ hasText: /civil-status\.birth-registration(?!-)/ });
    await expect.poll(() => row.getByTestId("upcoming").textContent()).toContain(`v${LATER} áp dụng từ 00:00 01/07/2026`);
    expect(await row.textContent()).toContain(`v${NEXT}`);
    await page.getByRole("link", { name: "Tiếp nhận hồ sơ" }).click();
    await page.getByRole("link", { name: "Đăng ký khai sinh", exact: true }).click();
    await page.getByText(`phiên bản ${NEXT}`, { exact: true }).waitFor();
  }, 90_000);
});
