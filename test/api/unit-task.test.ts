// A task for another unit, over HTTP: Ba Đình receives a marital-status confirmation, asks the former
// place of residence (Hoàn Kiếm, named by a dossier field) to verify; Hoàn Kiếm's civil-status officer
// finds the task in their own queue, sees only the part the procedure declares, answers it with
// their reply letter; the case goes home, Ba Đình's chairman signs and the case completes. Nothing
// else of the case is visible to Hoàn Kiếm, before, during or after.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, expectProblem, loginAll, pointersOf } from "../support/http.js";
import { readFileSync } from "node:fs";
import { PkiBuilder, EC_P256, signJws } from "../support/pki.js";
import { crypto } from "../support/server.js";
import { registerCertificate } from "../../server/pki/register.js";

const PROCEDURE = "civil-status.marital-status-confirmation";
const HOME = "01-ba-dinh";
const FORMER = "01-hoan-kiem";

function application(formerResidenceUnit?: string): Record<string, unknown> {
  return {
    person: {
      fullName: "Đặng Thị Mai", sex: "nu", dateOfBirth: "1997-07-07", ethnicity: "Kinh", nationality: "Việt Nam",
      residence: "Phường Ba Đình, Hà Nội", personalId: "001197006789",
    },
    maritalStatus: "chua-ket-hon",
    purpose: "ket-hon",
    intendedSpouse: { fullName: "Kim Min-jun", dateOfBirth: "1994-03-03", nationality: "Hàn Quốc", marriagePlace: "Sở Tư pháp TP. Hà Nội" },
    residencePeriods: [
      { residence: "Phường Hoàn Kiếm, Hà Nội", from: "1997-07-07", to: "2015-08-31" },
      { residence: "Phường Ba Đình, Hà Nội", from: "2015-09-01" },
    ],
    ...(formerResidenceUnit ? { formerResidenceUnit } : {}),
  };
}

const DOCUMENTS = [{ id: "applicant-id", name: "cccd.pdf", sha256: "c".repeat(64) }, { id: "divorce-or-death-proof", name: "khac.pdf", sha256: "d".repeat(64) }];
const ASK = { reason: "Xác minh tình trạng hôn nhân thời gian cư trú 1997-2015 tại phường Hoàn Kiếm" };
const REPLY = { replyReference: "Công văn 45/UBND-HK ngày 03/3/2026", findings: "Không đăng ký kết hôn tại phường trong thời gian cư trú" };
const REPLY_LETTER = { id: "verification-reply", name: "cv-45-hk.pdf", sha256: "e".repeat(64) };

