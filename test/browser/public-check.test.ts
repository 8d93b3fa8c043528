// Checking a signed result in the browser without an account: the URL a QR code on the extract
// holds shows the verdict, the signer and the procedure in Vietnamese; the form answers a wrong
// digest plainly; the page has no WCAG A/AA violations; and an official finds, under the signed
// step of the case page, the code and digest the extract prints, with a link to this page.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import type { Browser, Page } from "playwright-core";
import { birthRegistration, loginAll, type Tokens } from "../support/flows.js";
import { BIRTH_VERSION } from "../support/birth.js";
import type { AuditEntry } from "../../engine/case.js";
import { formatDateTime } from "../../server/web/app/src/lib/format.js";
import { expectAccessible, hasChromium, launchBrowser, screenshot, signIn, startConsoleServer, type ConsoleServer } from "./support.js";

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id);

describe.skipIf(!hasChromium)("checking a signed result in the web console", () => {
  let cs: ConsoleServer;
  let browser: Browser;
  let t: Tokens;
  let id: string;
  let code: string;
  let digest: string;
  let signed: AuditEntry;

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    t = await loginAll(cs.s, ["tiepnhan", "hotich", "chutich"]);
    // Signed by the chairman, not yet returned: no checkpoint of the log covers it yet.
    id = await birthRegistration(cs.s, t, "signed");
    const h = await request(cs.s.app).get(`/cases/${id}/history`).set("authorization", `Bearer ${t.chutich}`);
    code = h.body.case.code;
    signed = (h.body.entries as AuditEntry[]).find((e) => e.action === "sign")!;
    digest = signed.signature!.payloadDigest;
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  /** A browser context of its own: no session, no token, nothing from another test. */
  const freshPage = async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" })).newPage();
    page.setDefaultTimeout(10_000);
    return page;
  };

  it("answers the QR code's URL without signing in: verdict, signer, procedure, the log pending then passed", async () => {
    const page = await freshPage();
    await page.goto(`${cs.url}/#/check/${code}/${digest}`);
    const answer = page.getByTestId("check-answer");
    await expect.poll(() => page.getByTestId("check-verdict").textContent()).toBe("✓ Kết quả HỢP LỆ");
    // The public frame only: no sign-in form, no official's name, a way to the sign-in.
    expect(await page.getByLabel("Mật khẩu").count()).toBe(0);
    expect(await page.getByTestId("user-name").count()).toBe(0);
    expect(await page.getByRole("link", { name: "Đăng nhập (cán bộ)" }).getAttribute("href")).toBe("#/");

    const text = (await answer.textContent())!;
    expect(text).toContain(`Đăng ký khai sinh · phiên bản ${BIRTH_VERSION}`);
    expect(text).toContain("Ký số trích lục");
    expect(text).toContain(signed.signature!.signer.subject);
    expect(text).toContain(signed.signature!.signer.issuer);
    expect(text).toContain(`${formatDateTime(signed.at, "vi", "Asia/Ho_Chi_Minh")} (giờ Việt Nam)`);
    const unitName = (await request(cs.s.app).get(`/public/results/${code}/${digest}`)).body.step.unitName as string;
    expect(unitName).toBeTruthy();
    expect(text).toContain(unitName);
    expect(await page.getByTestId("check-state").textContent()).toContain("đang giải quyết");
    // Nothing of the dossier but the facts the procedure lets the paper be compared with: the
    // child's name masked, the year of birth, the register line.
    expect(await page.locator("body").textContent()).not.toContain("Nguyễn Minh An");
    expect(await page.locator('[data-fact="child"]').textContent()).toBe("N*** M*** An");
    expect(await page.locator('[data-fact="birthYear"]').textContent()).toBe("2026");
    expect(await page.locator('[data-fact="registerBook"]').textContent()).toBe("01/2026");
    // No checkpoint covers the step yet: there is no proof for the browser to check.
    expect(await page.locator('[data-check="browser"]').count()).toBe(0);

    // Not yet under a published checkpoint: said as such, not as a failure, and the verdict holds.
    const log = page.locator('[data-check="log"]');
    expect(await log.getAttribute("data-outcome")).toBe("pending");
    expect(await log.textContent()).toContain("Chưa có trong điểm niêm phong đã công bố của nhật ký công khai; hãy kiểm tra lại sau.");
    expect(await page.locator('[data-check="record"]').textContent()).toContain("Hồ sơ nguyên vẹn");
    expect(await page.locator('[data-check="signature"]').textContent()).toContain("Chữ ký số hợp lệ.");
    await expectAccessible(page, "check result, signed out");
    await screenshot(page, "30-public-check-valid");

    // The log publishes a checkpoint; checking again says the step is in the public log, and the
    // focus goes to the verdict.
    await cs.s.tlog.publishCheckpoint(cs.s.now);
    await page.getByRole("button", { name: "Kiểm tra", exact: true }).click();
    await expect.poll(() => log.getAttribute("data-outcome")).toBe("passed");
    expect(await log.textContent()).toContain("Đã có trong nhật ký công khai.");
    await expect.poll(() => activeId(page)).toBe("check-answer-h");
    // Now the browser checks the proof itself (WebCrypto Ed25519, the Merkle path), naming the log's key.
    const own = page.locator('[data-check="browser"]');
    await expect.poll(() => own.getAttribute("data-outcome")).toBe("passed");
    expect(await own.textContent()).toContain(`khóa nhật ký ${cs.s.tlog.key.name}+`);
    await screenshot(page, "31-public-check-browser-proof");

    // The same page in English.
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getByTestId("check-verdict").textContent()).toBe("✓ The result is VALID");
    await page.getByRole("button", { name: "Tiếng Việt" }).click();
    await page.getByRole("heading", { name: "Kiểm tra kết quả" }).waitFor();
  }, 60_000);

  it("says plainly when no signed result has the pair, and names the digest when it is malformed", async () => {
    const page = await freshPage();
    // From the sign-in page's link to the empty form; the focus follows to the page's heading.
    await page.goto(`${cs.url}/`);
    await page.getByRole("link", { name: "Kiểm tra một kết quả đã ký (không cần tài khoản)" }).click();
    await page.getByRole("heading", { name: "Kiểm tra kết quả", level: 1 }).waitFor();
    await expect.poll(() => activeId(page)).toBe("page-h1");

    // A digest one character off, typed with the code in lower case as a person might.
    const wrong = digest.slice(0, -1) + (digest.endsWith("0") ? "1" : "0");
    await page.getByLabel("Mã hồ sơ").fill(code.toLowerCase());
    await page.getByLabel("Mã băm (SHA-256)").fill(wrong);
    await page.getByRole("button", { name: "Kiểm tra", exact: true }).click();
    await page.getByTestId("check-not-found").waitFor();
    expect(await page.getByTestId("check-not-found").textContent()).toContain("Không có kết quả đã ký nào có mã hồ sơ và mã băm này. Hãy đối chiếu cả hai với bản giấy.");
    expect(page.url()).toContain(`#/check/${code}/${wrong}`);
    await expect.poll(() => activeId(page)).toBe("check-answer-h");
    expect(await page.getByTestId("check-answer").count()).toBe(0);
    await expectAccessible(page, "check not found");
    await screenshot(page, "31-public-check-not-found");

    // Too short to be a SHA-256: the server's 400 points at the digest, and so does the page.
    await page.getByLabel("Mã băm (SHA-256)").fill(digest.slice(0, 40));
    await page.getByRole("button", { name: "Kiểm tra", exact: true }).click();
    await page.getByTestId("check-digest-error").waitFor();
    expect(await page.getByTestId("check-digest-error").textContent()).toBe("Mã băm phải gồm đúng 64 ký tự 0–9, a–f. Hãy đối chiếu lại với bản giấy.");
    expect(await page.getByLabel("Mã băm (SHA-256)").getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => activeId(page)).toBe("check-digest");
    await expectAccessible(page, "check with a malformed digest");

    // An empty field is named before anything is sent.
    await page.getByLabel("Mã hồ sơ").fill("");
    await page.getByRole("button", { name: "Kiểm tra", exact: true }).click();
    await expect.poll(() => activeId(page)).toBe("check-code");
    expect(await page.getByLabel("Mã hồ sơ").getAttribute("aria-invalid")).toBe("true");
  }, 45_000);

  it("says NOT valid when the record was changed after signing", async () => {
    const other = await birthRegistration(cs.s, t, "signed");
    const h = await request(cs.s.app).get(`/cases/${other}/history`).set("authorization", `Bearer ${t.chutich}`);
    const sig = (h.body.entries as AuditEntry[]).find((e) => e.action === "sign")!.signature!.payloadDigest;
    await cs.s.db.query("update audit_entries set entry = jsonb_set(entry, '{input,entryNumber}', '\"999\"') where case_id = $1 and seq = 2", [other]);
    const page = await freshPage();
    await page.goto(`${cs.url}/#/check/${h.body.case.code}/${sig}`);
    await expect.poll(() => page.getByTestId("check-verdict").textContent()).toBe("✗ Kết quả KHÔNG hợp lệ");
    expect(await page.locator('[data-check="record"]').textContent()).toContain("Hồ sơ KHÔNG nguyên vẹn");
    await expectAccessible(page, "check result not valid");
  }, 45_000);

  it("shows an official, under the signed step, the code and digest to print and a link to the check", async () => {
    const page = await freshPage();
    await signIn(page, cs.url, "chutich");
    await page.goto(`${cs.url}/#/cases/${id}`);
    const extract = page.getByTestId("extract-check");
    await extract.waitFor();
    expect(await extract.count()).toBe(1); // one signed step
    expect(await page.getByTestId("extract-digest").textContent()).toBe(digest);
    expect(await extract.textContent()).toContain(code);
    await extract.getByRole("img", { name: `Mã QR dẫn tới trang kiểm tra kết quả của hồ sơ ${code}` }).waitFor();
    await expectAccessible(page, "case page with a signed step");
    await screenshot(page, "32-case-extract-check");

    await extract.getByRole("link", { name: "Mở trang kiểm tra kết quả" }).click();
    await expect.poll(() => page.getByTestId("check-verdict").textContent()).toBe("✓ Kết quả HỢP LỆ");
    expect(page.url()).toBe(`${cs.url}/#/check/${code}/${digest}`);
    // Still signed in: the page sits in the console's frame.
    await page.getByTestId("user-name").waitFor();
    expect(await page.getByLabel("Mã băm (SHA-256)").inputValue()).toBe(digest);
  }, 45_000);
});
