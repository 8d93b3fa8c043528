// The procedure catalog over HTTP: read, validate a draft, publish new versions. A published
// version never changes, and cases keep the version they were opened under.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { readFileSync } from "node:fs";
import { startTestServer, type TestServer } from "../support/server.js";
import { BIRTH, act, expectProblem, loginAll, openCase, pointersOf } from "../support/http.js";
import { BIRTH_VERSION } from "../support/birth.js";

/** The version the catalog ships, and the ones an administrator publishes after it. */
const V = BIRTH_VERSION;
const NEXT = V + 1;

const birthFile = (): Record<string, any> =>
  JSON.parse(readFileSync(new URL("../../procedures/civil-status.birth-registration.json", import.meta.url), "utf8"));

describe("procedure catalog", () => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  beforeAll(async () => {
    s = await startTestServer();
    as = await loginAll(s, ["tiepnhan", "quantri", "kiemtra"]);
  });
  afterAll(() => s?.close());

  it("lists the published procedures at their latest version", async () => {
    const r = await request(s.app).get("/procedures").set(as("tiepnhan"));
    expect(r.status).toBe(200);
    const ids = (r.body.items as Array<{ id: string }>).map((p) => p.id);
    expect(ids).toContain(BIRTH);
    expect(new Set(ids).size).toBe(ids.length);
    const birth = r.body.items.find((p: { id: string }) => p.id === BIRTH);
    expect(birth).toMatchObject({ id: BIRTH, version: V, level: "commune", title: { vi: "Đăng ký khai sinh" } });
  });

  it("reads the latest version and a given version, and 404s for what does not exist", async () => {
    const latest = await request(s.app).get(`/procedures/${BIRTH}`).set(as("tiepnhan"));
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ id: BIRTH, version: V, definition: { id: BIRTH, version: V } });
    expect(latest.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(latest.body.definition.$schema).toBeUndefined();
    const v1 = await request(s.app).get(`/procedures/${BIRTH}?version=${V}`).set(as("tiepnhan"));
    expect(v1.body).toEqual(latest.body);
    expectProblem(await request(s.app).get(`/procedures/${BIRTH}?version=7`).set(as("tiepnhan")), 404, "procedure.not_found");
    expectProblem(await request(s.app).get("/procedures/civil-status.nothing").set(as("tiepnhan")), 404, "procedure.not_found");
    for (const bad of ["0", "abc", "1.5"]) {
      expect(pointersOf(expectProblem(await request(s.app).get(`/procedures/${BIRTH}?version=${bad}`).set(as("tiepnhan")), 400, "request.invalid"))).toEqual(["/query/version"]);
    }
    expect(pointersOf(expectProblem(await request(s.app).get(`/procedures/${BIRTH}/versions/x`).set(as("tiepnhan")), 400, "request.invalid"))).toEqual(["/path/version"]);
    expect((await request(s.app).get(`/procedures/${BIRTH}/versions/${V}`).set(as("tiepnhan"))).body.version).toBe(V);
  });

  it("validates a broken draft with diagnostics pointing into it, without publishing", async () => {
    const draft = birthFile();
    draft.actions[0].to = "nowhere";
    draft.actions[1].roles = ["ghost"];
    const r = await request(s.app).post("/procedures/validate").set(as("tiepnhan")).send(draft);
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(false);
    const found = (r.body.diagnostics as Array<{ code: string; pointer: string; severity: string }>).map((d) => `${d.code} ${d.pointer}`);
    expect(found).toEqual(expect.arrayContaining(["state.unknown /actions/0/to", "role.unknown /actions/1/roles/0"]));
    const noDeadline = birthFile();
    delete noDeadline.deadline;
    const d = await request(s.app).post("/procedures/validate").set(as("tiepnhan")).send(noDeadline);
    expect(d.body).toMatchObject({ valid: false, diagnostics: [{ code: "deadline.missing", pointer: "/deadline", severity: "error" }] });
    // Control: the file as shipped is valid.
    const ok = await request(s.app).post("/procedures/validate").set(as("tiepnhan")).send(birthFile());
    expect(ok.body.valid).toBe(true);
    expect((await request(s.app).get(`/procedures/${BIRTH}/versions`).set(as("tiepnhan"))).body.items).toHaveLength(1);
  });

  it("lets only an administrator publish", async () => {
    const next = { ...birthFile(), version: NEXT };
    expectProblem(await request(s.app).post("/procedures").set(as("tiepnhan")).send(next), 403, "auth.forbidden");
    expectProblem(await request(s.app).post("/procedures").set(as("kiemtra")).send(next), 403, "auth.forbidden");
    expect((await request(s.app).get(`/procedures/${BIRTH}`).set(as("tiepnhan"))).body.version).toBe(V);
  });

  it("refuses to publish a procedure with lint errors, with the diagnostics", async () => {
    const broken: Record<string, any> = { ...birthFile(), version: NEXT };
    broken.actions = structuredClone(broken.actions);
    broken.actions[0].guard = "noSuchGuard";
    const r = await request(s.app).post("/procedures").set(as("quantri")).send(broken);
    const body = expectProblem(r, 422, "procedure.invalid");
    expect(body.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ code: "guard.unknown", pointer: "/actions/0/guard", severity: "error" })]));
    expect((await request(s.app).get(`/procedures/${BIRTH}`).set(as("tiepnhan"))).body.version).toBe(V);
  });

  it("publishes the next version for new cases while cases opened before keep theirs", async () => {
    const old = await openCase(s, as("tiepnhan"));
    expect(old.procedureVersion).toBe(V);

    const next = { ...birthFile(), version: NEXT, title: { vi: "Đăng ký khai sinh (mẫu 2026)", en: "Birth registration (2026 form)" } };
    const pub = await request(s.app).post("/procedures").set(as("quantri")).send(next);
    expect(pub.status, pub.text).toBe(201);
    expect(pub.body).toMatchObject({ id: BIRTH, version: NEXT, created: true });

    const latest = await request(s.app).get(`/procedures/${BIRTH}`).set(as("tiepnhan"));
    expect(latest.body).toMatchObject({ version: NEXT, publishedBy: "o-quantri", definition: { title: { en: "Birth registration (2026 form)" } } });
    expect((await request(s.app).get(`/procedures/${BIRTH}?version=${V}`).set(as("tiepnhan"))).body.definition.title.en).toBe("Birth registration");
    const versions = await request(s.app).get(`/procedures/${BIRTH}/versions`).set(as("tiepnhan"));
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([V, NEXT]);
    const listed = await request(s.app).get("/procedures").set(as("tiepnhan"));
    expect(listed.body.items.filter((p: { id: string }) => p.id === BIRTH).map((p: { version: number }) => p.version)).toEqual([NEXT]);

    // The running case keeps its version, and keeps working.
    const view = await request(s.app).get(`/cases/${old.id}`).set(as("tiepnhan"));
    expect(view.body.case.procedureVersion).toBe(V);
    expect(view.body.procedure).toMatchObject({ version: V, title: { en: "Birth registration" } });
    const accepted = await act(s, as("tiepnhan"), old.id, { action: "accept", expectedVersion: old.version });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.case.procedureVersion).toBe(V);
    expect(accepted.body.entry.procedure).toBe(`${BIRTH}@${V}`);

    // A new case is opened under the new version.
    const fresh = await openCase(s, as("tiepnhan"));
    expect(fresh.procedureVersion).toBe(NEXT);
    const freshView = await request(s.app).get(`/cases/${fresh.id}`).set(as("tiepnhan"));
    expect(freshView.body.procedure).toMatchObject({ version: NEXT, title: { en: "Birth registration (2026 form)" } });
  });

  it("treats republishing identical content as a no-op, and refuses other content under a taken version", async () => {
    const next = { ...birthFile(), version: NEXT, title: { vi: "Đăng ký khai sinh (mẫu 2026)", en: "Birth registration (2026 form)" } };
    const again = await request(s.app).post("/procedures").set(as("quantri")).send(next);
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ id: BIRTH, version: NEXT, created: false });

    const other = { ...next, title: { vi: "Khác", en: "Something else" } };
    expectProblem(await request(s.app).post("/procedures").set(as("quantri")).send(other), 409, "procedure.version_exists");
    // Nor may a lower version be published after a higher one.
    expectProblem(await request(s.app).post("/procedures").set(as("quantri")).send({ ...birthFile(), title: other.title }), 409, "procedure.version_exists");
    const latest = await request(s.app).get(`/procedures/${BIRTH}`).set(as("tiepnhan"));
    expect(latest.body.definition.title.en).toBe("Birth registration (2026 form)");
    expect((await request(s.app).get(`/procedures/${BIRTH}/versions`).set(as("tiepnhan"))).body.items).toHaveLength(2);
  });

  it("publishes a version once when administrators publish it at the same moment; the others get the no-op answer", async () => {
    const after = { ...birthFile(), version: NEXT + 1, title: { vi: "Đăng ký khai sinh (mẫu 2027)", en: "Birth registration (2027 form)" } };
    const answers = await Promise.all(Array.from({ length: 8 }, () => request(s.app).post("/procedures").set(as("quantri")).send(after)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect((await request(s.app).get(`/procedures/${BIRTH}/versions`).set(as("tiepnhan"))).body.items.map((v: { version: number }) => v.version)).toEqual([V, NEXT, NEXT + 1]);
  });
});
