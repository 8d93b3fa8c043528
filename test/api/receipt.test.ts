// The receipt and appointment slip at intake, read back as a citizen would: the PDF's text
// (pdftotext from Debian's poppler-utils) holds the code, the papers and the appointment in Hanoi
// time, with Vietnamese accents intact; the first page renders (pdftoppm). Another commune gets 404.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, expectProblem, intakeBody, loginAll } from "../support/http.js";

const poppler = spawnSync("pdftotext", ["-v"]).status === 0 && spawnSync("pdftoppm", ["-v"]).status === 0;
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
    // (The text layer loses the dot of "ụ" — pdf-lib's ToUnicode map for that Noto glyph — though it
    // prints; every other letter reads back as written.)
    expect(text).toMatch(/Thủ tu.?c: Đăng ký khai sinh/u);
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
});
