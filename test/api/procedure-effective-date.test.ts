// A new version published ahead of the decree it implements: intake keeps the version in force
// until the effective date begins (midnight, Vietnam time), then switches; cases already received
// stay on their version; a form filled under the other version is refused rather than checked
// against rules it was not written for.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { readFileSync } from "node:fs";
import { startTestServer, type TestServer } from "../support/server.js";
import { BIRTH, KINDS, act, expectProblem, intakeBody, loginAll, pointersOf } from "../support/http.js";
import { inForceFrom } from "../../engine/procedure/in-force.js";
import { BIRTH_VERSION } from "../support/birth.js";

/** The version the catalog ships, and the ones an administrator publishes after it. */
const V = BIRTH_VERSION;
const NEXT = V + 1;

const birthFile = (): Record<string, any> =>
  JSON.parse(readFileSync(new URL("../../procedures/civil-status.birth-registration.json", import.meta.url), "utf8"));
const VN = { timeZone: "Asia/Ho_Chi_Minh" };

describe("when a procedure version takes effect", () => {
  it("is the start of its effective date in the calendar's zone, or its publication if that is later", () => {
    expect(inForceFrom({ effectiveFrom: "2026-03-05" }, "2026-03-02T02:00:00.000Z", VN)).toBe("2026-03-04T17:00:00.000Z");
    expect(inForceFrom({ effectiveFrom: "2026-03-01" }, "2026-03-02T02:00:00.000Z", VN)).toBe("2026-03-02T02:00:00.000Z");
    expect(inForceFrom({}, "2026-03-02T02:00:00.000Z", VN)).toBe("2026-03-02T02:00:00.000Z");
  });
});

describe.each(KINDS)("a version published ahead of its effective date on %s", (kind) => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "quantri"]);
  });
  afterAll(() => s?.close());

  const intake = (overrides: Record<string, unknown> = {}) => request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody(overrides));
  const catalogItem = async (id: string) => ((await request(s.app).get("/procedures").set(as("tiepnhan"))).body.items as Array<Record<string, unknown>>).find((i) => i.id === id);

  it("keeps receiving under the shipped version until the date begins, then under the next; received cases keep theirs", async () => {
    // Monday 2 March 2026, 09:00 in Hà Nội: a decree applies from Thursday 5 March.
    s.now = "2026-03-02T02:00:00.000Z";
    const next: Record<string, unknown> = { ...birthFile(), version: NEXT, effectiveFrom: "2026-03-05" };
    next.title = { vi: "Đăng ký khai sinh (Nghị định mới)", en: "Birth registration (new decree)" };
    const published = await request(s.app).post("/procedures").set(as("quantri")).send(next);
    expect(published.status, published.text).toBe(201);
    expect(published.body).toMatchObject({ version: NEXT, created: true, inForceFrom: "2026-03-04T17:00:00.000Z" });

    expect(await catalogItem(BIRTH)).toMatchObject({ version: V, inForce: true, upcoming: { version: NEXT, inForceFrom: "2026-03-04T17:00:00.000Z" } });
    expect((await request(s.app).get(`/procedures/${BIRTH}`).set(as("tiepnhan"))).body.version).toBe(V);
    const before = await intake();
    expect(before.status, before.text).toBe(201);
    expect(before.body.case.procedureVersion).toBe(V);
    // The console sends the version it rendered the form for; the next is not in force yet.
    const early = expectProblem(await intake({ procedureVersion: NEXT }), 409, "procedure.not_in_force");
    expect(pointersOf(early)).toEqual(["/procedureVersion"]);

    s.now = "2026-03-04T16:59:59.000Z"; // 23:59:59 on Wednesday
    expect((await intake()).body.case.procedureVersion).toBe(V);

    s.now = "2026-03-04T17:00:00.000Z"; // midnight: Thursday 5 March begins
    const after = await intake();
    expect(after.body.case.procedureVersion).toBe(NEXT);
    expect(await catalogItem(BIRTH)).toMatchObject({ version: NEXT, inForce: true, title: { vi: "Đăng ký khai sinh (Nghị định mới)" } });
    expect((await catalogItem(BIRTH))!.upcoming).toBeUndefined();
    // A form rendered yesterday under the shipped version is refused, naming the field, and nothing is opened.
    const stale = expectProblem(await intake({ procedureVersion: V }), 409, "procedure.not_in_force");
    expect(pointersOf(stale)).toEqual(["/procedureVersion"]);
    // The dossier received on Monday goes on under the shipped version.
    const step = await act(s, as("tiepnhan"), before.body.case.id, { action: "accept" });
    expect(step.status, step.text).toBe(200);
    expect(step.body.case.procedureVersion).toBe(V);
  });

  it("applies a version published after its date from its publication", async () => {
    s.now = "2026-03-06T02:00:00.000Z";
    const after = { ...birthFile(), version: NEXT + 1, effectiveFrom: "2026-03-01" };
    const published = await request(s.app).post("/procedures").set(as("quantri")).send(after);
    expect(published.body).toMatchObject({ version: NEXT + 1, inForceFrom: "2026-03-06T02:00:00.000Z" });
    expect((await intake()).body.case.procedureVersion).toBe(NEXT + 1);
    const versions = (await request(s.app).get(`/procedures/${BIRTH}/versions`).set(as("tiepnhan"))).body.items;
    expect(versions.map((v: { version: number; inForceFrom: string }) => [v.version, v.inForceFrom])).toEqual([
      [V, "2026-01-01T00:00:00.000Z"],
      [NEXT, "2026-03-04T17:00:00.000Z"],
      [NEXT + 1, "2026-03-06T02:00:00.000Z"],
    ]);
  });

  it("lists a new procedure before its date but receives nothing under it", async () => {
    s.now = "2026-03-06T02:00:00.000Z";
    const fresh = { ...birthFile(), id: "civil-status.birth-registration-pilot", version: 1, effectiveFrom: "2026-04-01" };
    expect((await request(s.app).post("/procedures").set(as("quantri")).send(fresh)).status).toBe(201);
    expect(await catalogItem(fresh.id)).toMatchObject({ version: 1, inForce: false, inForceFrom: "2026-03-31T17:00:00.000Z" });
    expectProblem(await intake({ procedureId: fresh.id }), 409, "procedure.not_in_force");
    expectProblem(await request(s.app).get(`/procedures/${fresh.id}`).set(as("tiepnhan")), 404, "procedure.not_found");
    expect((await request(s.app).get(`/procedures/${fresh.id}?version=1`).set(as("tiepnhan"))).status).toBe(200);
  });

  it("refuses an effective date that is not a calendar date, naming it", async () => {
    const bad = { ...birthFile(), version: 9, effectiveFrom: "2026-02-30" };
    const r = await request(s.app).post("/procedures/validate").set(as("quantri")).send(bad);
    expect(r.body.valid).toBe(false);
    expect(r.body.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: "/effectiveFrom", severity: "error" })]));
  });
});
