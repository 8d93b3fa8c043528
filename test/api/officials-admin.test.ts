// A province's administrator manages its officials over HTTP, on both databases: creates one who
// then signs in with the initial password and works; finds them by a name typed without accents;
// renames and moves them; deactivates them with a reason (their token is refused at once and the
// case they held goes back to its queue); reactivates them. Every change is a registry entry of
// the official's stream. Bad input names the field; another province's official is not found.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, expectProblem, loginAll, openCase, pointersOf } from "../support/http.js";

describe.each(KINDS)("official administration on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  const post = (path: string, body: unknown, user = "quantri") => request(s.app).post(path).set(as(user)).send(body as object);
  const login = (username: string, password: string) => request(s.app).post("/auth/login").send({ username, password });
  let created: { id: string; password: string };

  beforeAll(async () => {
    s = await startTestServer({ kind });
    s.now = "2026-03-02T02:00:00.000Z";
    as = await loginAll(s, ["quantri", "kiemtra", "tiepnhan", "truongbophan"]);
  }, 60_000);
  afterAll(() => s?.close());

  it("creates an official who signs in with the initial password and receives a dossier", async () => {
    const r = await post("/officials", { username: "nguyen.thi.hoa", fullName: "  Nguyễn Thị  Hoa ", unit: "01-ba-dinh", roles: ["reception"] });
    expect(r.status, r.text).toBe(201);
    expect(r.body.official).toMatchObject({ id: "o-nguyen.thi.hoa", username: "nguyen.thi.hoa", fullName: "Nguyễn Thị Hoa", unit: "01-ba-dinh", roles: ["reception"], active: true });
    expect(r.body.initialPassword).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    created = { id: r.body.official.id, password: r.body.initialPassword };
    const signedIn = await login("nguyen.thi.hoa", created.password);
    expect(signedIn.status, signedIn.text).toBe(200);
    const c = await openCase(s, { authorization: `Bearer ${signedIn.body.token}` });
    expect(c.state).toBe("received");
    // The same username again is a conflict at the field; nothing else is written.
    const again = expectProblem(await post("/officials", { username: "nguyen.thi.hoa", fullName: "Người khác", unit: "01-ba-dinh", roles: ["reception"] }), 409, "official.username_taken");
    expect(pointersOf(again)).toEqual(["/username"]);
  });

  it("names every bad field at once, and keeps each administrator to their province", async () => {
    const bad = expectProblem(await post("/officials", { username: "X", fullName: "", unit: "79-x001", roles: [] }), 400, "request.invalid");
    expect(pointersOf(bad).sort()).toEqual(["/fullName", "/roles", "/unit", "/username"]);
    expectProblem(await post("/officials", { username: "someone", fullName: "Ai Đó", unit: "01-ba-dinh", roles: ["reception"] }, "tiepnhan"), 403, "auth.forbidden");
    expectProblem(await post("/officials/o-nobody/deactivate", { reason: "Nghỉ hưu theo chế độ" }), 404, "request.not_found");
    expectProblem(await post("/officials/o-quantri/deactivate", { reason: "Thử tự khóa" }), 409, "official.self");
    expect(pointersOf(expectProblem(await post(`/officials/${created.id}/deactivate`, { reason: "x" }), 400, "request.invalid"))).toEqual(["/reason"]);
  });

  it("lists and finds officials by a name typed without accents, and edits name and unit", async () => {
    const found = await request(s.app).get("/officials?q=nguyen thi hoa").set(as("kiemtra"));
    expect(found.status, found.text).toBe(200);
    expect(found.body.items.map((o: { id: string }) => o.id)).toEqual([created.id]);
    const all = await request(s.app).get("/officials?unit=01-ba-dinh&active=true").set(as("quantri"));
    expect(all.body.items.map((o: { id: string }) => o.id)).toContain("o-tiepnhan");
    expect(all.body.items.every((o: { unit: string }) => o.unit === "01-ba-dinh")).toBe(true);
    expectProblem(await request(s.app).get("/officials?active=maybe").set(as("quantri")), 400, "request.invalid");
    const moved = await request(s.app).patch(`/officials/${created.id}`).set(as("quantri")).send({ fullName: "Nguyễn Thị Hoà", unit: "01-hoan-kiem" });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.official).toMatchObject({ fullName: "Nguyễn Thị Hoà", unit: "01-hoan-kiem" });
    expect(pointersOf(expectProblem(await request(s.app).patch(`/officials/${created.id}`).set(as("quantri")).send({ roles: ["admin"] }), 400, "request.invalid"))).toEqual(["/roles"]);
    await request(s.app).patch(`/officials/${created.id}`).set(as("quantri")).send({ unit: "01-ba-dinh" }).expect(200);
  });

  it("deactivates with a reason: the token is refused at once and the held case goes back to its queue; reactivates", async () => {
    const token = (await login("nguyen.thi.hoa", created.password)).body.token as string;
    const c = await openCase(s, as("tiepnhan"));
    const claimed = await request(s.app).post(`/cases/${c.id}/claim`).set({ authorization: `Bearer ${token}` });
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body.case.assignee).toBe(created.id);

    const off = await post(`/officials/${created.id}/deactivate`, { reason: "Chuyển công tác sang Sở Tư pháp" });
    expect(off.status, off.text).toBe(200);
    expect(off.body.official.active).toBe(false);
    expect(off.body.notReleased, off.text).toEqual([]);
    expect(off.body.released).toEqual([{ id: c.id, code: expect.any(String), assignee: null }]);
    expectProblem(await request(s.app).get("/cases").set({ authorization: `Bearer ${token}` }), 401, "auth.invalid_token");
    expectProblem(await login("nguyen.thi.hoa", created.password), 401, "auth.bad_credentials");
    // The supervisor sees the case back in the reception queue, held by nobody.
    const queue = await request(s.app).get("/queue?role=reception").set(as("truongbophan"));
    expect(queue.body.items.find((x: { id: string }) => x.id === c.id)).toMatchObject({ holder: null });
    const listed = await request(s.app).get(`/officials?q=hoa&active=false`).set(as("quantri"));
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.id, active: false, deactivationReason: "Chuyển công tác sang Sở Tư pháp", openCases: 0 })]);
    expectProblem(await post(`/officials/${created.id}/deactivate`, { reason: "Lần thứ hai" }), 409, "official.inactive");

    const on = await post(`/officials/${created.id}/reactivate`, {});
    expect(on.status, on.text).toBe(200);
    expect((await login("nguyen.thi.hoa", created.password)).status).toBe(200);

    const reg = await request(s.app).get(`/audit/registry/official:${created.id}`).set(as("kiemtra"));
    expect(reg.body.items.map((x: { entry: { action: string } }) => x.entry.action)).toEqual(["official.create", "official.update", "official.update", "official.deactivate", "official.reactivate"]);
    expect(reg.body.items[3].entry.data).toEqual({ reason: "Chuyển công tác sang Sở Tư pháp" });
    // The released claim is an audited step of the case, by the administrator.
    const history = await request(s.app).get(`/cases/${c.id}/history`).set(as("tiepnhan"));
    expect(history.body.entries.at(-1)).toMatchObject({ actor: { id: "o-quantri" } });
  });

  it("imports a spreadsheet export: the dry run names every row's problem, a sheet with problems creates nobody, a clean one creates all", async () => {
    // As Excel saves it in a Vietnamese locale: a byte-order mark and semicolons.
    const sheet = (rows: string[]) => "\uFEFFusername;fullName;unit;roles\r\n" + rows.join("\r\n") + "\r\n";
    const bad = sheet([
      "pham.van.a;Phạm Văn A;01-ba-dinh;reception civil-status",
      "tiepnhan;Trùng Tên;01-ba-dinh;reception",
      "le.b;;79-x001;reception",
      "pham.van.a;Phạm Văn A Hai;01-hoan-kiem;reception",
    ]);
    const dry = await post("/officials/import", { csv: bad, dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.ok).toBe(false);
    expect(dry.body.rows.map((r: { row: number; problems: Array<{ pointer: string }> }) => [r.row, r.problems.map((x) => x.pointer)])).toEqual([
      [1, []],
      [2, ["/rows/2/username"]],
      [3, ["/rows/3/fullName", "/rows/3/unit"]],
      [4, ["/rows/4/username"]],
    ]);
    const refused = expectProblem(await post("/officials/import", { csv: bad }), 400, "request.invalid");
    expect(pointersOf(refused)).toEqual(["/rows/2/username", "/rows/3/fullName", "/rows/3/unit", "/rows/4/username"]);
    expect((await request(s.app).get("/officials?q=pham van a").set(as("quantri"))).body.items).toEqual([]);
    expect(pointersOf(expectProblem(await post("/officials/import", { csv: "name,unit\nA,01-ba-dinh\n" }), 400, "request.invalid"))).toEqual(["/csv"]);

    const clean = await post("/officials/import", { csv: sheet(["pham.van.a;Phạm Văn A;01-ba-dinh;reception civil-status", "tran.thi.c;Trần Thị C;01-hoan-kiem;reception"]) });
    expect(clean.status, clean.text).toBe(201);
    expect(clean.body.created.map((c: { official: { id: string; roles: string[] } }) => [c.official.id, c.official.roles])).toEqual([
      ["o-pham.van.a", ["civil-status", "reception"]],
      ["o-tran.thi.c", ["reception"]],
    ]);
    for (const c of clean.body.created) expect((await login(c.official.username, c.initialPassword)).status).toBe(200);
    const reg = await request(s.app).get("/audit/registry/official:o-tran.thi.c").set(as("kiemtra"));
    expect(reg.body.items.map((x: { entry: { action: string } }) => x.entry.action)).toEqual(["official.create"]);
  });
});
