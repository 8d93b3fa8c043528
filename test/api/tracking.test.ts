// Tracking a dossier without an account, over HTTP on both databases: intake returns a tracking
// secret once and keeps only its salted hash; POST /track with the code and that secret shows the
// state, the appointment and each time it moved, what is missing and a refusal's reason, and
// nothing from the form; a wrong secret, an unknown code and a case with no secret are the same
// 404; bad input names the field; the receipt prints the secret only when given the right one;
// a new secret replaces the old; and each address is rate-limited.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, birthDocuments, type TestServer } from "../support/server.js";
import { KINDS, act, expectProblem, intakeBody, loginAll, pointersOf } from "../support/http.js";

const SECRET = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const APPLICANT = { personalId: "001190012345", fullName: "Nguyễn Thị Lan", phone: "0912345678" };
const poppler = spawnSync("pdftotext", ["-v"]).status === 0;
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on("data", (c: Buffer) => chunks.push(c));
  res.on("end", () => cb(null, Buffer.concat(chunks)));
};

describe.each(KINDS)("tracking on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  const track = (body: unknown) => request(s.app).post("/track").send(body as object);
  const intake = async (extra: Record<string, unknown> = {}) => {
    const r = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody({ applicant: APPLICANT, ...extra }));
    expect(r.status, r.text).toBe(201);
    return r.body as { case: { id: string; code: string; dueAt: string; version: number }; trackingSecret: string };
  };

  beforeAll(async () => {
    s = await startTestServer({ kind, wire: { publicChecksPerMinute: 1000 } });
    as = await loginAll(s, ["tiepnhan", "hotich", "tiepnhan.hk"]);
  }, 180_000);
  afterAll(() => s?.close());

  it("returns the secret once at intake and stores only its salted hash", async () => {
    const { case: c, trackingSecret } = await intake();
    expect(trackingSecret).toMatch(SECRET);
    const row = await s.db.query<Record<string, unknown>>("select * from case_tracking where case_id = $1", [c.id]);
    expect(row.rows).toHaveLength(1);
    expect(row.rows[0]!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    // The secret is nowhere in the database: not in the case, its entry, nor the tracking row.
    const dump = JSON.stringify((await s.db.query("select to_jsonb(c) as c, (select jsonb_agg(a) from audit_entries a where a.case_id = c.id) as a, (select to_jsonb(t) from case_tracking t where t.case_id = c.id) as t from cases c where c.id = $1", [c.id])).rows);
    expect(dump).not.toContain(trackingSecret);
    expect(dump).not.toContain(trackingSecret.replace(/-/g, ""));
    // Officials never see it again.
    expect(JSON.stringify((await request(s.app).get(`/cases/${c.id}`).set(as("hotich")).expect(200)).body)).not.toContain(trackingSecret.replace(/-/g, ""));
  });

  it("shows state, appointment and its changes, what is missing, and nothing from the form", async () => {
    // Received with one required paper missing.
    const { case: c, trackingSecret } = await intake({ documents: birthDocuments().slice(0, 1) });
    const r = await track({ code: c.code, secret: trackingSecret });
    expect(r.status, r.text).toBe(200);
    expect(r.headers["cache-control"]).toBe("no-store");
    expect(r.body).toMatchObject({
      code: c.code, procedure: { id: "civil-status.birth-registration" }, unit: "01-ba-dinh", unitName: expect.any(String),
      state: { id: "received", kind: "task", title: { vi: "Đã tiếp nhận", en: "Received" } },
      appointment: c.dueAt, originalAppointment: c.dueAt, paused: false, closedAt: null, outcome: null, appointmentChanges: [], reason: null,
      missing: { documents: [expect.objectContaining({ id: expect.any(String) })], note: null },
      steps: [{ at: expect.any(String), state: "received", title: { vi: "Đã tiếp nhận", en: "Received" } }],
    });
    // Typed from the paper: lower case, no dashes, O for 0 and l for 1 all open it.
    const typed = trackingSecret.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l");
    expect((await track({ code: c.code.toLowerCase(), secret: typed })).status).toBe(200);
    // No personal data: not the applicant, not the child on the form.
    const text = JSON.stringify(r.body);
    for (const v of ["001190012345", "Nguyễn Thị Lan", "0912345678", "Nguyễn Minh An", "Trần Thị Bình", "001195012345"]) expect(text).not.toContain(v);
    expect(Object.keys(r.body)).not.toContain("data");

    // The officer asks for papers: the dossier waits on the citizen, with the officer's words.
    let v = (await act(s, as("tiepnhan"), c.id, { action: "request-supplement", data: { missing: "Giấy tờ tùy thân của người đi khai sinh" } })).body.case.version;
    const waiting = (await track({ code: c.code, secret: trackingSecret }).expect(200)).body;
    expect(waiting).toMatchObject({ state: { id: "awaiting-supplement", kind: "waiting-citizen" }, paused: true, missing: { note: "Giấy tờ tùy thân của người đi khai sinh" } });
    // The papers arrive a working day later: the appointment moves by the paused day.
    s.now = "2026-03-03T02:00:00.000Z";
    const supplied = await act(s, as("tiepnhan"), c.id, { action: "supplement", expectedVersion: v, documents: birthDocuments().slice(1) });
    expect(supplied.status, supplied.text).toBe(200);
    v = supplied.body.case.version;
    const after = (await track({ code: c.code, secret: trackingSecret }).expect(200)).body;
    expect(after.missing).toEqual({ documents: [], note: null });
    expect(after.appointment).toBe(supplied.body.case.dueAt);
    expect(after.appointmentChanges).toEqual([expect.objectContaining({ from: c.dueAt, to: supplied.body.case.dueAt, action: "supplement", title: { vi: "Nhận hồ sơ bổ sung", en: "Receive missing papers" } })]);
    // An apology notice moves it again and says so.
    const ap = await request(s.app).post(`/cases/${c.id}/apology`).set(as("tiepnhan")).send({ reason: "Cần xác minh thêm với nơi cư trú", newAppointment: "2026-03-10" });
    expect(ap.status, ap.text).toBe(200);
    const late = (await track({ code: c.code, secret: trackingSecret }).expect(200)).body;
    expect(late.appointmentChanges.at(-1)).toMatchObject({ action: "system:apology", to: ap.body.case.dueAt });
    s.now = "2026-03-02T02:00:00.000Z";
  });

  it("shows a refusal's reason", async () => {
    const { case: c, trackingSecret } = await intake();
    expect((await act(s, as("tiepnhan"), c.id, { action: "accept" })).status).toBe(200);
    const refused = await act(s, as("hotich"), c.id, { action: "refuse", data: { reason: "Người đi khai sinh không có quyền khai" } });
    expect(refused.status, refused.text).toBe(200);
    const r = (await track({ code: c.code, secret: trackingSecret }).expect(200)).body;
    expect(r).toMatchObject({ state: { id: "refused", kind: "final" }, outcome: "refused", reason: "Người đi khai sinh không có quyền khai", closedAt: expect.any(String), missing: { documents: [], note: null } });
  });

  it("gives the same 404 for a wrong secret, an unknown code and a case with no secret", async () => {
    const { case: c, trackingSecret } = await intake();
    const wrong = expectProblem(await track({ code: c.code, secret: "ZZZZ-ZZZZ-ZZZZ" }), 404, "case.not_found");
    const unknown = expectProblem(await track({ code: "HS-260302-ZZZZZZ", secret: trackingSecret }), 404, "case.not_found");
    const malformed = expectProblem(await track({ code: c.code, secret: "123" }), 404, "case.not_found");
    expect(unknown).toEqual(wrong);
    expect(malformed).toEqual(wrong);
    // Another case's secret does not open this one (each hash is salted by its case).
    const other = await intake();
    expect(expectProblem(await track({ code: c.code, secret: other.trackingSecret }), 404, "case.not_found")).toEqual(wrong);
    // A case received before secrets existed has none: the same answer.
    await s.db.query("delete from case_tracking where case_id = $1", [c.id]);
    expect(expectProblem(await track({ code: c.code, secret: trackingSecret }), 404, "case.not_found")).toEqual(wrong);
  });

  it("refuses bad input naming the field", async () => {
    expect(pointersOf(expectProblem(await track({}), 400, "request.invalid")).sort()).toEqual(["/code", "/secret"]);
    expect(pointersOf(expectProblem(await track({ code: "HS-1", secret: 42 }), 400, "request.invalid"))).toEqual(["/secret"]);
    expect(pointersOf(expectProblem(await track({ code: "x".repeat(65), secret: "ABCD-EFGH-JKMN" }), 400, "request.invalid"))).toEqual(["/code"]);
    expectProblem(await track([]), 400, "request.invalid");
  });

  it("issues a new secret to the case's reception: the old one stops working", async () => {
    const { case: c, trackingSecret } = await intake();
    expectProblem(await request(s.app).post(`/cases/${c.id}/tracking-secret`).set(as("tiepnhan.hk")), 404, "case.not_found");
    expectProblem(await request(s.app).post(`/cases/${c.id}/tracking-secret`).set(as("hotich")), 403, "actor.role_not_permitted");
    const r = await request(s.app).post(`/cases/${c.id}/tracking-secret`).set(as("tiepnhan"));
    expect(r.status, r.text).toBe(201);
    expect(r.body.trackingSecret).toMatch(SECRET);
    expectProblem(await track({ code: c.code, secret: trackingSecret }), 404, "case.not_found");
    expect((await track({ code: c.code, secret: r.body.trackingSecret })).status).toBe(200);
  });

  it.skipIf(!poppler)("prints the secret on the receipt when given the right one, and says how to get one otherwise", async () => {
    const { case: c, trackingSecret } = await intake();
    const dir = mkdtempSync(join(tmpdir(), "motcua-track-"));
    const textOf = async (headers: Record<string, string>) => {
      const r = await request(s.app).get(`/cases/${c.id}/receipt.pdf`).set({ ...as("tiepnhan"), ...headers }).buffer(true).parse(binary);
      expect(r.status).toBe(200);
      const file = join(dir, `${Math.random()}.pdf`);
      writeFileSync(file, r.body as Buffer);
      return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/[ \t]+/g, " ");
    };
    const printed = await textOf({ "tracking-secret": trackingSecret });
    expect(printed).toContain(`Mã tra cứu: ${trackingSecret}`);
    const reprinted = await textOf({});
    expect(reprinted).not.toContain(trackingSecret);
    expect(reprinted).toMatch(/Mã tra cứu: \(/);
    expectProblem(await request(s.app).get(`/cases/${c.id}/receipt.pdf`).set({ ...as("tiepnhan"), "tracking-secret": "ZZZZ-ZZZZ-ZZZZ" }), 400, "request.invalid");
  });
});

describe("tracking rate limit", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ wire: { publicChecksPerMinute: 3 } });
  }, 180_000);
  afterAll(() => s?.close());

  it("answers 429 with Retry-After past the limit an address has", async () => {
    for (let i = 0; i < 3; i++) expect((await request(s.app).post("/track").send({ code: "HS-1", secret: "ABCD-EFGH-JKMN" })).status).toBe(404);
    const r = expectProblem(await request(s.app).post("/track").send({ code: "HS-1", secret: "ABCD-EFGH-JKMN" }), 429, "request.rate_limited");
    expect(Number(r.retryAfterSeconds)).toBeGreaterThan(0);
  });
});
