// The OpenAPI document: structurally valid 3.1, every schema compiles under JSON Schema 2020-12,
// every route the Express app serves is described (so the document cannot silently drift), and
// real responses of a running server match the documented status codes and schemas.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import type { Response } from "supertest";
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsImport, { type FormatsPlugin } from "ajv-formats";
import type express from "express";
import { startTestServer, type TestServer } from "../support/server.js";
import { intakeBody, loginAll } from "../support/http.js";
import { birthRegistration, loginAll as loginTokens } from "../support/flows.js";
import { buildOpenapi } from "../../server/http/openapi/document.js";
import { openapiDocument } from "../../server/http/openapi.js";
import { AUTHENTICATED_ROUTERS } from "../../server/http/routes/index.js";
import { ERROR_CODES } from "../../engine/errors.js";
import { statusOf } from "../../server/http/problem.js";
import { KEY_TTL_HOURS } from "../../server/cases/idempotency.js";

const addFormats = ((addFormatsImport as unknown as { default?: FormatsPlugin }).default ?? addFormatsImport) as FormatsPlugin;

type Json = Record<string, any>;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const doc = buildOpenapi() as Json;

/** Routes that are not part of the JSON API: the web console's static files (mounted by `npm start`). */
const NOT_API = [/^\/$/, /^\/app(\/|$)/];

function operations(d: Json): Array<{ path: string; method: string; op: Json; item: Json }> {
  return Object.entries(d.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Json)[m]).map((method) => ({ path, method, op: (item as Json)[method] as Json, item: item as Json })),
  );
}

function resolvePointer(d: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, token) => (node && typeof node === "object" ? (node as Json)[token] : undefined), d);
}

/** Every $ref in the document outside the embedded procedure schema (which resolves against its own $id). */
function refsOf(node: unknown, at = "", out: Array<{ at: string; ref: string }> = []): Array<{ at: string; ref: string }> {
  if (Array.isArray(node)) node.forEach((n, i) => refsOf(n, `${at}/${i}`, out));
  else if (node && typeof node === "object") {
    if (at === "/components/schemas/Procedure") return out;
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push({ at, ref: v });
      else refsOf(v, `${at}/${k}`, out);
    }
  }
  return out;
}

/** An ajv 2020-12 instance holding every component schema, with #/components/schemas/X refs pointed at it. */
function schemaCompiler(d: Json): (schema: unknown) => ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false });
  addFormats(ajv);
  const root = "urn:motcua:openapi";
  const rewrite = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(rewrite);
    if (n && typeof n === "object") {
      return Object.fromEntries(
        Object.entries(n).map(([k, v]) => [k, k === "$ref" && typeof v === "string" && v.startsWith("#/components/schemas/") ? `${root}#/$defs/${v.slice(21)}` : rewrite(v)]),
      );
    }
    return n;
  };
  ajv.addSchema({ $id: root, $defs: rewrite(d.components.schemas) as Json });
  return (schema) => ajv.compile(rewrite(schema) as Json);
}

/** Express 5 (router 2): app.router.stack holds route layers and mounted routers with their rawPath. */
function expressRoutes(app: express.Express): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  const walk = (stack: Json[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths: string[] = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) for (const m of Object.keys(layer.route.methods)) out.push({ method: m, path: join(prefix, p) });
      } else if (Array.isArray(layer.handle?.stack)) {
        expect(typeof layer.rawPath, "a mounted router's path (router 2 keeps it as layer.rawPath)").toBe("string");
        walk(layer.handle.stack, join(prefix, layer.rawPath));
      }
    }
  };
  const router = (app as unknown as { router: { stack: Json[] } }).router;
  walk(router.stack, "");
  return out;
}

const join = (a: string, b: string) => ((a === "/" ? "" : a) + (b === "/" ? "" : b)).replace(/\/+$/, "") || "/";
/** /cases/:id/actions -> /cases/{id}/actions */
const toTemplate = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

