// The citizen's notices over HTTP on both databases, delivered for real: email to an SMTP server
// started by the test (smtp-server, read back with mailparser), SMS and Zalo to HTTP gateways on
// 127.0.0.1. Received, needs papers, ready, refused (with the reason) and late (apology with the
// new date) each send one message on the applicant's preferred channel in their language, with
// the name, the code and the date and never the personal ID; a failing channel keeps the notice
// on the case with its error, shown on the case's outbox; the chain names every notice.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { createServer, type Server } from "node:http";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import { startTestServer, birthDocuments, type TestServer } from "../support/server.js";
import { KINDS, act, intakeBody, loginAll } from "../support/http.js";
import { signJws } from "../support/pki.js";
import { deliverDue } from "../../server/outbox/deliver.js";
import { noticeTargets } from "../../server/outbox/notice-targets.js";
import { closeMailTransports } from "../../server/outbox/smtp.js";
import type { Targets } from "../../server/outbox/targets.js";

interface Mail { to: string; from: string; subject: string; text: string; messageId: string; language: string | undefined }

/** A real SMTP server on 127.0.0.1 that keeps what it is sent; a recipient in `reject` gets 550. */
async function smtpServer(reject: string[] = []) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (reject.includes(address.address)) return cb(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
      cb();
    },
    onData(stream, _session, cb) {
      simpleParser(stream).then((m) => {
        mails.push({ to: (m.to as { text: string }).text, from: m.from?.text ?? "", subject: m.subject ?? "", text: (m.text ?? "").trim(), messageId: m.messageId ?? "", language: m.headers.get("content-language") as string | undefined });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** An HTTP gateway (SMS or Zalo) that keeps each request. */
async function gateway() {
  const received: Array<{ auth: string | undefined; key: string | undefined; body: { id: string; topic: string; payload: Record<string, unknown> } }> = [];
  const server: Server = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      received.push({ auth: req.headers.authorization, key: req.headers["idempotency-key"] as string | undefined, body: JSON.parse(text) });
      res.writeHead(200).end("queued");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/send`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const LAN = { personalId: "001190012345", fullName: "Nguyễn Thị Lan", email: "lan@example.vn", phone: "0912345678", preferredChannel: "email" };

describe.each(KINDS)("citizen notices on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let sms: Awaited<ReturnType<typeof gateway>>;
  let zalo: Awaited<ReturnType<typeof gateway>>;
  let targets: Targets;
  const deliver = () => deliverDue({ db: s.db, targets, name: "test", timeoutMs: 5_000 }, s.now);
  const intake = async (applicant: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const r = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody({ applicant, ...extra }));
    expect(r.status, r.text).toBe(201);
    return r.body.case as { id: string; code: string; dueAt: string };
  };
  const step = async (user: string, id: string, body: Record<string, unknown>) => {
    const r = await act(s, as(user), id, body);
    expect(r.status, r.text).toBe(200);
    return r.body.case as { dueAt: string };
  };
  const outboxOf = async (id: string) => (await request(s.app).get(`/cases/${id}/outbox`).set(as("tiepnhan")).expect(200)).body.items as Array<Record<string, unknown>>;
  const hanoiDate = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10).split("-").reverse().join("/");

  beforeAll(async () => {
    [s, smtp, sms, zalo] = await Promise.all([startTestServer({ kind }), smtpServer(["nobody@example.vn"]), gateway(), gateway()]);
    as = await loginAll(s, ["tiepnhan", "hotich", "chutich", "kiemtra"]);
    targets = noticeTargets({ smtpUrl: smtp.url, emailFrom: "UBND phường Ba Đình <motcua@badinh.example.vn>", smsGatewayUrl: sms.url, smsGatewayToken: "sms-token", zaloGatewayUrl: zalo.url });
  }, 180_000);
  afterAll(async () => {
    closeMailTransports();
    await Promise.all([s?.close(), smtp?.close(), sms?.close(), zalo?.close()]);
  });

  it("emails received, needs papers, late and ready, each once, in Vietnamese, without the personal ID", async () => {
    const c = await intake(LAN);
    expect(await deliver()).toEqual({ delivered: 1, failed: 0 });
    const received = smtp.mails.at(-1)!;
    expect(received).toMatchObject({ to: "lan@example.vn", from: expect.stringContaining("motcua@badinh.example.vn"), subject: `Hồ sơ ${c.code} đã được tiếp nhận`, language: "vi" });
    expect(received.text).toBe(`Kính gửi Nguyễn Thị Lan: hồ sơ ${c.code} (Đăng ký khai sinh) đã được tiếp nhận. Ngày hẹn trả kết quả: ${hanoiDate(c.dueAt)}.`);
    expect(received.messageId).toContain(c.id);
    // Delivered once: another run sends nothing again.
    expect(await deliver()).toEqual({ delivered: 0, failed: 0 });

    await step("tiepnhan", c.id, { action: "request-supplement", data: { missing: "Giấy tờ tùy thân của người đi khai sinh" } });
    await deliver();
    expect(smtp.mails.at(-1)).toMatchObject({ subject: `Hồ sơ ${c.code} cần bổ sung`, text: expect.stringContaining("cần bổ sung: Giấy tờ tùy thân của người đi khai sinh.") });
    await step("tiepnhan", c.id, { action: "supplement" });
    await step("tiepnhan", c.id, { action: "accept" });
    const ap = await request(s.app).post(`/cases/${c.id}/apology`).set(as("hotich")).send({ reason: "Cần xác minh thêm với nơi cư trú", newAppointment: "2026-03-10" });
    expect(ap.status, ap.text).toBe(200);
    await deliver();
    expect(smtp.mails.at(-1)).toMatchObject({ subject: `Xin lỗi: hồ sơ ${c.code} trễ hẹn`, text: expect.stringContaining("Lý do: Cần xác minh thêm với nơi cư trú. Ngày hẹn mới: 10/03/2026.") });

    await step("hotich", c.id, { action: "record", data: { book: "01/2026", entryNumber: "901" } });
    await step("hotich", c.id, { action: "witness-book-signature", data: { declarantSignedInPerson: true } });
    const p = await request(s.app).get(`/cases/${c.id}/signing-payload`).set(as("chutich")).expect(200);
    await step("chutich", c.id, { action: "sign", signature: { format: "jws", jws: await signJws(s.pki.signer, new TextEncoder().encode(p.body.canonical)) } });
    await deliver();
    expect(smtp.mails.at(-1)).toMatchObject({ subject: `Hồ sơ ${c.code} đã có kết quả` });
    const mine = smtp.mails.filter((m) => m.subject.includes(c.code));
    expect(mine.map((m) => m.subject.replace(c.code, "X"))).toEqual(["Hồ sơ X đã được tiếp nhận", "Hồ sơ X cần bổ sung", "Xin lỗi: hồ sơ X trễ hẹn", "Hồ sơ X đã có kết quả"]);
    for (const m of mine) expect(m.text).not.toContain("001190012345");

    // On the case: every notice delivered, with its event and channel.
    const notices = (await outboxOf(c.id)).filter((m) => String(m.topic).startsWith("notice."));
    expect(notices.map((m) => [m.topic, m.status, (m.notice as { event: string }).event])).toEqual([
      ["notice.email", "delivered", "received"], ["notice.email", "delivered", "needs-papers"], ["notice.email", "delivered", "late"], ["notice.email", "delivered", "ready"],
    ]);
    // The chain names each notice, and a payload edited before delivery would be found.
    const verify = async () => (await request(s.app).post(`/audit/cases/${c.id}/verify`).set(as("kiemtra")).expect(200)).body.findings;
    expect(await verify()).toEqual([]);
    await s.db.query("update outbox set payload = jsonb_set(payload, '{to}', '\"attacker@example.com\"') where case_id = $1 and payload ->> 'event' = 'ready'", [c.id]);
    expect(await verify()).toEqual([expect.objectContaining({ reason: "outbox.row-mismatch", params: expect.objectContaining({ column: "outbox.payload" }) })]);
  });

  it("sends a refusal with its reason by SMS, in English, to the HTTP gateway with its token", async () => {
    const c = await intake({ personalId: "001190054321", fullName: "Tran Van Minh", phone: "0987 654 321", preferredChannel: "sms", language: "en" });
    await step("tiepnhan", c.id, { action: "accept" });
    await step("hotich", c.id, { action: "refuse", data: { reason: "The declarant is not entitled to declare this birth." } });
    await deliver();
    const mine = sms.received.filter((r) => r.body.payload.code === c.code);
    // Both were written at the same instant (the test's clock): delivery order between them is not promised.
    expect(mine.map((r) => r.body.payload.event).sort()).toEqual(["received", "refused"]);
    const refused = mine.find((r) => r.body.payload.event === "refused")!;
    expect(refused.auth).toBe("Bearer sms-token");
    expect(refused.key).toBe(refused.body.id);
    expect(refused.body).toMatchObject({ topic: "notice.sms", payload: { channel: "sms", to: "0987654321", language: "en", text: `Dear Tran Van Minh: your dossier ${c.code} (Birth registration) was refused. Reason: The declarant is not entitled to declare this birth.` } });
    expect(JSON.stringify(mine)).not.toContain("001190054321");
  });

  it("sends by Zalo when the citizen asks; no applicant or no way to reach them sends nothing", async () => {
    const z = await intake({ personalId: "001190011111", fullName: "Lê Văn Hùng", phone: "0901234567", preferredChannel: "zalo" });
    const none = await intake({ personalId: "001190022222", fullName: "Phạm Thị Mai" });
    const bare = await intake({}, { applicant: undefined });
    await deliver();
    expect(zalo.received.filter((r) => r.body.payload.code === z.code).map((r) => r.body.payload.event)).toEqual(["received"]);
    expect(await outboxOf(none.id)).toEqual([]);
    expect(await outboxOf(bare.id)).toEqual([]);
  });

  it("keeps a notice the mail server refuses, or cannot be reached for, on the case with the error", async () => {
    const c = await intake({ ...LAN, email: "nobody@example.vn" });
    expect(await deliver()).toEqual({ delivered: 0, failed: 1 });
    const [n] = await outboxOf(c.id);
    expect(n).toMatchObject({ topic: "notice.email", status: "retrying", attempts: 1, notice: { event: "received", channel: "email", to: "nobody@example.vn" }, lastError: expect.stringMatching(/^SMTP 550/) });
    // No SMTP server listening at all: the connection error, and it waits for the next attempt.
    const d = await intake(LAN, { documents: birthDocuments() });
    const down = noticeTargets({ smtpUrl: "smtp://127.0.0.1:1", emailFrom: "motcua@example.vn" });
    expect(await deliverDue({ db: s.db, targets: down, name: "test", timeoutMs: 2_000 }, s.now)).toMatchObject({ failed: expect.any(Number) });
    const [m] = await outboxOf(d.id);
    expect(m).toMatchObject({ status: "retrying", lastError: expect.stringMatching(/ECONNREFUSED/) });
  });
});
