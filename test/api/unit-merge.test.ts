// Merging two communes into a new ward (as on 1 July 2025): open cases, queues and officials
// move, each moved case gets a history entry, closed cases keep their unit and are found under
// the successor, the moved officials act on every open case of the new ward.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, expectProblem, loginAll, openCase } from "../support/http.js";
import { caseRow, history, step } from "../support/supervision.js";
import { upsertUnit } from "../../server/store/units.js";
import { verifyChain } from "../../engine/audit/entry.js";

const NEW = "01-ba-dinh-moi";

describe.each(KINDS)("unit merge on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich", "truongbophan", "tiepnhan.hk", "quantri", "kiemtra"]);
    await upsertUnit(s.db, { code: NEW, name: "Phường Ba Đình (mới)", level: "commune", province: "01" });
    await upsertUnit(s.db, { code: "79", name: "Thành phố Hồ Chí Minh", level: "province", province: "79" });
    await upsertUnit(s.db, { code: "79-tan-dinh", name: "Phường Tân Định", level: "commune", province: "79" });
  });
  afterAll(() => s?.close());

  const merge = (user: string, body: Record<string, unknown>) => request(s.app).post("/units/merge").set(as(user)).send(body);
  const see = (user: string, id: string) => request(s.app).get(`/cases/${id}`).set(as(user));

  it("refuses callers and units that cannot merge", async () => {
    expectProblem(await merge("truongbophan", { from: ["01-hoan-kiem"], into: NEW }), 403, "auth.forbidden");
    expectProblem(await merge("quantri", { from: ["79-tan-dinh"], into: NEW }), 403, "actor.unit_not_permitted");
    expectProblem(await merge("quantri", { from: ["01"], into: NEW }), 422, "unit.merge_invalid");
    expectProblem(await merge("quantri", { from: ["01-hoan-kiem"], into: "01-nowhere" }), 404, "unit.not_found");
    expectProblem(await merge("quantri", { from: [NEW], into: NEW }), 422, "unit.merge_invalid");
    expectProblem(await merge("quantri", { from: [], into: NEW }), 400, "request.invalid");
    expectProblem(await merge("quantri", { from: ["01-hoan-kiem", "01-hoan-kiem"], into: NEW }), 400, "request.invalid");
  });

  it("moves open cases, queues and officials; closed cases keep their unit and stay visible under the successor", async () => {
    // Ba Đình: one open case held by its reception officer, one closed. Hoàn Kiếm: one open, one closed.
    const bdOpen = await openCase(s, as("tiepnhan"));
    const claim = await request(s.app).post(`/cases/${bdOpen.id}/claim`).set(as("tiepnhan"));
    expect(claim.status, claim.text).toBe(200);
    const bdClosed = await openCase(s, as("tiepnhan"));
    await step(s, as("tiepnhan"), bdClosed.id, "withdraw", {});
    const hkOpen = await openCase(s, as("tiepnhan.hk"));
    const hkClosed = await openCase(s, as("tiepnhan.hk"));
    await step(s, as("tiepnhan.hk"), hkClosed.id, "withdraw", {});
    expect((await see("tiepnhan", hkClosed.id)).status).toBe(404); // another commune, before the merge

    s.now = "2026-03-02T03:00:00.000Z";
    const r = await merge("quantri", { from: ["01-ba-dinh", "01-hoan-kiem"], into: NEW });
    expect(r.status, r.text).toBe(200);
    expect(r.body.casesMoved.map((c: { id: string }) => c.id).sort()).toEqual([bdOpen.id, hkOpen.id].sort());
    expect(r.body.officialsMoved).toEqual(expect.arrayContaining(["o-tiepnhan", "o-hotich", "o-truongbophan", "o-tiepnhan-hk"]));
    expectProblem(await merge("quantri", { from: ["01-hoan-kiem"], into: NEW }), 409, "unit.already_merged");

    // Open cases now belong to the new ward and remember where they came from.
    expect(await caseRow(s, hkOpen.id)).toMatchObject({ unit: NEW, original_unit: "01-hoan-kiem", assignee: null });
    expect(await caseRow(s, bdOpen.id)).toMatchObject({ unit: NEW, original_unit: "01-ba-dinh", assignee: "o-tiepnhan" });
    const entries = await history(s, as("kiemtra"), hkOpen.id);
    expect(entries.at(-1)).toMatchObject({ action: "system:unit-merge", at: s.now, actor: { id: "o-quantri", role: "admin" }, input: { fromUnit: "01-hoan-kiem", toUnit: NEW } });
    expect(verifyChain(hkOpen.id, entries)).toEqual([]);
    // Closed cases keep the unit that decided them.
    expect(await caseRow(s, hkClosed.id)).toMatchObject({ unit: "01-hoan-kiem", closed_at: expect.anything() });
    expect((await history(s, as("kiemtra"), hkClosed.id)).map((e) => e.action)).toEqual(["intake", "withdraw"]);

    // Visibility: every official of the new ward finds the closed cases of both predecessors.
    for (const [user, id] of [["tiepnhan", hkClosed.id], ["tiepnhan.hk", bdClosed.id], ["truongbophan", hkClosed.id]] as const) {
      expect((await see(user, id)).status, `${user} sees ${id}`).toBe(200);
    }
    const closedList = await request(s.app).get("/cases?closed=true&limit=500").set(as("tiepnhan.hk"));
    expect(closedList.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([bdClosed.id, hkClosed.id]));

    // Queues: the supervisor's reception queue holds both open cases, with the hold carried over.
    const queue = await request(s.app).get("/queue?role=reception").set(as("truongbophan"));
    expect(queue.body.unit).toBe(NEW);
    const byId = new Map(queue.body.items.map((i: { id: string; holder: string | null }) => [i.id, i.holder]));
    expect(byId.get(bdOpen.id)).toBe("o-tiepnhan");
    expect(byId.get(hkOpen.id)).toBeNull();

    // Permissions: the Hoàn Kiếm officer now works Ba Đình's cases and the other way round.
    await step(s, as("tiepnhan.hk"), hkOpen.id, "accept");
    await step(s, as("hotich"), hkOpen.id, "request-supplement", { missing: "giấy chứng sinh bản gốc" });
    expect((await request(s.app).post(`/cases/${bdOpen.id}/claim`).set(as("tiepnhan.hk"))).status).toBe(409); // held by o-tiepnhan
    await step(s, as("tiepnhan"), bdOpen.id, "accept");
    // New dossiers go to the new ward; the merged communes take none.
    expectProblem(await request(s.app).post("/cases").set(as("tiepnhan.hk")).send({ procedureId: "civil-status.birth-registration", unit: "01-hoan-kiem", data: {} }), 400, "request.invalid");
    const fresh = await openCase(s, as("tiepnhan.hk"));
    expect(await caseRow(s, fresh.id)).toMatchObject({ unit: NEW, original_unit: NEW });

    // The unit's statistics count the predecessors' closed cases too.
    const stats = await request(s.app).get(`/statistics?unit=${NEW}&from=2026-03-01&to=2026-03-31`).set(as("truongbophan"));
    expect(stats.status, stats.text).toBe(200);
    expect(stats.body.total).toMatchObject({ received: 5, withdrawn: 2, inProgress: 3 });
    expect(await s.db.query("select unit, successor, merged_by, open_cases_moved from unit_merges order by unit")).toMatchObject({
      rows: [
        { unit: "01-ba-dinh", successor: NEW, merged_by: "o-quantri", open_cases_moved: 1 },
        { unit: "01-hoan-kiem", successor: NEW, merged_by: "o-quantri", open_cases_moved: 1 },
      ],
    });
  });
});