describe("OpenAPI document structure", () => {
  it("is OpenAPI 3.1 with info, servers, security and tags", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(typeof doc.info.title).toBe("string");
    expect(typeof doc.info.version).toBe("string");
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearer: [] }]);
    const tags = new Set((doc.tags as Array<{ name: string }>).map((t) => t.name));
    for (const { path, method, op } of operations(doc)) for (const t of op.tags ?? []) expect(tags.has(t), `${method} ${path} tag ${t}`).toBe(true);
  });

  it("is the document served at /openapi.json", () => {
    expect(openapiDocument()).toEqual(doc);
  });

  it("gives every operation a unique operationId, a summary and described responses", () => {
    const ids = new Set<string>();
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(10);
    for (const { path, method, op } of ops) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(path.startsWith("/"), where).toBe(true);
      expect(typeof op.operationId, where).toBe("string");
      expect(ids.has(op.operationId), `duplicate operationId ${op.operationId}`).toBe(false);
      ids.add(op.operationId);
      expect(typeof op.summary, where).toBe("string");
      const codes = Object.keys(op.responses ?? {});
      expect(codes.length, where).toBeGreaterThan(0);
      expect(codes.some((c) => /^2\d\d$/.test(c)), `${where} has a success response`).toBe(true);
      for (const [code, res] of Object.entries(op.responses as Json)) {
        expect(code, where).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
        expect(typeof (res as Json).description, `${where} ${code}`).toBe("string");
      }
      // JSON everywhere, but for file uploads (POST /attachments), which stream multipart/form-data.
      if (op.requestBody) expect(Object.keys(op.requestBody.content ?? {}).some((t) => t === "application/json" || t === "multipart/form-data"), where).toBe(true);
    }
  });

  it("declares every path template parameter, and no path parameter that the template lacks", () => {
    for (const { path, method, op, item } of operations(doc)) {
      const resolve = (p: Json) => (p.$ref ? (resolvePointer(doc, p.$ref) as Json) : p);
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
      const declared = params.filter((p) => p.in === "path").map((p) => p.name).sort();
      const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      expect(declared, `${method} ${path}`).toEqual(inTemplate);
      for (const p of params) {
        expect(["path", "query", "header", "cookie"], `${method} ${path} ${p.name}`).toContain(p.in);
        if (p.in === "path") expect(p.required, `${method} ${path} ${p.name}`).toBe(true);
        expect(p.schema, `${method} ${path} ${p.name}`).toBeDefined();
      }
    }
  });

  it("resolves every $ref", () => {
    const refs = refsOf(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const { at, ref } of refs) expect(resolvePointer(doc, ref), `${ref} at ${at}`).toBeDefined();
  });

  it("compiles every schema with ajv under JSON Schema 2020-12, the procedure schema included", () => {
    const compile = schemaCompiler(doc);
    for (const name of Object.keys(doc.components.schemas)) expect(() => compile({ $ref: `#/components/schemas/${name}` }), name).not.toThrow();
    for (const { path, method, op, item } of operations(doc)) {
      const schemas: unknown[] = [];
      for (const res of Object.values(op.responses as Json)) for (const media of Object.values((res as Json).content ?? {})) schemas.push((media as Json).schema);
      for (const media of Object.values(op.requestBody?.content ?? {})) schemas.push((media as Json).schema);
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) if (p.schema) schemas.push(p.schema);
      for (const s of schemas) expect(() => compile(s), `${method} ${path}`).not.toThrow();
    }
    // The embedded procedure schema is the real one: the shipped procedure validates, a broken one does not.
    const validate = compile({ $ref: "#/components/schemas/Procedure" });
    const shipped = JSON.parse(readFileSync(new URL("../../procedures/civil-status.birth-registration.json", import.meta.url), "utf8"));
    expect(validate(shipped), JSON.stringify(validate.errors)).toBe(true);
    const { deadline: _d, ...broken } = shipped;
    expect(validate(broken)).toBe(false);
    expect(validate({ ...shipped, title: { vi: "x" } })).toBe(false); // LocalizedText through the schema's own $defs
  });

  it("describes the problem+json error schema with every error code, at the status problem.ts gives it", () => {
    const problem = doc.components.schemas.Problem;
    expect(problem.required).toEqual(expect.arrayContaining(["type", "title", "status", "code"]));
    expect(doc.components.schemas.ErrorCode.enum.sort()).toEqual(Object.keys(ERROR_CODES).sort());
    expect(doc.components.schemas.FieldError.required).toEqual(["pointer", "rule", "message"]);
    for (const { path, method, op } of operations(doc)) {
      for (const [status, res] of Object.entries(op.responses as Json)) {
        const codes = ((res as Json)["x-error-codes"] ?? []) as string[];
        for (const c of codes) expect(statusOf(c as keyof typeof ERROR_CODES), `${method} ${path} ${c}`).toBe(Number(status));
        if (Number(status) >= 400) expect(Object.keys((res as Json).content ?? {}), `${method} ${path} ${status}`).toEqual(["application/problem+json"]);
      }
    }
  });

  it("documents Idempotency-Key on every write that honours it, with its lifetime and refusals", () => {
    const p = doc.components.parameters.IdempotencyKey;
    expect(p).toMatchObject({ name: "Idempotency-Key", in: "header" });
    expect(p.description).toContain(`${KEY_TTL_HOURS} hours`);
    expect(p.description).toContain("422");
    expect(p.description).toContain("409");
    for (const [path, method] of [["/cases", "post"], ["/cases/{id}/actions", "post"]] as const) {
      const op = doc.paths[path][method];
      expect(op.parameters.map((x: Json) => x.$ref), path).toContain("#/components/parameters/IdempotencyKey");
      expect(op.responses["422"]["x-error-codes"], path).toContain("idempotency.key_reused");
      expect(op.responses["409"]["x-error-codes"], path).toContain("idempotency.in_progress");
    }
  });

  it("refuses to merge two areas that describe the same operation", () => {
    const area = { tag: { name: "x", description: "x" }, paths: { "/health": { get: { responses: { "200": { description: "x" } } } } } };
    expect(() => buildOpenapi([area, area])).toThrow(/described twice/);
  });
});

