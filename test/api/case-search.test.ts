// Search at the counter: a citizen's name typed without accents, a personal ID number or a case code
// finds open and closed cases alike, only within the caller's jurisdiction, and the answer is a
// recorded read of personal data.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, birthDeclaration, type TestServer } from "../support/server.js";
import { KINDS, expectProblem, intakeBody, loginAll } from "../support/http.js";
import { birthRegistration, loginAll as loginTokens } from "../support/flows.js";

describe.each(KINDS)("case search on %s", (kind) => {
  let s: TestServer;
  let as: (user: string) => { authorization: string };
  let open: { id: string; code: string };
  let closed: { id: string; code: string };
  let elsewhere: { id: string; code: string };

  /** A birth registration whose child is `child` and whose mother holds `motherId`, received by `user`. */
  const intake = async (user: string, child: string, motherId: string) => {
    const data = birthDeclaration() as { child: Record<string, unknown>; mother: Record<string, unknown>; declarant: Record<string, unknown> };
    data.child.fullName = child;
    data.mother.personalId = motherId;
    data.declarant.personalId = motherId;
    const r = await request(s.app).post("/cases").set(as(user)).send(intakeBody({ data }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return { id: r.body.case.id as string, code: r.body.case.code as string };
  };
  const search = (user: string, q: string) => request(s.app).get("/cases/search").query({ q }).set(as(user));
  const ids = (r: request.Response) => (r.body.items as Array<{ id: string }>).map((c) => c.id);

  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "tiepnhan.hk", "quantri", "kiemtra"]);
    open = await intake("tiepnhan", "Nguyễn Văn Đức Ánh", "001203004567");
    // The same name received in another commune (Hoàn Kiếm): never shown to Ba Đình.
    elsewhere = await intake("tiepnhan.hk", "Nguyễn Văn Đức Ánh", "001203009999");
    const id = await birthRegistration(s, await loginTokens(s));
    const c = await request(s.app).get(`/cases/${id}`).set(as("hotich"));
    closed = { id, code: c.body.case.code };
    expect(c.body.case.closedAt).not.toBeNull();
  });
  afterAll(() => s?.close());

  it("finds a name typed without accents or capitals", async () => {
    const r = await search("tiepnhan", "nguyen van duc anh");
    expect(r.status, r.text).toBe(200);
    expect(ids(r)).toEqual([open.id]);
    expect(r.body.items[0].data.child.fullName).toBe("Nguyễn Văn Đức Ánh");
    expect(ids(await search("tiepnhan", "NGUYEN  Van Đuc"))).toEqual([open.id]);
  });

  it("finds by personal ID number and by case code, closed cases too", async () => {
    expect(ids(await search("tiepnhan", "001203004567"))).toEqual([open.id]);
    expect(ids(await search("hotich", closed.code))).toEqual([closed.id]);
    expect(ids(await search("hotich", closed.code.toLowerCase()))).toEqual([closed.id]);
  });

  it("never crosses jurisdictions: each commune sees its own, the province both", async () => {
    expect(ids(await search("tiepnhan.hk", "Nguyen Van Duc Anh"))).toEqual([elsewhere.id]);
    expect(ids(await search("tiepnhan.hk", "001203004567"))).toEqual([]);
    expect(ids(await search("tiepnhan.hk", open.code))).toEqual([]);
    expect(new Set(ids(await search("quantri", "nguyen van duc anh")))).toEqual(new Set([open.id, elsewhere.id]));
  });

  it("matches wildcard characters literally", async () => {
    expect(ids(await search("tiepnhan", "%%%"))).toEqual([]);
    expect(ids(await search("tiepnhan", "___"))).toEqual([]);
  });

  it("records the answer as one read of the cases it returned, and records nothing for no match", async () => {
    const count = async () => Number((await s.db.query<{ n: string }>("select count(*) as n from registry_entries where entry -> 'data' ->> 'route' = 'GET /cases/search'")).rows[0]!.n);
    const before = await count();
    await search("tiepnhan", "khong co ai ten nay");
    expect(await count()).toBe(before);
    s.now = "2026-03-02T05:00:00.000Z";
    await search("hotich", "001203004567");
    const r = await s.db.query<{ entry: { actor: { id: string }; data: { cases: string[] } } }>("select entry from registry_entries where entry -> 'data' ->> 'route' = 'GET /cases/search' and at = $1", [s.now]);
    expect(r.rows.map((x) => [x.entry.actor.id, x.entry.data.cases])).toEqual([["o-hotich", [open.id]]]);
  });

  it("refuses a phrase too short or too long to search, naming the parameter", async () => {
    for (const q of ["", "ab", "x".repeat(101)]) {
      const body = expectProblem(await search("tiepnhan", q), 400, "request.invalid") as { errors: Array<{ pointer: string; rule: string }> };
      expect(body.errors).toEqual([expect.objectContaining({ pointer: "/query/q", rule: "length" })]);
    }
    expectProblem(await request(s.app).get("/cases/search?q=abc&limit=0").set(as("tiepnhan")), 400, "request.invalid");
  });
});
