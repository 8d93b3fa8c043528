// Signing over HTTP as the README tour does it: fetch the payload, sign with `motcua sign`
// (JWS or openssl-style raw), submit; and certificate registration refused with its reason.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, crypto, type TestServer } from "../support/server.js";
import { birthRegistration, loginAll, type Tokens } from "../support/flows.js";
import { PkiBuilder, EC_P256, signJws } from "../support/pki.js";

const run = promisify(execFile);
const CLI = new URL("../../server/cli/motcua.js", import.meta.url).pathname;

describe("signatures over HTTP", () => {
  let s: TestServer;
  let t: Tokens;
  const dir = mkdtempSync(join(tmpdir(), "motcua-sign-"));
  beforeAll(async () => {
    s = await startTestServer();
    t = await loginAll(s);
    writeFileSync(join(dir, "key.pem"), s.pki.signer.keyPem);
    writeFileSync(join(dir, "cert.pem"), s.pki.signer.pem);
  });
  afterAll(() => s?.close());

  for (const format of ["jws", "raw"] as const) {
    it(`accepts a ${format} signature made by \`motcua sign\` over the served payload`, async () => {
      const id = await birthRegistration(s, t, "witnessed");
      const p = await request(s.app).get(`/cases/${id}/signing-payload`).set("authorization", `Bearer ${t.chutich}`);
      expect(p.status).toBe(200);
      writeFileSync(join(dir, "payload.json"), JSON.stringify(p.body));
      const out = await run(process.execPath, [CLI, "sign", "--payload", join(dir, "payload.json"), "--key", join(dir, "key.pem"), "--cert", join(dir, "cert.pem"), "--format", format]);
      const body = JSON.parse(out.stdout) as { signature: unknown; signedPayload: string };
      expect(body.signedPayload).toBe(p.body.canonical);
      const r = await request(s.app).post(`/cases/${id}/actions`).set("authorization", `Bearer ${t.chutich}`).send({ action: p.body.action, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.entry.signature.signer.fingerprint).toBe(s.pki.signer.fingerprint);
    });
  }

  it("refuses a sign action without a valid signature with 422 and the verifier's code, changing nothing", async () => {
    const id = await birthRegistration(s, t, "witnessed");
    const r = await request(s.app).post(`/cases/${id}/actions`).set("authorization", `Bearer ${t.chutich}`).send({ action: "sign", signature: { format: "raw", signature: "AAAA", certificate: s.pki.signer.pem } });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("signature.malformed");
    const none = await request(s.app).post(`/cases/${id}/actions`).set("authorization", `Bearer ${t.chutich}`).send({ action: "sign" });
    expect(none.status).toBe(422);
    expect(none.body.code).toBe("signature.required");
    const h = await request(s.app).get(`/cases/${id}/history`).set("authorization", `Bearer ${t.chutich}`);
    expect(h.body.entries.at(-1).action).toBe("witness-book-signature");
  });

  describe("certificate registration", () => {
    const builder = () => new PkiBuilder({ crypto, now: () => new Date("2026-01-01T00:00:00Z") });

    it("registers a valid certificate and records it in the official's registry stream", async () => {
      const cert = await builder().createEndEntity(s.pki.ca, { subject: "CN=Phó Chủ tịch, C=VN", key: EC_P256 });
      const r = await request(s.app).post("/officials/o-chutich/certificates").set("authorization", `Bearer ${t.quantri}`).send({ certificate: cert.pem });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.fingerprint).toBe(cert.fingerprint);
      const list = await request(s.app).get("/officials/o-chutich/certificates").set("authorization", `Bearer ${t.quantri}`);
      expect(list.body.items.map((x: { fingerprint: string }) => x.fingerprint)).toContain(cert.fingerprint);
      const reg = await request(s.app).get("/audit/registry/official:o-chutich").set("authorization", `Bearer ${t.kiemtra}`);
      expect(reg.body.items.map((x: { entry: { data: { fingerprint: string } } }) => x.entry.data.fingerprint)).toContain(cert.fingerprint);
    });

    it("refuses an expired certificate, one from an unknown CA and one without the signing key usage, each with its code", async () => {
      const b = builder();
      const expired = await b.createEndEntity(s.pki.ca, { subject: "CN=Expired, C=VN", key: EC_P256, notBefore: new Date("2020-01-01Z"), notAfter: new Date("2021-01-01Z") });
      const rogueCa = await b.createRootCa({ subject: "CN=Rogue CA, C=VN", key: EC_P256 });
      const rogue = await b.createEndEntity(rogueCa, { subject: "CN=Rogue, C=VN", key: EC_P256 });
      const noUsage = await b.createEndEntity(s.pki.ca, { subject: "CN=No usage, C=VN", key: EC_P256, keyUsage: 0x04 /* keyCertSign only */ });
      for (const [cert, code] of [[expired, "signature.certificate_expired"], [rogue, "signature.chain_incomplete"], [noUsage, "signature.key_usage"]] as const) {
        const r = await request(s.app).post("/officials/o-chutich/certificates").set("authorization", `Bearer ${t.quantri}`).send({ certificate: cert.pem });
        expect(r.status).toBe(422);
        expect(r.body.code).toBe(code);
        expect(r.body.report.checks.length).toBeGreaterThan(0);
      }
    });

    it("is for administrators only", async () => {
      const r = await request(s.app).post("/officials/o-chutich/certificates").set("authorization", `Bearer ${t.tiepnhan}`).send({ certificate: s.pki.signer.pem });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe("auth.forbidden");
    });
  });
});