describe("OpenAPI document against the running app", () => {
  let s: TestServer;
  let as: Awaited<ReturnType<typeof loginAll>>;
  let compile: (schema: unknown) => ValidateFunction;
  const seen = new Set<string>();

  beforeAll(async () => {
    s = await startTestServer();
    as = await loginAll(s, ["tiepnhan", "hotich", "chutich", "quantri", "kiemtra"]);
    compile = schemaCompiler(doc);
  });
  afterAll(() => s?.close());

  it("describes every route the Express app serves", () => {
    const routes = expressRoutes(s.app).filter((r) => !NOT_API.some((re) => re.test(r.path)));
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes.filter((r) => !doc.paths[toTemplate(r.path)]?.[r.method]).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing, "routes served but not in the OpenAPI document: describe them in server/http/openapi/paths/<area>.ts and list the area in AREAS (document.ts)").toEqual([]);
    // Every area mounted after authentication shows up in the walk (so the walk itself is not blind).
    for (const [prefix] of AUTHENTICATED_ROUTERS) expect(routes.some((r) => r.path.startsWith(prefix)), prefix).toBe(true);
    // And the document describes nothing the app does not serve.
    const served = new Set(routes.map((r) => `${r.method} ${toTemplate(r.path)}`));
    const extra = operations(doc).map((o) => `${o.method} ${o.path}`).filter((k) => !served.has(k));
    expect(extra, "documented but not served").toEqual([]);
  });

  /** Checks a live response against the operation it belongs to: documented status, content type and schema. */
  function conforms(r: Response, template: string, method: string) {
    const op = doc.paths[template]?.[method];
    expect(op, `${method} ${template} is documented`).toBeDefined();
    const res = op.responses[String(r.status)];
    expect(res, `${method.toUpperCase()} ${template} answered ${r.status}, which is not documented: ${r.text.slice(0, 300)}`).toBeDefined();
    const [mediaType, media] = Object.entries(res.content ?? {})[0] as [string, Json];
    expect(r.headers["content-type"]).toContain(mediaType);
    const validate = compile(media.schema);
    const body = JSON.parse(r.text);
    expect(validate(body), `${method.toUpperCase()} ${template} ${r.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    if (r.status >= 400) expect(res["x-error-codes"], `${template} ${r.status}`).toContain(body.code);
    seen.add(`${method} ${template}`);
  }

  it("matches the documented status codes and schemas on a walk through the API", async () => {
    const app = s.app;
    conforms(await request(app).get("/health"), "/health", "get");
    conforms(await request(app).get("/openapi.json"), "/openapi.json", "get");
    conforms(await request(app).post("/auth/login").send({ username: "tiepnhan", password: "motcua-demo" }), "/auth/login", "post");
    conforms(await request(app).post("/auth/login").send({ username: "tiepnhan", password: "x" }), "/auth/login", "post");
    conforms(await request(app).post("/auth/login").send({ username: "tiepnhan" }), "/auth/login", "post");
    conforms(await request(app).get("/auth/me").set(as("chutich")), "/auth/me", "get");
    conforms(await request(app).get("/auth/me"), "/auth/me", "get");

    conforms(await request(app).get("/procedures").set(as("tiepnhan")), "/procedures", "get");
    const id = "civil-status.birth-registration";
    conforms(await request(app).get(`/procedures/${id}`).set(as("tiepnhan")), "/procedures/{id}", "get");
    conforms(await request(app).get(`/procedures/${id}?version=9`).set(as("tiepnhan")), "/procedures/{id}", "get");
    conforms(await request(app).get(`/procedures/${id}/versions`).set(as("tiepnhan")), "/procedures/{id}/versions", "get");
    conforms(await request(app).get(`/procedures/${id}/versions/1`).set(as("tiepnhan")), "/procedures/{id}/versions/{version}", "get");
    const def = (await request(app).get(`/procedures/${id}`).set(as("tiepnhan"))).body.definition;
    conforms(await request(app).post("/procedures/validate").set(as("tiepnhan")).send({ ...def, deadline: undefined }), "/procedures/validate", "post");
    conforms(await request(app).post("/procedures").set(as("tiepnhan")).send(def), "/procedures", "post");
    conforms(await request(app).post("/procedures").set(as("quantri")).send(def), "/procedures", "post");
    conforms(await request(app).post("/procedures").set(as("quantri")).send({ ...def, version: 2, initial: "nowhere" }), "/procedures", "post");

    const created = await request(app).post("/cases").set(as("tiepnhan")).set("Idempotency-Key", "openapi-1").send(intakeBody());
    conforms(created, "/cases", "post");
    conforms(await request(app).post("/cases").set(as("tiepnhan")).set("Idempotency-Key", "openapi-1").send(intakeBody()), "/cases", "post");
    conforms(await request(app).post("/cases").set(as("tiepnhan")).set("Idempotency-Key", "openapi-1").send(intakeBody({ channel: "online" })), "/cases", "post");
    conforms(await request(app).post("/cases").set(as("hotich")).send(intakeBody()), "/cases", "post");
    conforms(await request(app).post("/cases").set(as("tiepnhan")).send(intakeBody({ data: {} })), "/cases", "post");
    const caseId = created.body.case.id as string;
    // The same child again: a possible duplicate, refused until confirmed.
    conforms(await request(app).post("/cases").set(as("tiepnhan")).send(intakeBody({ confirmDuplicate: undefined })), "/cases", "post");
    conforms(await request(app).post("/cases/possible-duplicates").set(as("tiepnhan")).send({ procedureId: id, data: intakeBody().data }), "/cases/possible-duplicates", "post");
    conforms(await request(app).post("/cases/possible-duplicates").set(as("tiepnhan")).send({ procedureId: id }), "/cases/possible-duplicates", "post");
    conforms(await request(app).get("/cases").set(as("tiepnhan")), "/cases", "get");
    conforms(await request(app).get("/cases?limit=0").set(as("tiepnhan")), "/cases", "get");
    conforms(await request(app).get(`/cases/${caseId}`).set(as("tiepnhan")), "/cases/{id}", "get");
    conforms(await request(app).get("/cases/nope").set(as("tiepnhan")), "/cases/{id}", "get");
    conforms(await request(app).get(`/cases/${caseId}/history`).set(as("kiemtra")), "/cases/{id}/history", "get");
    conforms(await request(app).get(`/cases/${caseId}/outbox`).set(as("tiepnhan")), "/cases/{id}/outbox", "get");
    conforms(await request(app).get("/cases/nope/outbox").set(as("tiepnhan")), "/cases/{id}/outbox", "get");
    conforms(await request(app).get(`/cases/${caseId}/signing-payload`).set(as("chutich")), "/cases/{id}/signing-payload", "get");
    conforms(await request(app).post(`/cases/${caseId}/actions`).set(as("tiepnhan")).send({ action: "accept", expectedVersion: 1 }), "/cases/{id}/actions", "post");
    conforms(await request(app).post(`/cases/${caseId}/actions`).set(as("tiepnhan")).send({ action: "withdraw", expectedVersion: 1 }), "/cases/{id}/actions", "post");
    conforms(await request(app).post(`/cases/${caseId}/actions`).set(as("hotich")).send({ action: "refuse", expectedVersion: 2, data: {} }), "/cases/{id}/actions", "post");
    conforms(await request(app).post(`/cases/${caseId}/actions`).set(as("chutich")).send({ action: "record", expectedVersion: 2 }), "/cases/{id}/actions", "post");

    // A case waiting for the chairman's signature: the signing payload, and a refused signature.
    const signing = await birthRegistration(s, await loginTokens(s, ["tiepnhan", "hotich", "chutich", "luutru"]), "witnessed");
    conforms(await request(app).get(`/cases/${signing}/signing-payload`).set(as("chutich")), "/cases/{id}/signing-payload", "get");
    const v = (await request(app).get(`/cases/${signing}`).set(as("chutich"))).body.case.version;
    conforms(await request(app).post(`/cases/${signing}/actions`).set(as("chutich")).send({ action: "sign", expectedVersion: v, signature: { format: "jws", jws: "x..y" } }), "/cases/{id}/actions", "post");

    expect(seen.size).toBeGreaterThanOrEqual(14);
  });

  it("matches the documented schemas for the auditor's API", async () => {
    const c = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody());
    const id = c.body.case.id as string;
    conforms(await request(s.app).get(`/audit/cases/${id}`).set(as("kiemtra")), "/audit/cases/{id}", "get");
    conforms(await request(s.app).get(`/audit/cases/${id}`).set(as("tiepnhan")), "/audit/cases/{id}", "get");
    conforms(await request(s.app).post(`/audit/cases/${id}/verify`).set(as("kiemtra")), "/audit/cases/{id}/verify", "post");
    conforms(await request(s.app).get(`/audit/cases/${id}/bundle`).set(as("kiemtra")), "/audit/cases/{id}/bundle", "get");
    conforms(await request(s.app).get("/audit/entries?limit=5").set(as("kiemtra")), "/audit/entries", "get");
    conforms(await request(s.app).get("/audit/entries?from=yesterday").set(as("kiemtra")), "/audit/entries", "get");
    conforms(await request(s.app).get("/audit/log-key").set(as("kiemtra")), "/audit/log-key", "get");
    conforms(await request(s.app).post("/audit/checkpoints").set(as("kiemtra")), "/audit/checkpoints", "post");
    conforms(await request(s.app).get("/audit/checkpoints/latest").set(as("kiemtra")), "/audit/checkpoints/latest", "get");
    conforms(await request(s.app).get("/audit/proofs/inclusion?index=0&size=1").set(as("kiemtra")), "/audit/proofs/inclusion", "get");
    conforms(await request(s.app).get("/audit/proofs/consistency?from=1&to=1").set(as("kiemtra")), "/audit/proofs/consistency", "get");
    conforms(await request(s.app).get(`/audit/registry/${encodeURIComponent("procedure:civil-status.birth-registration")}`).set(as("kiemtra")), "/audit/registry/{stream}", "get");
    conforms(await request(s.app).get("/officials/o-chutich/certificates").set(as("quantri")), "/officials/{id}/certificates", "get");
    conforms(await request(s.app).post("/officials/o-chutich/certificates").set(as("quantri")).send({}), "/officials/{id}/certificates", "post");
    conforms(await request(s.app).get("/officials?q=hoa").set(as("quantri")), "/officials", "get");
    conforms(await request(s.app).get("/units").set(as("quantri")), "/units", "get");
    conforms(await request(s.app).post("/units").set(as("quantri")).send({ code: "01-openapi", name: "Phường Thử", kind: "ward" }), "/units", "post");
    conforms(await request(s.app).post("/units").set(as("quantri")).send({ code: "x" }), "/units", "post");
    conforms(await request(s.app).get("/units/01-openapi").set(as("quantri")), "/units/{code}", "get");
    conforms(await request(s.app).patch("/units/01-openapi").set(as("quantri")).send({ name: "Phường Thử Hai" }), "/units/{code}", "patch");
    conforms(await request(s.app).post("/units/import").set(as("quantri")).send({ units: [{ code: "01-openapi-2", name: "Hai", kind: "ward" }], dryRun: true }), "/units/import", "post");
    conforms(await request(s.app).post("/units/import").set(as("quantri")).send({ units: [{ code: "01-openapi-2", name: "Hai", kind: "ward" }] }), "/units/import", "post");
    conforms(await request(s.app).post("/units/01-openapi/dissolve").set(as("quantri")).send({ reason: "Kiểm tra tài liệu API" }), "/units/{code}/dissolve", "post");
    conforms(await request(s.app).post("/units/01-ba-dinh/dissolve").set(as("quantri")).send({ reason: "Kiểm tra tài liệu API" }), "/units/{code}/dissolve", "post");
    conforms(await request(s.app).post("/officials/import").set(as("quantri")).send({ csv: "username,fullName,unit,roles\nopenapi.two,Ai Hai,01-ba-dinh,reception\n", dryRun: true }), "/officials/import", "post");
    conforms(await request(s.app).post("/officials/import").set(as("quantri")).send({ csv: "username,fullName,unit,roles\nopenapi.two,Ai Hai,01-ba-dinh,reception\n" }), "/officials/import", "post");
    conforms(await request(s.app).post("/officials/import").set(as("quantri")).send({ csv: "username\nX\n" }), "/officials/import", "post");
    conforms(await request(s.app).post("/officials").set(as("quantri")).send({ username: "openapi.one", fullName: "Ai Đó", unit: "01-ba-dinh", roles: ["reception"] }), "/officials", "post");
    conforms(await request(s.app).post("/officials").set(as("quantri")).send({ username: "X" }), "/officials", "post");
    conforms(await request(s.app).patch("/officials/o-openapi.one").set(as("quantri")).send({ fullName: "Ai Đó Khác" }), "/officials/{id}", "patch");
    conforms(await request(s.app).post("/officials/o-openapi.one/deactivate").set(as("quantri")).send({ reason: "Kiểm tra tài liệu API" }), "/officials/{id}/deactivate", "post");
    conforms(await request(s.app).post("/officials/o-openapi.one/reactivate").set(as("quantri")), "/officials/{id}/reactivate", "post");
    conforms(await request(s.app).post("/officials/o-openapi.one/reactivate").set(as("quantri")), "/officials/{id}/reactivate", "post");
  });

  it("matches the documented schemas for supervision and statistics", async () => {
    const c = await request(s.app).post("/cases").set(as("tiepnhan")).send(intakeBody());
    const id = c.body.case.id as string;
    conforms(await request(s.app).get("/queue").set(as("tiepnhan")), "/queue", "get");
    conforms(await request(s.app).get("/notices").set(as("tiepnhan")), "/notices", "get");
    conforms(await request(s.app).post(`/cases/${id}/claim`).set(as("tiepnhan")).send({ expectedVersion: 1 }), "/cases/{id}/claim", "post");
    conforms(await request(s.app).post(`/cases/${id}/assign`).set(as("tiepnhan")).send({ officialId: "o-hotich" }), "/cases/{id}/assign", "post");
    conforms(await request(s.app).post("/units/merge").set(as("tiepnhan")).send({ from: ["01-hoan-kiem"], into: "01-ba-dinh" }), "/units/merge", "post");
    conforms(await request(s.app).get("/statistics?unit=01-ba-dinh&from=2026-03-01&to=2026-03-31").set(as("tiepnhan")), "/statistics", "get");
    conforms(await request(s.app).get("/statistics?unit=01-ba-dinh&from=2026-03-31&to=2026-03-01").set(as("tiepnhan")), "/statistics", "get");
    conforms(await request(s.app).get("/statistics?province=01&from=2026-03-01&to=2026-03-31").set(as("tiepnhan")), "/statistics", "get");
  });
});
