// Possible duplicates at intake (birth registration v2 declares the child's name and date of birth
// and the mother's name): the same child typed without accents or in other capitals, in another
// commune of the province, is flagged; intake refuses it until the officer confirms, and then
// records the confirmation in the case's chain. A different child, a refused dossier and another
// province's case are no duplicates.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, birthDeclaration, birthDocuments, type TestServer } from "../support/server.js";
import { BIRTH, KINDS, expectProblem, loginAll, pointersOf } from "../support/http.js";
import { upsertUnit } from "../../server/store/units.js";
import { insertOfficial } from "../../server/store/officials.js";
import { hashPassword } from "../../server/http/auth.js";
import { DEMO_PASSWORD } from "../../server/seed.js";

type Declaration = { child: Record<string, unknown>; mother: Record<string, unknown> };

describe.each(KINDS)("possible duplicates on %s", (kind) => {
  let s: TestServer;
  let as: (user: string) => { authorization: string };
  let first: { id: string; code: string };

  /** birthDeclaration() with the child, birth date and mother as given. */
  const declaration = (child: string, born = "2026-02-20", mother = "Trần Thị Bình") => {
    const d = birthDeclaration() as Declaration;
    d.child.fullName = child;
    d.child.dateOfBirth = born;
    d.mother.fullName = mother;
    return d;
  };
  const intake = (user: string, data: unknown, extra: Record<string, unknown> = {}) =>
    request(s.app).post("/cases").set(as(user)).send({ procedureId: BIRTH, data, documents: birthDocuments(), ...extra });
  const check = (user: string, body: Record<string, unknown>) => request(s.app).post("/cases/possible-duplicates").set(as(user)).send(body);
  const found = (r: request.Response) => (r.body.possibleDuplicates as Array<{ id: string }>).map((x) => x.id);

  beforeAll(async () => {
    s = await startTestServer({ kind });
    // A reception officer of another province.
    await upsertUnit(s.db, { code: "79", name: "Thành phố Hồ Chí Minh", level: "province", province: "79" });
    await upsertUnit(s.db, { code: "79-tan-dinh", name: "Phường Tân Định", level: "commune", province: "79" });
    await insertOfficial(s.db, { id: "o-tiepnhan-td", username: "tiepnhan.td", passwordHash: await hashPassword(DEMO_PASSWORD), fullName: "Lê Văn Tiếp", unit: "79-tan-dinh", roles: ["reception"] });
    as = await loginAll(s, ["tiepnhan", "tiepnhan.hk", "hotich", "tiepnhan.td", "kiemtra"]);
    const r = await intake("tiepnhan", declaration("Nguyễn Minh Đức"));
    expect(r.status, r.text).toBe(201);
    first = { id: r.body.case.id, code: r.body.case.code };
  });
  afterAll(() => s?.close());

  it("finds the same child typed without accents, in other capitals and spacing, from another commune of the province", async () => {
    const r = await check("tiepnhan.hk", { procedureId: BIRTH, data: declaration("  NGUYEN minh   duc ", "2026-02-20", "tran thi binh") });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({
      fields: ["/child/fullName", "/child/dateOfBirth", "/mother/fullName"],
      possibleDuplicates: [{ id: first.id, code: first.code, unit: "01-ba-dinh", state: "received", receivedAt: expect.any(String) }],
    });
  });

  it("refuses the intake with 409 listing the matches, and receives it once confirmed, recording the confirmation in the chain", async () => {
    const same = declaration("Nguyen Minh Duc", "2026-02-20", "TRAN THI BINH");
    const refused = expectProblem(await intake("tiepnhan.hk", same), 409, "case.possible_duplicate");
    expect(refused.fields).toEqual(["/child/fullName", "/child/dateOfBirth", "/mother/fullName"]);
    expect(refused.possibleDuplicates).toEqual([expect.objectContaining({ id: first.id, code: first.code, unit: "01-ba-dinh" })]);
    const cases = Number((await s.db.query<{ n: string }>("select count(*) as n from cases")).rows[0]!.n);

    const confirmed = await intake("tiepnhan.hk", same, { confirmDuplicate: true });
    expect(confirmed.status, confirmed.text).toBe(201);
    expect(Number((await s.db.query<{ n: string }>("select count(*) as n from cases")).rows[0]!.n)).toBe(cases + 1);
    expect(confirmed.body.entry.input).toEqual({ duplicates: { possibleDuplicates: [first.id], confirmed: true } });
    const history = await request(s.app).get(`/cases/${confirmed.body.case.id}/history`).set(as("tiepnhan.hk"));
    expect(history.body.entries[0]).toMatchObject({ action: "intake", input: { duplicates: { possibleDuplicates: [first.id], confirmed: true } } });
    const verified = await request(s.app).post(`/audit/cases/${confirmed.body.case.id}/verify`).set(as("kiemtra"));
    expect(verified.status, verified.text).toBe(200);
    expect(verified.body.entries.every((e: { ok: boolean }) => e.ok)).toBe(true);
  });

  it("does not flag a different child, another birth date or another mother", async () => {
    for (const data of [declaration("Nguyễn Minh Đạt"), declaration("Nguyễn Minh Đức", "2026-02-21"), declaration("Nguyễn Minh Đức", "2026-02-20", "Trần Thị Bích")]) {
      const r = await check("tiepnhan", { procedureId: BIRTH, data });
      expect(found(r), JSON.stringify(data)).toEqual([]);
    }
    const r = await intake("tiepnhan", declaration("Nguyễn Minh Đạt"));
    expect(r.status, r.text).toBe(201);
    expect(r.body.entry.input).toBeUndefined();
  });

  it("leaves out a refused dossier", async () => {
    const opened = await intake("tiepnhan", declaration("Phạm Gia Huy"));
    expect(opened.status, opened.text).toBe(201);
    const id = opened.body.case.id as string;
    await request(s.app).post(`/cases/${id}/actions`).set(as("tiepnhan")).send({ action: "accept" }).expect(200);
    await request(s.app).post(`/cases/${id}/actions`).set(as("hotich")).send({ action: "refuse", data: { reason: "Giấy chứng sinh không hợp lệ" } }).expect(200);
    expect(found(await check("tiepnhan", { procedureId: BIRTH, data: declaration("Pham Gia Huy") }))).toEqual([]);
    expect((await intake("tiepnhan", declaration("Phạm Gia Huy"))).status).toBe(201);
  });

  it("never returns another province's case", async () => {
    const there = await intake("tiepnhan.td", declaration("Võ Thành Long"));
    expect(there.status, there.text).toBe(201);
    expect(found(await check("tiepnhan", { procedureId: BIRTH, data: declaration("Vo Thanh Long") }))).toEqual([]);
    expect(found(await check("tiepnhan.td", { procedureId: BIRTH, data: declaration("Nguyen Minh Duc") }))).toEqual([]);
    expect(found(await check("tiepnhan.td", { procedureId: BIRTH, data: declaration("Vo Thanh Long") }))).toEqual([there.body.case.id]);
  });

  it("records the answer as a read of the cases it names, and nothing when none match", async () => {
    const count = () => s.db.query<{ entry: { actor: { id: string }; data: { cases: string[] } } }>("select entry from registry_entries where entry -> 'data' ->> 'route' = 'POST /cases/possible-duplicates' order by at");
    const before = (await count()).rows.length;
    await check("tiepnhan", { procedureId: BIRTH, data: declaration("Không Ai Cả") });
    expect((await count()).rows.length).toBe(before);
    await check("tiepnhan.hk", { procedureId: BIRTH, data: declaration("Nguyen Minh Duc") });
    const rows = (await count()).rows;
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)!.entry.actor.id).toBe("o-tiepnhan-hk");
    expect(rows.at(-1)!.entry.data.cases).toContain(first.id);
  });

  it("answers no match when a compared field is missing, and none for a procedure that declares no check", async () => {
    const d = declaration("Nguyễn Minh Đức");
    delete d.child.dateOfBirth;
    expect((await check("tiepnhan", { procedureId: BIRTH, data: d })).body).toEqual({ fields: ["/child/fullName", "/child/dateOfBirth", "/mother/fullName"], possibleDuplicates: [] });
    expect((await check("tiepnhan", { procedureId: "civil-status.death-registration", data: {} })).body).toEqual({ fields: [], possibleDuplicates: [] });
  });

  it("refuses bad input with a pointer, an unknown procedure, a caller who may not receive it, and a non-boolean confirmation", async () => {
    expect(pointersOf(expectProblem(await check("tiepnhan", { data: {} }), 400, "request.invalid"))).toEqual(["/procedureId"]);
    expect(pointersOf(expectProblem(await check("tiepnhan", { procedureId: BIRTH, data: [] }), 400, "request.invalid"))).toEqual(["/data"]);
    expect(pointersOf(expectProblem(await check("tiepnhan", { procedureId: BIRTH }), 400, "request.invalid"))).toEqual(["/data"]);
    expectProblem(await check("tiepnhan", { procedureId: "civil-status.nope", data: {} }), 404, "procedure.not_found");
    expectProblem(await check("hotich", { procedureId: BIRTH, data: declaration("Nguyen Minh Duc") }), 403, "actor.role_not_permitted");
    expect(pointersOf(expectProblem(await intake("tiepnhan", declaration("Nguyen Minh Duc"), { confirmDuplicate: "yes" }), 400, "request.invalid"))).toEqual(["/confirmDuplicate"]);
  });
});
