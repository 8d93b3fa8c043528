// The inbox (GET /cases) and one case (GET /cases/:id): filters, keyset pagination, who sees
// what, the actions offered to the caller, and the record that a dossier was opened.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { BIRTH, act, countRows, expectProblem, loginAll, openCase, pointersOf, snapshot } from "../support/http.js";

const EXTRACT = "civil-status.extract-copy";
const extractCopy = {
  procedureId: EXTRACT,
  data: {
    requester: { fullName: "Hoàng Văn Nam", personalId: "079088001122", relationship: "ban-than" },
    record: { event: "khai-sinh", subjectFullName: "Hoàng Văn Nam", book: "02/1988", entryNumber: "57", registrationDate: "1988-05-20", registeredBy: "UBND phường 16, quận Tân Bình" },
    copies: 2,
  },
  documents: [{ id: "requester-id", name: "cccd.pdf", sha256: "c".repeat(64) }],
};

type Item = { id: string; state: string; procedureId: string; unit: string; dueAt: string; deadline: unknown };

describe("inbox", () => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  const ids: { birth: string[]; accepted: string; paused: string; extract: string; withdrawn: string; hk: string } = { birth: [], accepted: "", paused: "", extract: "", withdrawn: "", hk: "" };

  const inbox = (user: string, query = "") => request(s.app).get(`/cases${query}`).set(as(user));
  const idsOf = (r: { body: { items: Item[] } }) => r.body.items.map((c) => c.id);

  beforeAll(async () => {
    s = await startTestServer();
    as = await loginAll(s, ["tiepnhan", "hotich", "chutich", "truongbophan", "tiepnhan.hk", "kiemtra"]);
    // Monday 09:00 local: due the same day at 17:00; Monday 16:00 local (after the cut-off): due Tuesday.
    s.now = "2026-03-02T02:00:00.000Z";
    for (let i = 0; i < 3; i++) ids.birth.push((await openCase(s, as("tiepnhan"))).id);
    s.now = "2026-03-02T09:00:00.000Z";
    for (let i = 0; i < 3; i++) ids.birth.push((await openCase(s, as("tiepnhan"))).id);
    ids.accepted = ids.birth[0]!;
    expect((await act(s, as("tiepnhan"), ids.accepted, { action: "accept", expectedVersion: 1 })).status).toBe(200);
    ids.paused = ids.birth[1]!;
    expect((await act(s, as("tiepnhan"), ids.paused, { action: "request-supplement", expectedVersion: 1, data: { missing: "Giấy chứng sinh" } })).status).toBe(200);
    ids.withdrawn = ids.birth[2]!;
    expect((await act(s, as("tiepnhan"), ids.withdrawn, { action: "withdraw", expectedVersion: 1, data: { reason: "rút" } })).status).toBe(200);
    const e = await request(s.app).post("/cases").set(as("tiepnhan")).send(extractCopy);
    expect(e.status, e.text).toBe(201);
    ids.extract = e.body.case.id;
    ids.hk = (await openCase(s, as("tiepnhan.hk"))).id;
  });
  afterAll(() => s?.close());

  it("lists the open cases of the caller's commune, soonest due first, with deadline status", async () => {
    const r = await inbox("tiepnhan");
    expect(r.status).toBe(200);
    const open = [...ids.birth.filter((id) => id !== ids.withdrawn), ids.extract];
    expect(idsOf(r).sort()).toEqual(open.sort());
    const due = r.body.items.map((c: Item) => c.dueAt);
    expect(due).toEqual([...due].sort());
    expect(r.body.items.every((c: Item) => c.unit === "01-ba-dinh" && c.deadline !== undefined)).toBe(true);
    expect(r.body.nextCursor).toBeNull();
  });

  it("filters by state and by procedure", async () => {
    expect(idsOf(await inbox("tiepnhan", "?state=verification"))).toEqual([ids.accepted]);
    expect(idsOf(await inbox("tiepnhan", "?state=awaiting-supplement"))).toEqual([ids.paused]);
    expect(idsOf(await inbox("tiepnhan", `?procedure=${EXTRACT}`))).toEqual([ids.extract]);
    const births = idsOf(await inbox("tiepnhan", `?procedure=${BIRTH}&state=received`));
    expect(births.sort()).toEqual(ids.birth.slice(3).sort());
    expect(idsOf(await inbox("tiepnhan", "?state=no-such-state"))).toEqual([]);
    // Closed cases appear only when asked for.
    expect(idsOf(await inbox("tiepnhan"))).not.toContain(ids.withdrawn);
    expect(idsOf(await inbox("tiepnhan", "?closed=true"))).toContain(ids.withdrawn);
  });

  it("pages with limit and nextCursor without duplicates or gaps, across equal due dates", async () => {
    const all = idsOf(await inbox("tiepnhan", "?closed=true&limit=500"));
    expect(all.length).toBeGreaterThanOrEqual(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await inbox("tiepnhan", `?closed=true&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(r.status, r.text).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(r));
      cursor = r.body.nextCursor;
      expect(++pages).toBeLessThan(20);
    } while (cursor);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThanOrEqual(3);
    expectProblem(await inbox("tiepnhan", "?cursor=garbage"), 400, "request.invalid");
  });

  it("does not show a commune's cases to another commune, and shows them all to the province", async () => {
    const hk = idsOf(await inbox("tiepnhan.hk"));
    expect(hk).toEqual([ids.hk]);
    const province = idsOf(await inbox("kiemtra", "?limit=500"));
    expect(province).toEqual(expect.arrayContaining([...ids.birth.filter((id) => id !== ids.withdrawn), ids.extract, ids.hk]));
    expect(idsOf(await inbox("kiemtra", "?unit=01-hoan-kiem"))).toEqual([ids.hk]);
    expect(pointersOf(expectProblem(await inbox("tiepnhan", "?unit=01-hoan-kiem"), 400, "request.invalid"))).toEqual(["/query/unit"]);
    expectProblem(await request(s.app).get(`/cases/${ids.extract}`).set(as("tiepnhan.hk")), 404, "case.not_found");
    expect((await request(s.app).get(`/cases/${ids.extract}`).set(as("kiemtra"))).status).toBe(200);
  });

  it("refuses a bad limit with a pointer to the query parameter", async () => {
    for (const bad of ["0", "501", "abc", "2.5", "-1", ""]) {
      const r = await inbox("tiepnhan", `?limit=${bad}`);
      expect(pointersOf(expectProblem(r, 400, "request.invalid")), `limit=${bad}`).toEqual(["/query/limit"]);
    }
  });

  it("lists overdue cases once the clock passes their due date, but not paused ones", async () => {
    s.now = "2026-03-02T09:30:00.000Z"; // Monday 16:30 local: today's cases are due, tomorrow's not yet
    expect(idsOf(await inbox("tiepnhan", "?overdue=true"))).toEqual([]);
    s.now = "2026-03-02T10:30:00.000Z"; // past Monday 17:00 local
    const overdue = idsOf(await inbox("tiepnhan", "?overdue=true"));
    expect(overdue).toEqual([ids.accepted]);
    s.now = "2026-03-03T10:30:00.000Z"; // past Tuesday 17:00 local: the afternoon cases too
    const later = idsOf(await inbox("tiepnhan", "?overdue=true"));
    expect(later.sort()).toEqual([ids.accepted, ...ids.birth.slice(3), ids.extract].sort());
    expect(later).not.toContain(ids.paused);
  });
});

describe("one case", () => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  beforeAll(async () => {
    s = await startTestServer();
    as = await loginAll(s, ["tiepnhan", "hotich", "chutich", "luutru", "truongbophan", "kiemtra"]);
  });
  afterAll(() => s?.close());

  const offered = async (user: string, id: string) => {
    const r = await request(s.app).get(`/cases/${id}`).set(as(user));
    expect(r.status, r.text).toBe(200);
    return (r.body.actions as Array<{ id: string; enabled: boolean; needsData: boolean }>);
  };
  const idsOf = (a: Array<{ id: string }>) => a.map((x) => x.id).sort();

  it("lists exactly the actions the caller may take now", async () => {
    const c = await openCase(s, as("tiepnhan"));
    expect(idsOf(await offered("tiepnhan", c.id))).toEqual(["accept", "request-supplement", "withdraw"]);
    expect(idsOf(await offered("truongbophan", c.id))).toEqual(["accept", "request-supplement", "withdraw"]);
    expect(idsOf(await offered("hotich", c.id))).toEqual(["request-supplement"]);
    expect(await offered("chutich", c.id)).toEqual([]);
    expect(await offered("luutru", c.id)).toEqual([]);
    expect(await offered("kiemtra", c.id)).toEqual([]); // reads, never acts
    const accept = (await offered("tiepnhan", c.id)).find((a) => a.id === "accept")!;
    expect(accept).toMatchObject({ enabled: true, needsData: false });

    expect((await act(s, as("tiepnhan"), c.id, { action: "accept", expectedVersion: c.version })).status).toBe(200);
    expect(idsOf(await offered("tiepnhan", c.id))).toEqual(["request-supplement", "withdraw"]);
    const hotich = await offered("hotich", c.id);
    expect(idsOf(hotich)).toEqual(["record", "refuse", "request-supplement"]);
    expect(hotich.find((a) => a.id === "refuse")).toMatchObject({ enabled: true, needsData: true });
  });

  it("offers nothing that the server would then refuse, and refuses everything it does not offer", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const def = (await request(s.app).get(`/procedures/${BIRTH}`).set(as("tiepnhan"))).body.definition as { actions: Array<{ id: string }> };
    for (const user of ["tiepnhan", "hotich", "chutich"]) {
      const listed = new Set(idsOf(await offered(user, c.id)));
      for (const a of def.actions) {
        if (listed.has(a.id)) continue;
        const before = await snapshot(s, as("tiepnhan"), c.id);
        const r = await act(s, as(user), c.id, { action: a.id, expectedVersion: before.version });
        expect([403, 409], `${user} ${a.id}: ${r.text}`).toContain(r.status);
        expect(["actor.role_not_permitted", "action.not_available"]).toContain(r.body.code);
        expect(await snapshot(s, as("tiepnhan"), c.id)).toEqual(before);
      }
    }
  });

  it("shows a guarded action as disabled until its condition holds", async () => {
    const c = await openCase(s, as("tiepnhan"), { documents: [] });
    const accept = (await offered("tiepnhan", c.id)).find((a) => a.id === "accept")!;
    expect(accept.enabled).toBe(false);
    expectProblem(await act(s, as("tiepnhan"), c.id, { action: "accept", expectedVersion: c.version }), 422, "action.guard_failed");
    expect((await snapshot(s, as("tiepnhan"), c.id)).version).toBe(c.version);
  });

  it("offers nothing on a closed case", async () => {
    const c = await openCase(s, as("tiepnhan"));
    expect((await act(s, as("tiepnhan"), c.id, { action: "withdraw", expectedVersion: c.version, data: {} })).status).toBe(200);
    expect(await offered("tiepnhan", c.id)).toEqual([]);
    expectProblem(await act(s, as("tiepnhan"), c.id, { action: "accept", expectedVersion: c.version + 1 }), 409, "case.closed");
  });
});