describe("changes to officials' roles are audited like case steps", () => {
  let s: TestServer;
  let t: Tokens;
  beforeAll(async () => {
    s = await startTestServer();
    t = await loginAll(s);
  });
  afterAll(() => s?.close());

  it("records a role change as a sealed registry entry that enters the log, and applies it at once", async () => {
    const r = await request(s.app).put("/officials/o-tiepnhan/roles").set("authorization", `Bearer ${t.quantri}`).send({ roles: ["reception", "civil-status"] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const me = await request(s.app).get("/auth/me").set("authorization", `Bearer ${t.tiepnhan}`);
    expect(me.body.official.roles).toEqual(["civil-status", "reception"]);
    await request(s.app).post("/audit/checkpoints").set("authorization", `Bearer ${t.kiemtra}`);
    const reg = await request(s.app).get("/audit/registry/official:o-tiepnhan").set("authorization", `Bearer ${t.kiemtra}`);
    const last = reg.body.items.at(-1);
    expect(last.entry.action).toBe("official.roles");
    expect(last.entry.data).toEqual({ from: ["reception"], to: ["civil-status", "reception"] });
    expect(last.logIndex).not.toBeNull();
  });

  it("refuses an empty role list with a pointer, and non-administrators", async () => {
    const bad = await request(s.app).put("/officials/o-tiepnhan/roles").set("authorization", `Bearer ${t.quantri}`).send({ roles: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe("/roles");
    const forbidden = await request(s.app).put("/officials/o-tiepnhan/roles").set("authorization", `Bearer ${t.tiepnhan}`).send({ roles: ["admin"] });
    expect(forbidden.status).toBe(403);
  });
});

describe("unregistering a certificate", () => {
  let s: TestServer;
  let t: Tokens;
  beforeAll(async () => {
    s = await startTestServer();
    t = await loginAll(s);
  });
  afterAll(() => s?.close());

  it("unregisters a certificate: the next signature made with it is refused, the one made before still verifies", async () => {
    const before = await birthRegistration(s, t, "signed");
    const id = await birthRegistration(s, t, "witnessed");
    const fp = s.pki.signer.fingerprint;
    const bad = await request(s.app).post(`/officials/o-chutich/certificates/${fp}/unregister`).set("authorization", `Bearer ${t.quantri}`).send({ reason: "x" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe("/reason");
    const r = await request(s.app).post(`/officials/o-chutich/certificates/${fp}/unregister`).set("authorization", `Bearer ${t.quantri}`).send({ reason: "Mất USB token, đã báo tổ chức cung cấp dịch vụ" });
    expect(r.status, r.text).toBe(200);
    const p = await request(s.app).get(`/cases/${id}/signing-payload`).set("authorization", `Bearer ${t.chutich}`);
    const jws = await signJws(s.pki.signer, new TextEncoder().encode(p.body.canonical));
    const refused = await request(s.app).post(`/cases/${id}/actions`).set("authorization", `Bearer ${t.chutich}`).send({ action: "sign", signature: { format: "jws", jws } });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("signature.signer_mismatch");
    const verified = await request(s.app).post(`/audit/cases/${before}/verify`).set("authorization", `Bearer ${t.kiemtra}`);
    expect(verified.body.findings).toEqual([]);
    const reg = await request(s.app).get("/audit/registry/official:o-chutich").set("authorization", `Bearer ${t.kiemtra}`);
    expect(reg.body.items.at(-1).entry).toMatchObject({ action: "certificate.unregister", data: { fingerprint: fp, reason: "Mất USB token, đã báo tổ chức cung cấp dịch vụ" } });
    expect((await request(s.app).post(`/officials/o-chutich/certificates/${fp}/unregister`).set("authorization", `Bearer ${t.quantri}`).send({ reason: "Lần thứ hai" })).status).toBe(404);
  });
});
