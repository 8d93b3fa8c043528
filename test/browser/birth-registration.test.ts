// A birth registration through the web console, by clicks and typing only: intake with field
// errors, acceptance, recording, the witnessed book signature, the chairman's digital signature
// with his key file (WebCrypto in the browser), return, archive; then the auditor verifies it and
// downloads the evidence bundle. The same child was registered before (by the API, below), so
// intake warns of a possible duplicate and receives only once the officer confirms; nationality
// and ethnicity start filled in; the return records who received the result. Screenshots of each
// page go to test/artifacts/.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import type { Browser, Page } from "playwright-core";
import { birthDeclaration, birthDocuments } from "../support/server.js";
import { hasChromium, launchBrowser, screenshot, signIn, signOut, startConsoleServer, type ConsoleServer } from "./support.js";

describe.skipIf(!hasChromium)("birth registration in the web console", () => {
  let cs: ConsoleServer;
  let browser: Browser;
  let page: Page;
  let earlier: string;

  beforeAll(async () => {
    [cs, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "vi-VN", acceptDownloads: true });
    page = await context.newPage();
    // The commune's birth register already holds entry 124 of book 01/2026, written earlier.
    const auth = async (u: string) => ({ authorization: `Bearer ${await cs.s.login(u)}` });
    const created = await request(cs.s.app).post("/cases").set(await auth("tiepnhan")).send({ procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments() });
    const id = created.body.case.id as string;
    earlier = created.body.case.code as string;
    expect((await request(cs.s.app).post(`/cases/${id}/actions`).set(await auth("tiepnhan")).send({ action: "accept" })).status).toBe(200);
    const recorded = await request(cs.s.app).post(`/cases/${id}/actions`).set(await auth("hotich")).send({ action: "record", data: { book: "01/2026", entryNumber: "124" } });
    expect(recorded.status, recorded.text).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await cs?.close();
  });

  /** Chooses a file through the file chooser the click opens, as a person does. */
  const choose = async (label: string | RegExp, file: { name: string; mimeType: string; buffer: Buffer }) => {
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByLabel(label).click()]);
    await chooser.setFiles(file);
  };
  const act = async (button: string | RegExp) => {
    await page.getByRole("button", { name: button }).click();
  };
  const openFromInbox = async (code: string) => {
    await page.getByRole("link", { name: /Hồ sơ cần xử lý/ }).click();
    await page.getByRole("link", { name: code }).click();
    await page.getByTestId("timeline").waitFor();
  };
  /** Moves the server's clock to a local time (UTC+7) on Monday 2 March 2026, when the case is handled. */
  const at = (hhmm: string) => {
    const [h, m] = hhmm.split(":").map(Number);
    cs.s.now = new Date(Date.UTC(2026, 2, 2, h! - 7, m!)).toISOString();
  };
  const expectState = (state: string) => expect.poll(() => page.getByTestId("case-state").textContent()).toBe(state);

  it("takes a dossier from intake to archive and the auditor verifies it", async () => {
    // Reception: sign in, open the intake form, submit it empty to see field errors.
    await page.goto(`${cs.url}/`);
    await screenshot(page, "01-login");
    await signIn(page, cs.url, "tiepnhan");
    await page.getByRole("heading", { name: "Hồ sơ cần xử lý" }).waitFor();
    await page.getByRole("link", { name: "Tiếp nhận hồ sơ" }).click();
    await page.getByRole("link", { name: "Đăng ký khai sinh", exact: true }).click();
    await act("Tiếp nhận hồ sơ");
    // No paper chosen yet: the officer is warned which required papers are missing before anything is sent.
    await expect.poll(() => page.getByTestId("missing-papers").textContent()).toContain("Thiếu giấy tờ bắt buộc: Giấy chứng sinh; Giấy tờ tùy thân của người đi khai sinh.");
    await act("Vẫn tiếp nhận");
    const child = page.getByRole("group", { name: "Người được khai sinh" });
    const childName = child.getByLabel("Họ, chữ đệm, tên");
    await expect.poll(() => childName.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await childName.getAttribute("aria-describedby"))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe("Chưa nhập");
    await page.getByRole("alert").filter({ hasText: "Hồ sơ chưa hợp lệ" }).waitFor();
    await screenshot(page, "02-intake-errors");

    await childName.fill("Nguyễn Minh An");
    await child.getByLabel("Giới tính").selectOption({ label: "Nam" });
    await child.getByLabel("Ngày, tháng, năm sinh").fill("20/02/2026");
    await child.getByLabel("Nơi sinh").fill("Bệnh viện Phụ sản Hà Nội");
    // Defaults of the procedure: most births registered are of Kinh, Vietnamese children.
    expect(await child.getByLabel("Dân tộc").inputValue()).toBe("Kinh");
    expect(await child.getByLabel("Quốc tịch").inputValue()).toBe("Việt Nam");
    await child.getByLabel("Quê quán").fill("Nam Định");
    const mother = page.getByRole("group", { name: "Mẹ", exact: true });
    await mother.getByLabel("Họ, chữ đệm, tên").fill("Trần Thị Bình");
    await mother.getByLabel("Ngày, tháng, năm sinh").fill("12/05/1995");
    expect(await mother.getByLabel("Dân tộc").inputValue()).toBe("Kinh");
    expect(await mother.getByLabel("Quốc tịch").inputValue()).toBe("Việt Nam");
    await mother.getByLabel("Nơi cư trú").fill("Phường Ba Đình, Hà Nội");
    await mother.getByLabel("Số định danh cá nhân").fill("00119501234"); // one digit short: a pattern error
    const declarant = page.getByRole("group", { name: "Người đi khai sinh" });
    await declarant.getByLabel("Họ, chữ đệm, tên").fill("Trần Thị Bình");
    await declarant.getByLabel("Số định danh cá nhân").fill("001195012345");
    await declarant.getByLabel("Quan hệ với người được khai sinh").selectOption({ label: "Mẹ" });
    await page.getByLabel("Số bản sao trích lục yêu cầu").fill("2");
    await choose(/^Giấy chứng sinh/, { name: "giay-chung-sinh.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 giấy chứng sinh") });
    await choose(/^Giấy tờ tùy thân/, { name: "cccd-tran-thi-binh.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 căn cước") });
    await act("Tiếp nhận hồ sơ");
    const motherId = mother.getByLabel("Số định danh cá nhân");
    // The field was already marked by the first (empty) submission: wait for the new message, not the mark.
    await expect.poll(async () => page.locator(`[id="${await motherId.getAttribute("aria-describedby")}"]`).textContent()).toBe("Gồm đúng 12 chữ số");
    expect(await motherId.getAttribute("aria-invalid")).toBe("true");
    await motherId.fill("001195012345");
    await act("Tiếp nhận hồ sơ");

    // The same child, birth date and mother are in the dossier received earlier: shown with its
    // code, unit and state by name; nothing is received until the officer has checked it.
    const dup = page.getByTestId("possible-duplicates");
    await dup.waitFor();
    expect(await dup.textContent()).toContain("Có thể trùng hồ sơ đã đăng ký");
    expect(await dup.getByRole("link", { name: earlier }).getAttribute("href")).toMatch(/^#\/cases\//);
    expect(await dup.textContent()).toContain("Phường Ba Đình");
    expect(await dup.textContent()).toContain("Người đi khai sinh ký Sổ hộ tịch");
    expect(await page.getByTestId("receipt").count()).toBe(0);
    await screenshot(page, "02b-intake-possible-duplicate");
    await act("Đã kiểm tra, vẫn tiếp nhận");

    // The receipt: code and the appointment (received Monday 09:00, same working day, 17:00).
    const receipt = page.getByTestId("receipt");
    await receipt.waitFor();
    const code = (await receipt.getByTestId("receipt-code").textContent())!;
    expect(code).toMatch(/^HS-260302-/);
    expect(await receipt.textContent()).toContain("17:00");
    await screenshot(page, "03-receipt");
    // The slip to print and hand over: a PDF named after the dossier.
    const [slip] = await Promise.all([page.waitForEvent("download"), act("Tải giấy tiếp nhận và hẹn trả (PDF, để in)")]);
    expect(slip.suggestedFilename()).toBe(`${code}-giay-tiep-nhan.pdf`);
    expect(readFileSync((await slip.path())!).subarray(0, 5).toString()).toBe("%PDF-");
    await page.getByRole("link", { name: "Mở hồ sơ" }).click();
    await page.getByTestId("timeline").waitFor();
    expect(await page.getByTestId("documents").textContent()).toContain("giay-chung-sinh.pdf");
    await screenshot(page, "04-case-received");
    at("09:06");
    await act("Chuyển thẩm định");
    await act("Xác nhận");
    await expectState("Đang thẩm định");

    // Civil-status officer: the case is in their queue, due today.
    await signOut(page);
    at("10:12");
    await signIn(page, cs.url, "hotich");
    const row = page.getByTestId("inbox-table").getByRole("row").filter({ hasText: code });
    await expect.poll(() => row.textContent()).toContain("Đến hạn hôm nay");
    await screenshot(page, "05-inbox-civil-status");
    await openFromInbox(code);
    await act("Nhận xử lý");
    await expect.poll(() => page.getByTestId("holder").textContent()).toContain("Bạn đang giữ hồ sơ này");
    await act("Ghi Sổ hộ tịch");
    // The form proposes the book written last and its next number; the officer checks it against the paper book.
    await expect.poll(() => page.getByLabel("Số đăng ký").inputValue()).toBe("125");
    expect(await page.getByLabel("Quyển số").inputValue()).toBe("01/2026");
    expect(await page.getByTestId("register-proposal").textContent()).toContain("quyển 01/2026: số tiếp theo 125");
    await screenshot(page, "06-case-record");
    await act("Xác nhận");
    await expectState("Người đi khai sinh ký Sổ hộ tịch");
    at("10:31");
    await act("Chứng kiến người đi khai sinh ký Sổ");
    // Confirming without ticking says what is missing: the tick, not "not filled in".
    const signedInPerson = page.getByLabel("Người đi khai sinh đã ký trực tiếp vào Sổ");
    await act("Xác nhận");
    await expect.poll(async () => page.locator(`[id="${await signedInPerson.getAttribute("aria-describedby")}"]`).textContent()).toBe("Cần đánh dấu để xác nhận");
    await signedInPerson.check();
    await act("Xác nhận");
    await expectState("Trình ký");

    // Chairman: signs in the browser with his key file and certificate.
    await signOut(page);
    at("13:45");
    await signIn(page, cs.url, "chutich");
    await openFromInbox(code);
    await act(/Ký số trích lục/);
    const panel = page.getByTestId("sign-panel");
    await panel.getByTestId("payload-sha256").waitFor();
    expect(await panel.textContent()).toContain("chutich.key.pem");
    // Next to the development key files: how to sign with a USB token instead.
    await panel.getByText("Ký bằng thiết bị ký số (USB token, PKCS#11)").click();
    expect(await panel.getByTestId("token-command").textContent()).toMatch(new RegExp(`^MOTCUA_PIN=… npx motcua sign --payload ${code}-sign-payload\\.json --pkcs11 .+ --slot .+ --key-label `));
    const pem = (name: string) => ({ name, mimeType: "application/x-pem-file", buffer: readFileSync(join(cs.devPkiDir, "officials", name)) });
    await choose("Tệp khóa riêng (PEM, PKCS#8)", pem("chutich.key.pem"));
    await choose("Tệp chứng thư số (PEM)", pem("chutich.cert.pem"));
    await screenshot(page, "07-sign");
    await act("Ký và gửi");
    await expectState("Có kết quả, chờ trả");
    expect(await page.getByTestId("signature-evidence").textContent()).toContain("Nguyễn Văn Chủ Tịch");

    // Reception returns the result; the archivist archives it.
    await signOut(page);
    at("15:20");
    await signIn(page, cs.url, "tiepnhan");
    await openFromInbox(code);
    await act("Trả kết quả");
    // Who received the result is recorded: asked for before the step is taken.
    await act("Xác nhận");
    const recipient = page.getByRole("group", { name: "Người nhận kết quả" });
    await expect.poll(() => recipient.getByLabel("Họ, chữ đệm, tên").getAttribute("aria-invalid")).toBe("true");
    await recipient.getByLabel("Tư cách người nhận").selectOption({ label: "Mẹ" });
    await recipient.getByLabel("Họ, chữ đệm, tên").fill("Trần Thị Bình");
    await recipient.getByLabel("Số định danh cá nhân").fill("001195012345");
    await act("Xác nhận");
    await expectState("Đã trả kết quả, chờ lưu trữ");
    await signOut(page);
    at("16:05");
    await signIn(page, cs.url, "luutru");
    await openFromInbox(code);
    await act("Lưu trữ");
    await act("Xác nhận");
    await expectState("Đã lưu trữ");
    expect(await page.getByTestId("timeline").locator("li").count()).toBe(8);
    // The result waits to be sent to the civil-status database (no target configured here), visibly.
    const sync = page.getByTestId("outbox").locator("li");
    expect(await sync.getAttribute("data-status")).toBe("pending");
    expect(await sync.textContent()).toContain("Chờ gửi");
    await screenshot(page, "08-case-archived");

    // Auditor: finds the case, verifies it, downloads the evidence bundle.
    await signOut(page);
    at("16:40");
    await signIn(page, cs.url, "kiemtra");
    await page.getByRole("heading", { name: "Thanh tra, kiểm tra" }).waitFor();
    await page.getByTestId("audit-cases").getByRole("link", { name: code }).click();
    await page.getByTestId("signature-evidence").waitFor();
    await act("Kiểm tra toàn vẹn");
    const report = page.getByTestId("verify-report");
    await report.waitFor();
    expect(await report.getByRole("heading").textContent()).toContain("Toàn vẹn");
    expect(await report.locator("tbody tr").count()).toBe(8);
    expect(await report.locator(".fail-text").count()).toBe(0);
    // The verifier's findings in the auditor's language, with the signer named.
    expect(await report.locator("tbody tr").first().textContent()).toContain("nội dung khớp mã băm");
    expect(await report.locator("tbody tr", { hasText: "Ký số trích lục" }).textContent()).toContain("ký bởi CN=Nguyễn Văn Chủ Tịch");
    await screenshot(page, "09-audit-verified");
    const [download] = await Promise.all([page.waitForEvent("download"), act("Tải gói chứng cứ")]);
    expect(download.suggestedFilename()).toBe(`evidence-${code}.json`);
    const bundle = JSON.parse(readFileSync((await download.path())!, "utf8")) as { format: string; entries: unknown[] };
    expect(bundle.format).toBe("motcua.evidence-bundle/v2");
    expect(bundle.entries).toHaveLength(8);
    // Who read the dossier's personal data is on the page, each read sealed.
    const reads = page.getByTestId("reads").locator("li");
    expect(await reads.count()).toBeGreaterThan(3);
    expect(await page.getByTestId("reads").textContent()).toContain("Nguyễn Văn Chủ Tịch");
    expect(await page.getByTestId("reads").locator(".ok-text").count()).toBe(await reads.count());

    // Someone with database access renames the child in the archived dossier: the same button now
    // names the field and the step that recorded it, next to the data it shows.
    await cs.s.db.query(`update cases set data = jsonb_set(data, '{child,fullName}', '"Nguyễn Minh Ân"') where code = $1`, [code]);
    await page.reload();
    await page.getByTestId("signature-evidence").waitFor();
    await act("Kiểm tra toàn vẹn");
    await expect.poll(() => report.getByRole("heading").textContent()).toContain("Phát hiện bất thường");
    expect(await report.textContent()).toContain("trường /data/child/fullName của hồ sơ khác với giá trị bước 0 đã ghi");
    expect(await page.locator("[data-altered]").textContent()).toContain("Nguyễn Minh Ân ✗ không khớp hồ sơ gốc");
    await screenshot(page, "09b-audit-tamper-found");

    // The same signature found from the other side: every step the chairman took.
    await page.getByRole("link", { name: "Thanh tra, kiểm tra", exact: true }).click();
    await page.getByRole("tab", { name: "Bước xử lý" }).click();
    await page.getByLabel("Cán bộ", { exact: true }).selectOption({ label: "Nguyễn Văn Chủ Tịch" });
    await act("Tìm kiếm");
    const entries = page.getByTestId("audit-entries");
    await expect.poll(() => entries.locator("tbody tr").count()).toBe(1);
    expect(await entries.locator("tbody tr").textContent()).toContain("✍");
    await screenshot(page, "10-audit-entries");
  }, 120_000);
});
