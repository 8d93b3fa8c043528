// Printed papers read back as a citizen or a bank clerk would. The receipt and appointment slip at
// intake: the PDF's text
// (pdftotext from Debian's poppler-utils) holds the code, the papers and the appointment in Hanoi
// time, with Vietnamese accents intact; the first page renders (pdftoppm). Another commune gets 404.
// The extract's QR code, rendered to pixels as a phone camera would see it, decodes (jsQR) to
// the public check URL printed beside it.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { PNG } from "pngjs";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, expectProblem, extractCopy, intakeBody, loginAll } from "../support/http.js";
import { birthRegistration, loginAll as loginTokens } from "../support/flows.js";

// jsqr is CommonJS whose module.exports is the function; its types declare an ES default export.
const jsQR = createRequire(import.meta.url)("jsqr") as typeof import("jsqr").default;

const poppler = spawnSync("pdftotext", ["-v"]).status === 0 && spawnSync("pdftoppm", ["-v"]).status === 0;
// The text layer loses the dot below of "ụ" and "ị" (pdf-lib's ToUnicode entries for those Noto
// glyphs) though the page prints them (see the PNG): compare without that one mark.
const plain = (t: string) => t.normalize("NFD").replace(/\u0323/g, "").normalize("NFC");
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on("data", (c: Buffer) => chunks.push(c));
  res.on("end", () => cb(null, Buffer.concat(chunks)));
};

