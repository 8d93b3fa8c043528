// Finding a dossier in the console: the reception officer types the citizen's name without accents
// and finds the case, closed or not, and opens it; another commune's officer finds nothing.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type { Browser } from "playwright-core";
import { birthRegistration, loginAll } from "../support/flows.js";
import { expectAccessible, hasChromium, launchBrowser, signIn, signOut, startConsoleServer, type ConsoleServer } from "./support.js";

describe.skipIf(!hasChromium)("case search in the web console", () => {
  let cs: ConsoleServer;
  let browser: Browser;
  let id = "";

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    // Archived: it has left every inbox, only search finds it now.
    id = await birthRegistration(cs.s, await loginAll(cs.s));
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  it("finds a closed case by the child's name typed without accents, and opens it", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" })).newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, cs.url, "tiepnhan");
    await page.getByRole("searchbox", { name: "Tìm hồ sơ" }).fill("nguyen minh an");
    await page.getByRole("button", { name: "Tìm", exact: true }).click();
    const results = page.getByTestId("search-results");
    await expect.poll(() => results.textContent()).toContain("1 hồ sơ khớp với «nguyen minh an»");
    const row = page.getByTestId("search-table").getByRole("row").nth(1);
    expect(await row.textContent()).toContain("Nguyễn Minh An");
    expect(await row.textContent()).toContain("đã kết thúc");
    await expectAccessible(page, "inbox with search results");
    await row.getByRole("link").click();
    await page.getByTestId("case-state").waitFor();
    expect(page.url()).toContain(id);
    await signOut(page);

    await signIn(page, cs.url, "tiepnhan.hk");
    await page.getByRole("searchbox", { name: "Tìm hồ sơ" }).fill("nguyen minh an");
    await page.getByRole("button", { name: "Tìm", exact: true }).click();
    await expect.poll(() => results.textContent()).toContain("0 hồ sơ khớp với «nguyen minh an»");
  });
});
