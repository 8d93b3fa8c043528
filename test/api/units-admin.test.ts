// A province's administrator manages its units over HTTP, on both databases: creates a ward and
// staffs it (its official receives a dossier there); renames it; lists units; refuses to dissolve
// a unit with officials or open cases, dissolves an empty one; imports a list as JSON with a dry
// run naming every problem, and a CSV export of 3,321 communes (the country's count) in one go.
// Every change is a registry entry. Other roles and other provinces' codes are refused.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, expectProblem, loginAll, openCase, pointersOf } from "../support/http.js";

describe.each(KINDS)("unit administration on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  const post = (path: string, body: unknown, user = "quantri") => request(s.app).post(path).set(as(user)).send(body as object);
  const registry = async (stream: string) =>
    (await request(s.app).get(`/audit/registry/${encodeURIComponent(stream)}`).set(as("kiemtra"))).body.items.map((x: { entry: { action: string; data: unknown } }) => x.entry);

  beforeAll(async () => {
    s = await startTestServer({ kind });
    s.now = "2026-03-02T02:00:00.000Z";
    as = await loginAll(s, ["quantri", "kiemtra", "tiepnhan"]);
  }, 60_000);
  afterAll(() => s?.close());

  it("creates a ward whose new official receives a dossier there, and renames it", async () => {
    const r = await post("/units", { code: "01-phuc-xa", name: "Phường  Phúc Xá", kind: "ward", effectiveFrom: "2025-07-01" });
    expect(r.status, r.text).toBe(201);
    expect(r.body.unit).toEqual({ code: "01-phuc-xa", name: "Phường Phúc Xá", kind: "ward", province: "01", effectiveFrom: "2025-07-01", successor: null, dissolvedAt: null, dissolutionReason: null });
    expectProblem(await post("/units", { code: "01-phuc-xa", name: "Trùng", kind: "ward" }), 409, "unit.exists");
    const official = await post("/officials", { username: "mot.cua.phuc-xa", fullName: "Đào Thị Một Cửa", unit: "01-phuc-xa", roles: ["reception"] });
    expect(official.status, official.text).toBe(201);
    const token = (await request(s.app).post("/auth/login").send({ username: "mot.cua.phuc-xa", password: official.body.initialPassword })).body.token;
    const c = await request(s.app).get(`/cases/${(await openCase(s, { authorization: `Bearer ${token}` })).id}`).set({ authorization: `Bearer ${token}` });
    expect(c.body.case.unit).toBe("01-phuc-xa");
    const renamed = await request(s.app).patch("/units/01-phuc-xa").set(as("quantri")).send({ name: "Phường Phúc Xá (mới)" });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.unit.name).toBe("Phường Phúc Xá (mới)");
    expect((await registry("unit:01-phuc-xa")).map((e: { action: string }) => e.action)).toEqual(["unit.create", "unit.rename"]);
    expect((await registry("unit:01-phuc-xa"))[1].data).toEqual({ from: "Phường Phúc Xá", to: "Phường Phúc Xá (mới)" });
  });

  it("names every bad field, and keeps units to the province's administration", async () => {
    const bad = expectProblem(await post("/units", { code: "79-ben-thanh", name: "", kind: "village", effectiveFrom: "1/7/2025" }), 400, "request.invalid");
    expect(pointersOf(bad).sort()).toEqual(["/code", "/effectiveFrom", "/kind", "/name"]);
    expectProblem(await post("/units", { code: "01-x", name: "X", kind: "ward" }, "tiepnhan"), 403, "auth.forbidden");
    expectProblem(await request(s.app).get("/units/79-x001").set(as("quantri")), 404, "unit.not_found");
    expect(pointersOf(expectProblem(await request(s.app).patch("/units/01-ba-dinh").set(as("quantri")).send({ code: "01-moi" }), 400, "request.invalid"))).toEqual(["/code"]);
  });

  it("dissolves only a unit with no active official and no open case", async () => {
    const busy = expectProblem(await post("/units/01-ba-dinh/dissolve", { reason: "Thử giải thể" }), 409, "unit.not_empty");
    expect(busy).toMatchObject({ officials: expect.any(Number), openCases: expect.any(Number) });
    await post("/units", { code: "01-tam", name: "Đơn vị tạm", kind: "commune" }).expect(201);
    const done = await post("/units/01-tam/dissolve", { reason: "Lập nhầm, chưa hoạt động" });
    expect(done.status, done.text).toBe(200);
    expect(done.body.unit).toMatchObject({ dissolvedAt: s.now, dissolutionReason: "Lập nhầm, chưa hoạt động" });
    expectProblem(await post("/units/01-tam/dissolve", { reason: "Lần thứ hai" }), 409, "unit.dissolved");
    const listed = (await request(s.app).get("/units").set(as("kiemtra"))).body.items.map((u: { code: string }) => u.code);
    expect(listed).toContain("01-phuc-xa");
    expect(listed).not.toContain("01-tam");
    expect((await request(s.app).get("/units?all=true").set(as("kiemtra"))).body.items.map((u: { code: string }) => u.code)).toContain("01-tam");
    // Its name stays known, for the closed history that names it.
    expect((await request(s.app).get("/directory").set(as("quantri"))).body.units.map((u: { code: string }) => u.code)).toContain("01-tam");
  });

  it("imports a JSON list all or nothing, the dry run naming every problem", async () => {
    const list = [
      { code: "01-dien-bien", name: "Phường Điện Biên", kind: "ward" },
      { code: "01-dien-bien", name: "Phường Điện Biên (trùng)", kind: "ward" },
      { code: "01-ba-dinh", name: "Đã có", kind: "ward" },
      { code: "01-cong-an-dien-bien", name: "Công an phường Điện Biên", kind: "police" },
    ];
    const dry = await post("/units/import", { units: list, dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.problems.map((e: { pointer: string }) => e.pointer)).toEqual(["/units/1/code", "/units/2/code", "/units/3/kind"]);
    expect(pointersOf(expectProblem(await post("/units/import", { units: list }), 400, "request.invalid"))).toEqual(["/units/1/code", "/units/2/code", "/units/3/kind"]);
    expectProblem(await request(s.app).get("/units/01-dien-bien").set(as("quantri")), 404, "unit.not_found");
    const ok = await post("/units/import", { units: [list[0], { ...list[3], kind: "agency" }] });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body).toMatchObject({ ok: true, created: 2 });
    expect((await request(s.app).get("/units/01-cong-an-dien-bien").set(as("quantri"))).body.unit.kind).toBe("agency");
  });

  it("imports a CSV export of 3,321 communes in one transaction and one registry entry", async () => {
    const rows = Array.from({ length: 3321 }, (_, i) => `01-xa-${String(i + 1).padStart(4, "0")};Xã Thử Nghiệm ${i + 1};commune;2025-07-01`);
    const csv = "\uFEFFcode;name;kind;effectiveFrom\r\n" + rows.join("\r\n") + "\r\n";
    const r = await post("/units/import", { csv });
    expect(r.status, r.text.slice(0, 500)).toBe(201);
    expect(r.body.created).toBe(3321);
    expect((await request(s.app).get("/units?kind=commune").set(as("quantri"))).body.items.filter((u: { code: string }) => u.code.startsWith("01-xa-"))).toHaveLength(3321);
    const entries = await registry("units:01");
    expect(entries.at(-1).action).toBe("unit.import");
    expect(entries.at(-1).data.units).toHaveLength(3321);
    // A CSV's problems are named by the sheet's row numbers.
    const again = expectProblem(await post("/units/import", { csv: "code,name,kind\n01-xa-0001,Trùng,commune\n01-moi,,commune\n" }), 400, "request.invalid");
    expect(pointersOf(again)).toEqual(["/rows/1/code", "/rows/2/name"]);
  }, 60_000);
});
