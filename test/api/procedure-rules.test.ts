// Rules a procedure holds as data, over HTTP on both databases: a round limit refuses the action
// beyond it with a problem naming the limit, and the validator answers a misspelt field in a FEEL
// rule with a diagnostic pointing at the rule.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { readFileSync } from "node:fs";
import { startTestServer, type TestServer } from "../support/server.js";
import { KINDS, act, countRows, expectProblem, loginAll, openCase } from "../support/http.js";

const birthFile = () => JSON.parse(readFileSync(new URL("../../procedures/civil-status.birth-registration.json", import.meta.url), "utf8")) as {
  actions: Array<{ id: string; maxRounds?: number; guard?: unknown }>;
} & Record<string, unknown>;

describe.each(KINDS)("procedure rules on %s", (kind) => {
  let s: TestServer;
  let as: (u: string) => { authorization: string };
  beforeAll(async () => {
    s = await startTestServer({ kind });
    as = await loginAll(s, ["tiepnhan", "quantri"]);
  });
  afterAll(() => s?.close());

  it("refuses a second supplement request when the procedure allows one, and changes nothing", async () => {
    const def = { ...birthFile(), id: "civil-status.birth-registration-one-round", version: 1 };
    def.actions.find((a) => a.id === "request-supplement")!.maxRounds = 1;
    const published = await request(s.app).post("/procedures").set(as("quantri")).send(def);
    expect(published.status, published.text).toBe(201);
    const c = await openCase(s, as("tiepnhan"), { procedureId: def.id });
    expect((await act(s, as("tiepnhan"), c.id, { action: "request-supplement", data: { missing: "CCCD của người đi khai" } })).status).toBe(200);
    const back = await act(s, as("tiepnhan"), c.id, { action: "supplement", data: {} });
    expect(back.status, back.text).toBe(200);
    expect(back.body.case.rounds).toEqual({ "request-supplement": 1 });
    const entries = await countRows(s, "audit_entries", "where case_id = $1", [c.id]);
    const body = expectProblem(await act(s, as("tiepnhan"), c.id, { action: "request-supplement", data: { missing: "lần nữa" } }), 409, "action.round_limit");
    expect(body).toMatchObject({ action: "request-supplement", limit: 1, used: 1 });
    expect(await countRows(s, "audit_entries", "where case_id = $1", [c.id])).toBe(entries);
  });

  it("answers a rule that cannot be evaluated on a dossier with a problem naming the rule, and the case view still loads", async () => {
    const def = { ...birthFile(), id: "civil-status.birth-registration-bad-rule", version: 1 };
    const index = def.actions.findIndex((a) => a.id === "accept");
    // Lints clean (the field exists) but the place of birth is text, not a date.
    (def.actions[index] as Record<string, unknown>).branches = [{ when: 'date(data.child.placeOfBirth) > date("2026-01-01")', to: "awaiting-supplement" }];
    const published = await request(s.app).post("/procedures").set(as("quantri")).send(def);
    expect(published.status, published.text).toBe(201);
    const c = await openCase(s, as("tiepnhan"), { procedureId: def.id });
    const view = await request(s.app).get(`/cases/${c.id}`).set(as("tiepnhan"));
    expect(view.status, view.text).toBe(200);
    expect(view.body.actions.find((a: { id: string }) => a.id === "accept")).toMatchObject({ enabled: false });
    const body = expectProblem(await act(s, as("tiepnhan"), c.id, { action: "accept" }), 422, "expression.failed");
    expect(body).toMatchObject({ at: `/actions/${index}/branches/0/when` });
  });

  it("points at a FEEL rule that names a field the form does not have", async () => {
    const def = birthFile();
    def.actions.find((a) => a.id === "accept")!.guard = { type: "expression", params: { expression: 'data.child.dateOfBrith < "2026-01-01"' } };
    const r = await request(s.app).post("/procedures/validate").set(as("quantri")).send(def);
    expect(r.status, r.text).toBe(200);
    const index = def.actions.findIndex((a) => a.id === "accept");
    expect(r.body.diagnostics).toContainEqual(expect.objectContaining({ code: "expression.field-unknown", pointer: `/actions/${index}/guard/params/expression`, params: { field: "/child/dateOfBrith" } }));
  });
});
