// Scanned papers: uploaded as multipart, typed by their bytes, stored once under their SHA-256,
// bound to a dossier's documents at intake, and served back to those who may read the case. Real
// bytes, the real filesystem, the real app; the oversized upload goes over a real socket.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request, { type Response } from "supertest";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Server } from "node:http";
import { PNG } from "pngjs";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, act, expectProblem, intakeBody, loginAll, openCase, pointersOf } from "../support/http.js";
import { DEFAULT_HTTP_LIMITS, listen } from "../../server/http/listen.js";

const MAX_BYTES = 64 * 1024;
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** A minimal PDF 1.4 (one empty page) with a correct cross-reference table; `pad` bytes of comment make it larger. */
function pdf(pad = 0): Buffer {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"];
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  if (pad > 0) out += `%${"x".repeat(pad)}\n`;
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** A real 8x8 PNG made by pngjs: a red and blue checkerboard. */
function png(): Buffer {
  const image = new PNG({ width: 8, height: 8 });
  for (let i = 0; i < 64; i++) image.data.set((i + Math.floor(i / 8)) % 2 ? [200, 0, 0, 255] : [0, 0, 200, 255], i * 4);
  return PNG.sync.write(image);
}

/** A supertest parser keeping the body as bytes (superagent buffers no application/pdf by itself). */
function bytes(res: Response, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on("data", (c: Buffer) => chunks.push(c));
  res.on("end", () => done(null, Buffer.concat(chunks)));
}

/** Every file under a directory, as paths relative to it (temp files included). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/**
 * Writes a multipart upload's head and the start of a PDF part, then (unless it waits for an
 * invitation that never comes) feeds filler until the server closes or `total` went out.
 */
function sendUpload(port: number, framing: string, total: number, frame: (b: Buffer) => Buffer, waitForContinue: boolean, auth = TOKEN.value): Promise<{ text: string; sent: number }> {
  return new Promise((resolve) => {
    const boundary = "----motcua-test";
    const socket = connect(port, "127.0.0.1");
    let text = "";
    let sent = 0;
    let closed = false;
    socket.on("data", (b) => (text += b.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => {
      closed = true;
      resolve({ text, sent });
    });
    const chunk = Buffer.alloc(16 * 1024, "x");
    const feed = () => {
      while (!closed && sent < total) {
        sent += chunk.length;
        if (!socket.write(frame(chunk))) return void socket.once("drain", feed);
      }
    };
    socket.on("connect", () => {
      socket.write(`POST /attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${auth}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n${framing}\r\n\r\n`);
      if (waitForContinue) return;
      socket.write(frame(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lon.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`)));
      feed();
    });
    setTimeout(() => socket.destroy(), 20_000).unref();
  });
}

/** Waits (at most 5 s) for a condition on the filesystem that the server reaches asynchronously. */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(ok()).toBe(true);
}

/** The reception officer's token, for the raw-socket requests. */
const TOKEN = { value: "" };

describe.each(KINDS)("attachments on %s", (kind) => {
  let s: TestServer;
  let dir: string;
  let as: (user: string) => { authorization: string };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "motcua-attachments-test-"));
    // A low limit, so an oversized scan is cheap to send.
    s = await startTestServer({ kind, wire: { attachments: { dir, maxBytes: MAX_BYTES } } });
    as = await loginAll(s, ["tiepnhan", "hotich", "tiepnhan.hk", "hotich.hk"]);
    TOKEN.value = as("tiepnhan").authorization.slice("Bearer ".length);
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (user: string | undefined, bytes: Buffer, filename: string, contentType?: string) => {
    const r = request(s.app).post("/attachments");
    if (user) r.set(as(user));
    return r.attach("file", bytes, { filename, contentType: contentType ?? (filename.endsWith(".png") ? "image/png" : "application/pdf") });
  };

  it("stores a PDF and a PNG under their SHA-256, typed by their bytes", async () => {
    for (const [bytes, name, type] of [[pdf(), "giấy chứng sinh.pdf", "application/pdf"], [png(), "cccd.png", "image/png"]] as const) {
      const r = await upload("tiepnhan", bytes, name);
      expect(r.status, r.text).toBe(201);
      expect(r.body).toEqual({ sha256: sha256(bytes), mediaType: type, size: bytes.length, name });
      const stored = join(dir, r.body.sha256.slice(0, 2), r.body.sha256);
      expect(readFileSync(stored).equals(bytes)).toBe(true);
    }
    expect(filesUnder(join(dir, "tmp"))).toEqual([]);
    const rows = await s.db.query<{ unit: string; uploaded_by: string; media_type: string }>("select unit, uploaded_by, media_type from attachments where sha256 = $1", [sha256(png())]);
    expect(rows.rows).toEqual([{ unit: "01-ba-dinh", uploaded_by: "o-tiepnhan", media_type: "image/png" }]);
  });

  it("stores the same file uploaded twice once, on disk and in the unit's rows", async () => {
    const bytes = pdf(100);
    for (let i = 0; i < 2; i++) expect((await upload("tiepnhan", bytes, `scan-${i}.pdf`)).status).toBe(201);
    const h = sha256(bytes);
    expect(filesUnder(dir).filter((f) => f.includes(h))).toEqual([join(h.slice(0, 2), h)]);
    const rows = await s.db.query<{ n: number }>("select count(*)::int as n from attachments where sha256 = $1", [h]);
    expect(rows.rows[0]!.n).toBe(1);
  });

  it("binds the uploads to the dossier at intake and serves them back, byte for byte, as a recorded read", async () => {
    const [a, b] = [pdf(7), png()];
    for (const [bytes, name] of [[a, "gcs.pdf"], [b, "cccd.png"]] as const) expect((await upload("tiepnhan", bytes, name)).status).toBe(201);
    const documents = [
      { id: "birth-certificate", name: "Giấy chứng sinh.pdf", sha256: sha256(a) },
      { id: "declarant-id", name: "cccd.png", sha256: sha256(b) },
    ];
    const opened = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody({ documents }));
    expect(opened.status, opened.text).toBe(201);
    const id = opened.body.case.id as string;
    // The intake entry (in the case's chain) commits to the documents, hashes included.
    expect(opened.body.case.documents).toEqual(documents);

    s.now = "2026-03-02T03:00:00.000Z";
    const got = await request(s.app).get(`/cases/${id}/documents/birth-certificate/file`).set(as("hotich")).buffer(true).parse(bytes);
    expect(got.status).toBe(200);
    expect((got.body as Buffer).equals(a)).toBe(true);
    expect(got.headers["content-type"]).toBe("application/pdf");
    expect(got.headers["content-disposition"]).toMatch(/^inline; filename="Giay chung sinh.pdf"; filename\*=UTF-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20sinh\.pdf$/);
    expect(got.headers["x-content-type-options"]).toBe("nosniff");
    const image = await request(s.app).get(`/cases/${id}/documents/declarant-id/file`).set(as("hotich"));
    expect(image.status).toBe(200);
    expect(image.headers["content-type"]).toBe("image/png");
    expect(Buffer.from(image.body as Buffer).equals(b)).toBe(true);

    const reads = await s.db.query<{ entry: { actor: { id: string }; at: string; data: { route: string; cases: string[] } } }>(
      "select entry from registry_entries where entry ->> 'action' = 'read' and entry -> 'data' ->> 'route' = $1 order by at",
      ["GET /cases/{id}/documents/{docId}/file"],
    );
    expect(reads.rows.map((r) => ({ actor: r.entry.actor.id, at: r.entry.at, cases: r.entry.data.cases }))).toEqual([
      { actor: "o-hotich", at: "2026-03-02T03:00:00.000Z", cases: [id] },
      { actor: "o-hotich", at: "2026-03-02T03:00:00.000Z", cases: [id] },
    ]);

    // Outside the case's jurisdiction: the same 404 as GET /cases/{id}, nothing read.
    expectProblem(await request(s.app).get(`/cases/${id}/documents/birth-certificate/file`).set(as("hotich.hk")), 404, "case.not_found");
    expectProblem(await request(s.app).get(`/cases/${id}`).set(as("hotich.hk")), 404, "case.not_found");
    // A type edited in the database is not served: the bytes are typed again at download.
    await s.db.query("update attachments set media_type = 'text/html' where sha256 = $1", [sha256(b)]);
    expectProblem(await request(s.app).get(`/cases/${id}/documents/declarant-id/file`).set(as("hotich")), 410, "attachment.missing");
    // A document the case lacks, and the file lost from the disk (410, never a stack trace).
    expectProblem(await request(s.app).get(`/cases/${id}/documents/parents-marriage-certificate/file`).set(as("hotich")), 404, "attachment.not_found");
    unlinkSync(join(dir, sha256(a).slice(0, 2), sha256(a)));
    expectProblem(await request(s.app).get(`/cases/${id}/documents/birth-certificate/file`).set(as("hotich")), 410, "attachment.missing");
  });

  it("keeps papers only seen at the counter as before: a hash nobody uploaded is accepted and has no file", async () => {
    const opened = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody());
    expect(opened.status, opened.text).toBe(201);
    expectProblem(await request(s.app).get(`/cases/${opened.body.case.id}/documents/birth-certificate/file`).set(as("hotich")), 404, "attachment.not_found");
  });

  it("refuses at intake a file another unit received, naming the document's hash", async () => {
    const bytes = pdf(33);
    expect((await upload("tiepnhan", bytes, "gcs.pdf")).status).toBe(201);
    const documents = [
      { id: "birth-certificate", name: "gcs.pdf", sha256: "c".repeat(64) },
      { id: "declarant-id", name: "gcs.pdf", sha256: sha256(bytes) },
    ];
    const before = await s.db.query<{ n: number }>("select count(*)::int as n from cases");
    const r = expectProblem(await request(s.app).post("/cases").set(as("tiepnhan.hk")).send(intakeBody({ documents })), 400, "data.invalid");
    expect(pointersOf(r)).toEqual(["/documents/1/sha256"]);
    expect((await s.db.query<{ n: number }>("select count(*)::int as n from cases")).rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it("refuses the same on an action's documents, and binds the unit's own upload there", async () => {
    const theirs = pdf(44);
    const ours = pdf(45);
    expect((await upload("tiepnhan.hk", theirs, "kh.pdf")).status).toBe(201);
    expect((await upload("tiepnhan", ours, "kh.pdf")).status).toBe(201);
    const c = await openCase(s, as("tiepnhan"));
    const doc = (h: string) => [{ id: "parents-marriage-certificate", name: "giay-ket-hon.pdf", sha256: h }];
    const r = expectProblem(await act(s, as("tiepnhan"), c.id, { action: "accept", expectedVersion: c.version, documents: doc(sha256(theirs)) }), 400, "data.invalid");
    expect(pointersOf(r)).toEqual(["/documents/0/sha256"]);
    const ok = await act(s, as("tiepnhan"), c.id, { action: "accept", expectedVersion: c.version, documents: doc(sha256(ours)) });
    expect(ok.status, ok.text).toBe(200);
    const file = await request(s.app).get(`/cases/${c.id}/documents/parents-marriage-certificate/file`).set(as("hotich")).buffer(true).parse(bytes);
    expect(file.status).toBe(200);
    expect((file.body as Buffer).equals(ours)).toBe(true);
  });

  it("refuses content that is not PDF, JPEG or PNG, or not what it is declared, whatever its name (415)", async () => {
    const zip = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(200, 1)]);
    let p = expectProblem(await upload("tiepnhan", zip, "ho-so.pdf"), 415, "attachment.type_not_allowed");
    expect(p).toMatchObject({ sniffedType: null, declaredType: "application/pdf" });
    expectProblem(await upload("tiepnhan", Buffer.from("giấy chứng sinh, bản sao\n"), "ban-sao.pdf"), 415, "attachment.type_not_allowed");
    // A real PNG declared as a PDF.
    p = expectProblem(await upload("tiepnhan", png(), "anh.pdf", "application/pdf"), 415, "attachment.type_not_allowed");
    expect(p).toMatchObject({ sniffedType: "image/png", declaredType: "application/pdf" });
    expectProblem(await upload("tiepnhan", Buffer.alloc(0), "rong.pdf"), 415, "attachment.type_not_allowed");
    expect(filesUnder(join(dir, "tmp"))).toEqual([]);
  });

  it("asks for a sign-in (401) and an intake role (403)", async () => {
    expectProblem(await upload(undefined, pdf(), "a.pdf"), 401, "auth.required");
    expectProblem(await upload("hotich", pdf(), "a.pdf"), 403, "auth.forbidden");
    expectProblem(await request(s.app).get("/cases/x/documents/y/file"), 401, "auth.required");
  });

  it("answers an oversized upload 413 while it streams, and leaves no file anywhere under the store", async () => {
    const before = filesUnder(dir);
    expectProblem(await upload("tiepnhan", pdf(MAX_BYTES), "lon.pdf"), 413, "attachment.too_large");
    expect(filesUnder(dir)).toEqual(before);

    // On a real socket, 50 MB: sent chunked (no length announced), refused once the file passes the
    // limit; announced by Content-Length, refused before a byte is read; asked first
    // (Expect: 100-continue), refused without an invitation. The connection is closed each time.
    const server: Server = await listen(s.app, 0, "127.0.0.1", { ...DEFAULT_HTTP_LIMITS, uploadLimitBytes: MAX_BYTES + 64 * 1024 });
    try {
      const port = (server.address() as { port: number }).port;
      const total = 50 * 1024 * 1024;
      const chunked = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from("\r\n")]);
      for (const [framing, expectContinue] of [["Transfer-Encoding: chunked", false], [`Content-Length: ${total}`, false], [`Content-Length: ${total}\r\nExpect: 100-continue`, true]] as const) {
        const r = await sendUpload(port, framing, total, framing.startsWith("Transfer") ? chunked : (b) => b, expectContinue);
        expect(r.text, framing).toMatch(/^HTTP\/1\.1 413 /);
        expect(r.text).not.toContain("100 Continue");
        expect(r.text).toMatch(/connection: close/i);
        expect(r.text).toContain('"code":"attachment.too_large"');
        expect(r.sent, framing).toBeLessThan(total / 4);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    expect(filesUnder(dir)).toEqual(before);
    expect(statSync(join(dir, "tmp")).isDirectory()).toBe(true);
  });

  it("invites a scan under the upload limit (100 Continue), and removes the temp file of a client that goes away mid-upload", async () => {
    const server: Server = await listen(s.app, 0, "127.0.0.1", { ...DEFAULT_HTTP_LIMITS, uploadLimitBytes: 2 * 1024 * 1024 });
    try {
      const port = (server.address() as { port: number }).port;
      // Over the 1 MB JSON limit, under the upload limit: invited.
      const invited = await new Promise<string>((resolve) => {
        const socket = connect(port, "127.0.0.1", () =>
          socket.write(`POST /attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN.value}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1500000\r\nExpect: 100-continue\r\n\r\n`),
        );
        socket.on("data", (b) => {
          socket.destroy();
          resolve(b.toString("latin1"));
        });
        setTimeout(() => socket.destroy(), 5_000).unref();
      });
      expect(invited).toMatch(/^HTTP\/1\.1 100 Continue/);

      // Half a scan, then the connection drops: the partial temp file is deleted.
      const before = filesUnder(dir);
      const socket = connect(port, "127.0.0.1");
      await new Promise<void>((resolve) => socket.on("connect", resolve));
      socket.write(`POST /attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN.value}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 40000\r\n\r\n`);
      socket.write(`--b\r\nContent-Disposition: form-data; name="file"; filename="do-dang.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n${"x".repeat(20_000)}`);
      await until(() => filesUnder(join(dir, "tmp")).length === 1);
      socket.destroy();
      await until(() => filesUnder(join(dir, "tmp")).length === 0);
      expect(filesUnder(dir)).toEqual(before);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
