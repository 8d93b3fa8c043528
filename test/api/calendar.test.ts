// The working calendar through the API, on both databases: a due date past the announced
// schedule is stored as provisional with the case and shown in the case view and the inbox
// (with a filter to re-check them), and /health reports how far the calendar answers.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { birthDeclaration, birthDocuments, startTestServer, type TestServer } from "../support/server.js";

describe("working calendar through the API", () => {
  let s: TestServer;
  let token = "";
  const intake = async (now: string) => {
    s.now = now;
    const r = await request(s.app).post("/cases").set("authorization", `Bearer ${token}`).send({ procedureId: "civil-status.birth-registration", data: birthDeclaration(), documents: birthDocuments(), confirmDuplicate: true });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { case: { id: string; dueAt: string; dueProvisional?: boolean }; appointment: string };
  };

  beforeAll(async () => {
    s = await startTestServer();
    token = await s.login("tiepnhan");
  });
  afterAll(() => s?.close());

  it("a dossier received on 31 December 2026 after 15:00 is due Monday 4 January 2027, provisional, in the view and the inbox", async () => {
    const late = await intake("2026-12-31T08:30:00.000Z"); // Thu 15:30 local
    expect([late.case.dueAt, late.case.dueProvisional]).toEqual(["2027-01-04T10:00:00.000Z", true]);
    const early = await intake("2026-12-31T02:00:00.000Z"); // Thu 09:00 local: due that day
    expect([early.case.dueAt, early.case.dueProvisional]).toEqual(["2026-12-31T10:00:00.000Z", undefined]);

    const view = await request(s.app).get(`/cases/${late.case.id}`).set("authorization", `Bearer ${token}`);
    expect(view.body.case).toMatchObject({ dueAt: "2027-01-04T10:00:00.000Z", dueProvisional: true });
    const inbox = await request(s.app).get("/cases").set("authorization", `Bearer ${token}`);
    const byId = new Map((inbox.body.items as Array<{ id: string; dueProvisional?: boolean }>).map((c) => [c.id, c]));
    expect(byId.get(late.case.id)?.dueProvisional).toBe(true);
    expect(byId.get(early.case.id)?.dueProvisional).toBeUndefined();
    const provisional = await request(s.app).get("/cases?provisional=true").set("authorization", `Bearer ${token}`);
    expect((provisional.body.items as Array<{ id: string }>).map((c) => c.id)).toEqual([late.case.id]);
  });

  it("the mark is stored: a later step keeps it, since the due date did not change", async () => {
    const c = await intake("2026-12-31T09:00:00.000Z");
    s.now = "2027-01-04T02:00:00.000Z";
    const r = await request(s.app).post(`/cases/${c.case.id}/actions`).set("authorization", `Bearer ${token}`).send({ action: "accept", expectedVersion: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.case).toMatchObject({ state: "verification", dueAt: "2027-01-04T10:00:00.000Z", dueProvisional: true });
  });

  it("/health reports the calendar's coverage and warns 29 days before the announced schedule ends", async () => {
    s.now = "2026-12-02T03:00:00.000Z";
    const h = await request(s.app).get("/health");
    expect(h.status).toBe(200);
    expect(h.body.calendar).toMatchObject({ calendar: "VN", today: "2026-12-02", to: "2027-12-31", announcedThrough: "2026-12-31", status: "ok" });
    expect(h.body.calendar.warnings).toMatchObject([{ code: "calendar.announced_ending", date: "2026-12-31", days: 29 }]);
    s.now = "2026-03-02T02:00:00.000Z";
    expect((await request(s.app).get("/health")).body.calendar.warnings).toEqual([]);
  });
});
