// The citizen's identity on a case over HTTP on both databases: an optional applicant at intake,
// checked member by member (each problem names its field, nothing is written), stored on the case
// and in its intake entry, covered by the chain (an edit in the database is a finding naming
// /applicant), shown to officials with jurisdiction and to nobody else, and found by personal ID.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, countRows, expectProblem, intakeBody, loginAll, pointersOf } from "../support/http.js";

const APPLICANT = { personalId: "001190012345", fullName: "Nguye\u0302\u0303n  Thi\u0323 Lan ", phone: "091 234.5678", email: "lan@example.vn", preferredChannel: "sms", language: "vi" };

describe.each(KINDS)("applicant on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  const intake = (extra: Record<string, unknown>) => request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody(extra));

  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "tiepnhan.hk", "kiemtra"]);
  }, 60_000);
  afterAll(() => s?.close());

  it("stores the applicant normalized, in the intake entry, and shows it to officials with jurisdiction only", async () => {
    const r = await intake({ applicant: APPLICANT });
    expect(r.status, r.text).toBe(201);
    const stored = { personalId: "001190012345", fullName: "Nguyễn Thị Lan", phone: "0912345678", email: "lan@example.vn", preferredChannel: "sms", language: "vi" };
    expect(r.body.case.applicant).toEqual(stored);
    expect(r.body.entry.changes[0].value.applicant).toEqual(stored);
    const id = r.body.case.id as string;
    expect((await request(s.app).get(`/cases/${id}`).set(as("hotich")).expect(200)).body.case.applicant).toEqual(stored);
    expect((await request(s.app).get(`/cases/${id}/history`).set(as("hotich")).expect(200)).body.case.applicant).toEqual(stored);
    // Another commune's official learns nothing, not even that the case exists.
    expectProblem(await request(s.app).get(`/cases/${id}`).set(as("tiepnhan.hk")), 404, "case.not_found");
    // The index for "my dossiers" finds it by personal ID.
    const found = await s.db.query<{ id: string }>("select id from cases where applicant ->> 'personalId' = $1", ["001190012345"]);
    expect(found.rows.map((x) => x.id)).toContain(id);
  });

  it("is optional: a dossier without one has none", async () => {
    const r = await intake({});
    expect(r.status, r.text).toBe(201);
    expect(r.body.case.applicant).toBeUndefined();
    expect((await request(s.app).get(`/cases/${r.body.case.id}`).set(as("hotich")).expect(200)).body.case).not.toHaveProperty("applicant");
  });

  it("refuses a bad applicant naming every field and the rule, and writes nothing", async () => {
    const before = await countRows(s, "cases");
    const bad = expectProblem(await intake({ applicant: { personalId: "12345", fullName: "  ", phone: "12ab", email: "not-an-address", preferredChannel: "fax", language: "fr", nickname: "x" } }), 400, "data.invalid");
    expect(pointersOf(bad).sort()).toEqual(["/applicant/email", "/applicant/fullName", "/applicant/language", "/applicant/nickname", "/applicant/personalId", "/applicant/phone", "/applicant/preferredChannel"]);
    expect((bad.errors as Array<{ pointer: string; rule: string }>).find((e) => e.pointer === "/applicant/personalId")?.rule).toBe("pattern");
    // A channel with nothing to reach the citizen on.
    const noEmail = expectProblem(await intake({ applicant: { personalId: "001190012345", fullName: "Lan", preferredChannel: "email" } }), 400, "data.invalid");
    expect(noEmail.errors).toEqual([expect.objectContaining({ pointer: "/applicant/email", rule: "required" })]);
    const noPhone = expectProblem(await intake({ applicant: { personalId: "001190012345", fullName: "Lan", preferredChannel: "zalo" } }), 400, "data.invalid");
    expect(pointersOf(noPhone)).toEqual(["/applicant/phone"]);
    expect(pointersOf(expectProblem(await intake({ applicant: "001190012345" }), 400, "data.invalid"))).toEqual(["/applicant"]);
    expect(pointersOf(expectProblem(await intake({ applicant: { personalId: 1190012345, fullName: "Lan" } }), 400, "data.invalid"))).toEqual(["/applicant/personalId"]);
    expect(await countRows(s, "cases")).toBe(before);
  });

  it("is covered by the chain: an applicant edited in the database is a finding naming /applicant", async () => {
    const r = await intake({ applicant: { personalId: "001190054321", fullName: "Trần Văn Minh", email: "minh@example.vn", preferredChannel: "email" } });
    expect(r.status, r.text).toBe(201);
    const id = r.body.case.id as string;
    const verify = async () => (await request(s.app).post(`/audit/cases/${id}/verify`).set(as("kiemtra")).expect(200)).body.findings as Array<{ reason: string; params: { pointer?: string } }>;
    expect(await verify()).toEqual([]);
    await s.db.query(`update cases set applicant = jsonb_set(applicant, '{email}', '"attacker@example.com"') where id = $1`, [id]);
    expect(await verify()).toEqual([expect.objectContaining({ reason: "case.field-mismatch", params: expect.objectContaining({ pointer: "/applicant/email", column: "cases.applicant" }) })]);
  });
});
