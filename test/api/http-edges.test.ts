// The HTTP edge: malformed, oversized or misshapen requests get a problem+json 4xx with a stable
// code, never a 500, and no body ever carries a stack trace or an exception's raw text.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { startTestServer, type TestServer } from "../support/server.js";
import { countRows, expectNoStack, expectProblem, intakeBody, loginAll, openCase } from "../support/http.js";

describe("malformed requests", () => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  beforeAll(async () => {
    // Two routes that fail the way a bug would, to see what a client gets from an unexpected error.
    s = await startTestServer({
      wire: {
        extend: (app) => {
          app.get("/test/boom", () => {
            throw new TypeError("Cannot read properties of undefined (reading 'personalId') at service.ts:42");
          });
          app.get("/test/boom-async", async () => {
            await Promise.resolve();
            throw Object.assign(new Error("duplicate key value violates unique constraint \"cases_pkey\""), { code: "23505" });
          });
        },
      },
    });
    as = await loginAll(s, ["tiepnhan"]);
  });
  afterAll(() => s?.close());

  const json = (path: string, text: string, auth = true) => {
    const r = request(s.app).post(path).set("content-type", "application/json");
    return (auth ? r.set(as("tiepnhan")) : r).send(text);
  };

  it("answers malformed JSON with 400 request.invalid", async () => {
    expectProblem(await json("/cases", '{"procedureId": "civil-status.birth-registration",'), 400, "request.invalid");
    expectProblem(await json("/auth/login", "{username: tiepnhan}", false), 400, "request.invalid");
    // The parser's own message (with the offending input) is not echoed back.
    const r = await json("/cases", '{"a": <script>}');
    expect(r.text).not.toContain("<script>");
  });

  it("answers a body over 1 MB with 413 request.too_large, before authentication", async () => {
    const big = JSON.stringify({ ...intakeBody(), padding: "x".repeat(1024 * 1024 + 10) });
    const n = await countRows(s, "cases");
    expectProblem(await json("/cases", big), 413, "request.too_large");
    expectProblem(await json("/auth/login", big, false), 413, "request.too_large");
    expect(await countRows(s, "cases")).toBe(n);
    // Control: just under the limit is parsed (and then refused for its content, not its size).
    const under = JSON.stringify({ ...intakeBody(), padding: "x".repeat(1000 * 1000) });
    const ok = await json("/cases", under);
    expect(ok.status).not.toBe(413);
  });

  it("answers a JSON array, a scalar or null body with 400", async () => {
    const c = await openCase(s, as("tiepnhan"));
    for (const [path, text] of [["/cases", "[]"], ["/cases", '[{"procedureId":"x"}]'], [`/cases/${c.id}/actions`, '[{"action":"accept"}]'], ["/auth/login", '["tiepnhan","motcua-demo"]']] as const) {
      const r = await json(path, text, path !== "/auth/login");
      expect(r.status, `${path} ${text}`).toBe(400);
      expectProblem(r, 400, "request.invalid");
    }
    // strict JSON: a bare scalar or null is not a document this API accepts
    for (const text of ['"accept"', "42", "null"]) expectProblem(await json(`/cases/${c.id}/actions`, text), 400, "request.invalid");
  });

  it("answers an unknown route with 404 request.not_found, signed in or not", async () => {
    expectProblem(await request(s.app).get("/no-such-route").set(as("tiepnhan")), 404, "request.not_found");
    expectProblem(await request(s.app).delete("/cases").set(as("tiepnhan")), 404, "request.not_found");
    expectProblem(await request(s.app).put("/procedures/civil-status.birth-registration").set(as("tiepnhan")).send({}), 404, "request.not_found");
    // Without a token, the router does not say which paths exist.
    expectProblem(await request(s.app).get("/no-such-route"), 401, "auth.required");
  });

  it("never answers 500 and never leaks a stack trace across a batch of hostile inputs", async () => {
    const c = await openCase(s, as("tiepnhan"));
    const probes = [
      json("/cases", "{"),
      json("/cases", '{"procedureId": 1}'),
      json("/cases", '{"procedureId": {"$gt": ""}}'),
      json("/cases", '{"procedureId":"civil-status.birth-registration","data":"x","documents":"y"}'),
      json("/cases", '{"procedureId":"civil-status.birth-registration","unit":"99-nowhere"}'),
      json("/cases", '{"procedureId":"civil-status.birth-registration","procedureVersion":999}'),
      json(`/cases/${c.id}/actions`, '{"action":{"toString":1}}'),
      json(`/cases/${c.id}/actions`, '{"action":"accept","expectedVersion":1e309}'),
      json(`/cases/${c.id}/actions`, '{"action":"accept","documents":{"0":1}}'),
      json(`/cases/${c.id}/actions`, '{"action":"sign","signature":"garbage"}'),
      json(`/cases/${c.id}/actions`, '{"__proto__":{"action":"accept"}}'),
      json(`/cases/${encodeURIComponent("' or 1=1 --")}/actions`, '{"action":"accept"}'),
      request(s.app).get(`/cases/${c.id}/signing-payload?action=accept`).set(as("tiepnhan")),
      request(s.app).get("/cases?cursor=not-base64!").set(as("tiepnhan")),
      request(s.app).get("/cases?limit=1e3").set(as("tiepnhan")),
      request(s.app).get("/procedures/civil-status.birth-registration?version=abc").set(as("tiepnhan")),
      request(s.app).get("/procedures/%E0%A4%A").set(as("tiepnhan")),
      request(s.app).post("/cases").set(as("tiepnhan")).set("content-type", "application/json; charset=koi8-r").send("{}"),
      request(s.app).post("/cases").set(as("tiepnhan")).set("content-type", "text/plain").send("hello"),
      request(s.app).post("/cases").set(as("tiepnhan")).set("content-encoding", "gzip").set("content-type", "application/json").send("not gzip"),
    ];
    const answers = await Promise.all(probes);
    answers.forEach((r, i) => {
      const where = `probe ${i}: ${r.status} ${r.text}`;
      expect(r.status, where).toBeGreaterThanOrEqual(400);
      expect(r.status, where).toBeLessThan(500);
      expect(r.headers["content-type"], where).toMatch(/^application\/problem\+json/);
      expect(typeof JSON.parse(r.text).code, where).toBe("string");
      expectNoStack(r.text);
    });
    expect((await request(s.app).get(`/cases/${c.id}`).set(as("tiepnhan"))).body.case.version).toBe(c.version);
  });

  it("answers an unexpected error with 500 internal and nothing of the error itself", async () => {
    for (const path of ["/test/boom", "/test/boom-async"]) {
      const r = await request(s.app).get(path).set(as("tiepnhan"));
      const body = expectProblem(r, 500, "internal");
      expect(r.text).not.toMatch(/personalId|service\.ts|duplicate key|cases_pkey|23505/);
      expect(Object.keys(body).sort()).toEqual(["code", "detail", "status", "title", "type"]);
    }
  });

  it("serves /health and /openapi.json without a token", async () => {
    const h = await request(s.app).get("/health");
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ status: "ok", database: s.db.kind });
    const o = await request(s.app).get("/openapi.json");
    expect(o.status).toBe(200);
    expect(o.body.openapi).toMatch(/^3\.1\./);
  });
});