describe.skipIf(!poppler).each(KINDS)(`receipt and appointment slip on %s${poppler ? "" : " (skipped: poppler-utils not installed)"}`, (kind) => {
  let s: TestServer;
  let as: (user: string) => { authorization: string };
  const dir = mkdtempSync(join(tmpdir(), "motcua-receipt-"));
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "tiepnhan.hk", "kiemtra"]);
  });
  afterAll(() => s?.close());

  it("prints the code, the procedure, the papers and the appointment in Hanoi time", async () => {
    // Received at 09:00 in Hanoi (02:00 UTC) on Monday 2 March 2026: due the same day at 17:00.
    const created = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody());
    expect(created.status).toBe(201);
    const { id, code, dueAt } = created.body.case as { id: string; code: string; dueAt: string };
    const r = await request(s.app).get(`/cases/${id}/receipt.pdf`).set(as("tiepnhan")).buffer(true).parse(binary);
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/pdf");
    const file = join(dir, `${kind}.pdf`);
    writeFileSync(file, r.body as Buffer);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/[ \t]+/g, " ");
    expect(text).toContain("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
    expect(text).toContain(`Mã hồ sơ: ${code}`);
    expect(text).toContain("PHƯỜNG BA ĐÌNH");
    expect(plain(text)).toContain(plain("Thủ tục: Đăng ký khai sinh"));
    expect(text).toContain("1. Giấy chứng sinh (giay-chung-sinh.pdf)");
    expect(text).toContain("2. Giấy tờ tùy thân của người đi khai sinh (cccd.pdf)");
    const hanoi = new Date(Date.parse(dueAt) + 7 * 3600_000).toISOString();
    expect(text).toContain(`Ngày hẹn trả kết quả: ${hanoi.slice(11, 16)} ngày ${hanoi.slice(8, 10)}/${hanoi.slice(5, 7)}/${hanoi.slice(0, 4)}`);
    // It renders: one A4 page as a PNG of a plausible size.
    execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", file, join(dir, kind)]);
    expect(statSync(join(dir, `${kind}-1.png`)).size).toBeGreaterThan(5_000);
    // Printing it is a read of the dossier.
    const reads = await s.db.query("select 1 from registry_entries where entry -> 'data' ->> 'route' = 'GET /cases/{id}/receipt.pdf' and entry -> 'data' -> 'cases' @> $1::jsonb", [JSON.stringify([id])]);
    expect(reads.rowCount).toBe(1);
  });

  it("prints the fee computed at intake, and the receipt number once it is paid", async () => {
    const created = await request(s.app).post("/cases").set(as("tiepnhan")).send(extractCopy({}, 3));
    expect(created.status, created.text).toBe(201);
    const id = created.body.case.id as string;
    const text = async () => {
      const r = await request(s.app).get(`/cases/${id}/receipt.pdf`).set(as("tiepnhan")).buffer(true).parse(binary);
      expect(r.status).toBe(200);
      const file = join(dir, `${kind}-fee.pdf`);
      writeFileSync(file, r.body as Buffer);
      return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/[ \t]+/g, " ");
    };
    const due = created.body.case.fee.due as number;
    const vnd = new Intl.NumberFormat("vi-VN").format(due);
    expect(plain(await text())).toContain(plain(`Lệ phí: ${vnd} đồng`));
    expect(plain(await text())).toContain(plain(`Chưa nộp: ${vnd} đồng`));
    const paid = await request(s.app).post(`/cases/${id}/payment`).set(as("tiepnhan")).send({ method: "cash" });
    expect(paid.status, paid.text).toBe(200);
    expect(plain(await text())).toContain(plain(`Đã nộp ${vnd} đồng, biên lai số ${paid.body.case.fee.payment.receipt}`));
  });

  it("lists the required papers still missing, and is not served to another commune", async () => {
    const created = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody({ documents: [] }));
    const id = created.body.case.id as string;
    const r = await request(s.app).get(`/cases/${id}/receipt.pdf`).set(as("tiepnhan")).buffer(true).parse(binary);
    const file = join(dir, `${kind}-missing.pdf`);
    writeFileSync(file, r.body as Buffer);
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Còn thiếu, công dân bổ sung sau: Giấy chứng sinh; Giấy tờ tùy thân của người đi khai sinh.");
    expectProblem(await request(s.app).get(`/cases/${id}/receipt.pdf`).set(as("tiepnhan.hk")), 404, "case.not_found");
  });

  it("prints the signed extract with its code, register entry, signer, digest and check URL; 409 before signing", async () => {
    const tokens = await loginTokens(s);
    const unsigned = await birthRegistration(s, tokens, "witnessed");
    expectProblem(await request(s.app).get(`/cases/${unsigned}/extract.pdf`).set(as("tiepnhan")), 409, "case.not_signed");
    const id = await birthRegistration(s, tokens, "signed");
    const view = (await request(s.app).get(`/cases/${id}/history`).set(as("tiepnhan"))).body as { case: { code: string; register: { book: string; entry: string } }; entries: Array<{ signature?: { payloadDigest: string } }> };
    const digest = view.entries.find((e) => e.signature)!.signature!.payloadDigest;
    const r = await request(s.app).get(`/cases/${id}/extract.pdf`).set(as("tiepnhan")).set("host", "motcua.example.vn").buffer(true).parse(binary);
    expect(r.status).toBe(200);
    const file = join(dir, `${kind}-extract.pdf`);
    writeFileSync(file, r.body as Buffer);
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    const { code, register } = view.case;
    expect(text).toContain(`Mã hồ sơ: ${code}`);
    expect(text).toContain(`Sổ đăng ký: quyển ${register.book}, số ${register.entry}`);
    expect(plain(text)).toContain(plain("Người ký: CN=Nguyễn Văn Chủ Tịch, C=VN"));
    expect(text.replace(/ /g, "")).toContain(digest);
    expect(text).toContain(`http://motcua.example.vn/app/#/check/${code}/${digest}`);
    // 150 dpi: a printed QR code read by a camera, not the vector drawing.
    execFileSync("pdftoppm", ["-png", "-r", "150", "-f", "1", "-l", "1", file, join(dir, `${kind}-extract`)]);
    const png = PNG.sync.read(readFileSync(join(dir, `${kind}-extract-1.png`)));
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr?.data).toBe(`http://motcua.example.vn/app/#/check/${code}/${digest}`);
  });
});
