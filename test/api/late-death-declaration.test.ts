// The late death declaration over HTTP (Luật Hộ tịch 2014, art. 33: within 15 days of the death),
// decided by the procedure's FEEL rule over the date of death and the date of receipt: on the
// 15th day the ordinary path; on the 16th the late-declaration note is required (a problem
// naming the rule until it is attached) and the case goes to the civil-status officer's
// verification step first. Both databases.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, act, deathDeclaration, deathPapers, expectProblem, lateDeclarationNote, loginAll } from "../support/http.js";

const DEATH = "civil-status.death-registration";
// Died Sun 1 Mar 2026; received at 09:00 local.
const local9 = (day: number) => new Date(Date.UTC(2026, 2, day, 2)).toISOString();
const declaration = deathDeclaration;
const papers = deathPapers;
const note = lateDeclarationNote;

describe.each(KINDS)("late death declaration on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "hotich"]);
  });
  afterAll(() => s?.close());

  const receive = async (day: number) => {
    s.now = local9(day);
    const r = await request(s.app).post("/cases").set(as("tiepnhan")).send({ procedureId: DEATH, channel: "counter", data: declaration, documents: papers });
    expect(r.status, r.text).toBe(201);
    return r.body.case as { id: string; procedureVersion: number };
  };

  it("declared on the 15th day after the death: straight to verification, no note asked", async () => {
    const c = await receive(16);
    expect(c.procedureVersion).toBe(2);
    const r = await act(s, as("tiepnhan"), c.id, { action: "accept" });
    expect(r.status, r.text).toBe(200);
    expect(r.body.case.state).toBe("verification");
  });

  it("declared on the 16th day: the note is required, then the civil-status officer verifies first", async () => {
    const c = await receive(17);
    const view = await request(s.app).get(`/cases/${c.id}`).set(as("tiepnhan"));
    expect(view.body.actions.find((a: { id: string }) => a.id === "accept")).toMatchObject({ enabled: false });
    expectProblem(await act(s, as("tiepnhan"), c.id, { action: "accept" }), 422, "action.guard_failed");
    const accepted = await act(s, as("tiepnhan"), c.id, { action: "accept", documents: [note] });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.case.state).toBe("late-verification");
    expectProblem(await act(s, as("tiepnhan"), c.id, { action: "confirm-late-declaration", data: { findings: "Đã xác minh với tổ dân phố" } }), 403, "actor.role_not_permitted");
    const confirmed = await act(s, as("hotich"), c.id, { action: "confirm-late-declaration", data: { findings: "Đã xác minh với tổ dân phố" } });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.case.state).toBe("verification");
  });
});