describe.each(KINDS)("a task for another unit on %s", (kind) => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  let entry = 300;
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "chutich", "luutru", "hotich.hk", "tiepnhan.hk", "kiemtra", "quantri", "truongbophan"]);
  });
  afterAll(() => s?.close());

  const step = async (user: string, id: string, action: string, body: Record<string, unknown> = {}) =>
    request(s.app).post(`/cases/${id}/actions`).set(as(user)).send({ action, ...body });
  const ok = async (user: string, id: string, action: string, body: Record<string, unknown> = {}) => {
    const r = await step(user, id, action, body);
    expect(r.status, r.text).toBe(200);
    return r.body;
  };
  const inVerification = async (former?: string): Promise<string> => {
    const r = await request(s.app).post("/cases").set(as("tiepnhan")).send({ procedureId: PROCEDURE, data: application(former), documents: DOCUMENTS });
    expect(r.status, r.text).toBe(201);
    await ok("tiepnhan", r.body.case.id, "accept");
    return r.body.case.id as string;
  };
  const queue = async (user: string) => (await request(s.app).get("/cases").set(as(user))).body.items as Array<Record<string, any>>;

  it("the former residence's officer answers from their own queue, sees only the declared part, and the case completes at home", async () => {
    const id = await inVerification(FORMER);
    expect((await queue("hotich.hk")).map((c) => c.id)).not.toContain(id);

    const asked = await ok("hotich", id, "request-verification", { data: ASK });
    expect(asked.case.task).toMatchObject({ unit: FORMER, role: "civil-status", state: "external-verification", request: ASK, dueAt: "2026-03-05T10:00:00.000Z" });
    // Asking another commune extends the case's due date lawfully (3 working days, Decree 123 art. 22): Thu 5 -> Tue 10 March.
    expect(asked.case).toMatchObject({
      originalDueAt: "2026-03-05T10:00:00.000Z", dueAt: "2026-03-10T10:00:00.000Z",
      extensions: [{ state: "external-verification", workingDays: 3, fromDueAt: "2026-03-05T10:00:00.000Z", toDueAt: "2026-03-10T10:00:00.000Z", reason: { vi: expect.stringContaining("Điều 22") } }],
    });

    // Hoàn Kiếm's queue holds the task, with only the declared fields and documents.
    const item = (await queue("hotich.hk")).find((c) => c.id === id)!;
    expect(item).toMatchObject({ partial: true, unit: HOME, state: "external-verification", dueAt: "2026-03-05T10:00:00.000Z", task: { unit: FORMER, request: ASK } });
    expect(Object.keys(item.data).sort()).toEqual(["maritalStatus", "person", "residencePeriods"]);
    expect(item.documents.map((d: { id: string }) => d.id)).toEqual(["applicant-id"]);
    expect(item.deadline).toBeDefined();
    // The unit's other officials see the task in their queue too; its data is the same declared part.
    expect((await queue("tiepnhan.hk")).find((c) => c.id === id)).toMatchObject({ partial: true });

    const view = await request(s.app).get(`/cases/${id}`).set(as("hotich.hk"));
    expect(view.status, view.text).toBe(200);
    expect(view.body.case).toMatchObject({ partial: true, id });
    expect(view.body.case.data.intendedSpouse).toBeUndefined();
    expect(view.body.case.auditHead).toBeUndefined();
    expect(view.body.actions.map((a: { id: string }) => a.id)).toEqual(["record-verification-reply"]);
    // Everything else of the case stays at home.
    for (const path of ["history", "outbox", "signing-payload"]) expect((await request(s.app).get(`/cases/${id}/${path}`).set(as("hotich.hk"))).status).toBe(404);
    expect(expectProblem(await step("hotich.hk", id, "refuse", { data: { reason: "Không có thẩm quyền từ chối" } }), 403, "actor.unit_not_permitted")).toBeDefined();
    // ... and the home commune no longer answers for the other one.
    expectProblem(await step("hotich", id, "record-verification-reply", { data: REPLY }), 403, "actor.unit_not_permitted");
    expect((await request(s.app).get(`/cases/${id}`).set(as("hotich"))).body.actions.map((a: { id: string }) => a.id)).toEqual(["refuse"]);

    const answered = await ok("hotich.hk", id, "record-verification-reply", { data: REPLY, documents: [REPLY_LETTER] });
    expect(answered.case).toEqual({ id, code: expect.any(String), procedureId: PROCEDURE, procedureVersion: 2, unit: HOME, state: "verification", version: expect.any(Number), partial: true });
    expect(answered.entry.actor).toEqual({ id: "o-hotich-hk", unit: FORMER, role: "civil-status" });

    // The task is done: nothing of the case is left for Hoàn Kiếm.
    expect((await queue("hotich.hk")).map((c) => c.id)).not.toContain(id);
    expectProblem(await request(s.app).get(`/cases/${id}`).set(as("hotich.hk")), 404, "case.not_found");

    // At home the reply is in the case's chain, and the reply letter among its documents.
    const home = await request(s.app).get(`/cases/${id}/history`).set(as("hotich"));
    expect(home.body.case.task).toBeUndefined();
    expect(home.body.case.documents.map((d: { id: string }) => d.id)).toContain("verification-reply");
    expect(home.body.entries.at(-1)).toMatchObject({ action: "record-verification-reply", actor: { unit: FORMER }, input: REPLY });

    // The rest happens on Fri 6 March: after the first appointment, by the extended one.
    const started = s.now;
    s.now = "2026-03-06T02:00:00.000Z";
    await ok("hotich", id, "record", { data: { book: "01/2026", entryNumber: String(entry++) } });
    const p = await request(s.app).get(`/cases/${id}/signing-payload`).set(as("chutich"));
    await ok("chutich", id, "sign", { signature: { format: "jws", jws: await signJws(s.pki.signer, new TextEncoder().encode(p.body.canonical)) } });
    await ok("tiepnhan", id, "return-result");
    const done = await ok("luutru", id, "archive");
    expect(done.case).toMatchObject({ state: "archived", outcome: "completed" });
    const stats = await request(s.app).get("/statistics?unit=01-ba-dinh&from=2026-03-02&to=2026-03-02&procedure=" + PROCEDURE).set(as("truongbophan"));
    expect(stats.status, stats.text).toBe(200);
    expect(stats.body.total).toMatchObject({ completed: 1, completedOnTime: 1, completedLate: 0 });
    s.now = started;

    // Hoàn Kiếm's reads are read-audited like any other; the chain verifies with the task in it.
    await request(s.app).post("/audit/checkpoints").set(as("kiemtra")).expect(201);
    const reads = await request(s.app).get(`/audit/cases/${id}/reads`).set(as("kiemtra"));
    expect(reads.body.items.filter((x: { actorId: string }) => x.actorId === "o-hotich-hk").map((x: { route: string }) => x.route)).toEqual(["GET /cases", "GET /cases/{id}"]);
    const verified = await request(s.app).post(`/audit/cases/${id}/verify`).set(as("kiemtra"));
    expect(verified.status).toBe(200);
    expect(verified.body.findings).toEqual([]);
    expect(verified.body.entries.every((e: { checks: Array<{ ok: boolean }> }) => e.checks.every((c) => c.ok))).toBe(true);
  });

  it("a task row edited in the database is a finding naming cases.task", async () => {
    const id = await inVerification(FORMER);
    await ok("hotich", id, "request-verification", { data: ASK });
    await s.db.query(`update cases set task = jsonb_set(task, '{unit}', '"01-ba-dinh"') where id = $1`, [id]);
    const verified = await request(s.app).post(`/audit/cases/${id}/verify`).set(as("kiemtra"));
    expect(verified.body.findings).toContainEqual(expect.objectContaining({ reason: "case.field-mismatch", params: expect.objectContaining({ column: "cases.task", pointer: "/task/unit" }) }));
  });

  it("refuses to ask a unit the dossier does not name, or one that does not exist, naming the field", async () => {
    const none = await inVerification();
    const missing = expectProblem(await step("hotich", none, "request-verification", { data: ASK }), 400, "data.invalid");
    expect(pointersOf(missing)).toEqual(["/data/formerResidenceUnit"]);

    const unknown = await inVerification("01-khong-co");
    const r = expectProblem(await step("hotich", unknown, "request-verification", { data: ASK }), 400, "data.invalid");
    expect(r.errors).toEqual([expect.objectContaining({ pointer: "/data/formerResidenceUnit", rule: "exists" })]);
    expect((await request(s.app).get(`/cases/${unknown}`).set(as("hotich"))).body.case.state).toBe("verification");
  });

  it("an answer that declares a signature is signed by the answering unit's official, from the payload it may fetch", async () => {
    // A province publishes a variant whose verification reply is signed by the verifying officer.
    const def = JSON.parse(readFileSync(new URL("../../procedures/civil-status.marital-status-confirmation.json", import.meta.url), "utf8"));
    def.id = "civil-status.marital-status-confirmation-signed-reply";
    def.actions.find((a: { id: string }) => a.id === "record-verification-reply").signature = { role: "civil-status", covers: ["data", "documents"], required: false };
    expect((await request(s.app).post("/procedures").set(as("quantri")).send(def)).status).toBe(201);
    const builder = new PkiBuilder({ crypto, now: () => new Date("2026-01-01T00:00:00Z") });
    const key = await builder.createEndEntity(s.pki.ca, { subject: "CN=Ngô Văn Xác Minh, C=VN", key: EC_P256 });
    await registerCertificate(s.db, s.tlog.key, "o-hotich-hk", key.pem, s.pki.trust, "2026-01-02T00:00:00.000Z", crypto, "test");

    const r = await request(s.app).post("/cases").set(as("tiepnhan")).send({ procedureId: def.id, data: application(FORMER), documents: DOCUMENTS });
    const id = r.body.case.id as string;
    await ok("tiepnhan", id, "accept");
    await ok("hotich", id, "request-verification", { data: ASK });
    const p = await request(s.app).get(`/cases/${id}/signing-payload`).set(as("hotich.hk"));
    expect(p.status, p.text).toBe(200);
    expect(p.body.action).toBe("record-verification-reply");
    expect(JSON.stringify(p.body.payload)).not.toContain("Kim Min-jun");
    expectProblem(await step("hotich.hk", id, "record-verification-reply", { data: REPLY }), 422, "signature.required");
    const signed = await ok("hotich.hk", id, "record-verification-reply", { data: REPLY, signature: { format: "jws", jws: await signJws(key, new TextEncoder().encode(p.body.canonical)) } });
    expect(signed.entry).toMatchObject({ actor: { id: "o-hotich-hk", unit: FORMER }, signature: expect.objectContaining({ payloadDigest: p.body.sha256 }) });
  });
});
