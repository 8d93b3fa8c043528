// Long-term evidence at a signature checkpoint over HTTP: the server fetches OCSP from the
// responder in the signer's certificate (a real `openssl ocsp`), timestamps the signature at
// the configured TSA (`openssl ts -reply` behind a local endpoint, or the development TSA),
// keeps both in the audit entry, and `motcua audit verify` re-validates them offline, also
// when the certificate has long expired and its CRL gone stale.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KP } from "../../engine/signature/oids.js";
import request from "supertest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, crypto, type TestServer } from "../support/server.js";
import { birthRegistration, loginAll, type Tokens } from "../support/flows.js";
import { EC_P256, type Issued, KeyUsageFlags, PkiBuilder, signJws } from "../support/pki.js";
import { registerCertificate } from "../../server/pki/register.js";
import { startDevTsa, type DevTsa } from "../../server/pki/dev-tsa.js";
import type { TrustStore } from "../../engine/signature/types.js";
import { type Responder, startOcspResponder } from "../support/openssl-ocsp.js";
import { type TestTsa, startTsa } from "../support/openssl-tsa.js";

const run = promisify(execFile);
const CLI = new URL("../../server/cli/motcua.js", import.meta.url).pathname;
const OCSP_SIGNING = KP.ocspSigning;
const TIME_STAMPING = KP.timeStamping;
const dir = mkdtempSync(join(tmpdir(), "motcua-evidence-"));

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  try {
    return { code: 0, out: (await run(process.execPath, [CLI, ...args])).stdout };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout + x.stderr };
  }
}

/** Signs the case's current payload with `signer` (detached JWS) and submits it. */
async function sign(s: TestServer, t: Tokens, id: string, signer: Issued, extra: Record<string, unknown> = {}) {
  const p = await request(s.app).get(`/cases/${id}/signing-payload`).set("authorization", `Bearer ${t.chutich}`);
  const jws = await signJws(signer, new TextEncoder().encode(p.body.canonical));
  return request(s.app).post(`/cases/${id}/actions`).set("authorization", `Bearer ${t.chutich}`).send({ action: "sign", signature: { format: "jws", jws, ...extra } });
}

const history = async (s: TestServer, t: Tokens, id: string) =>
  (await request(s.app).get(`/cases/${id}/history`).set("authorization", `Bearer ${t.chutich}`)).body.entries as Array<{ action: string; signature?: Record<string, unknown> }>;

/** Exports the case's bundle and the log key, and runs `motcua audit verify` on them with `ca` as the only anchor. */
async function verifyOffline(s: TestServer, t: Tokens, id: string, ca: Issued, name: string, edit?: (text: string) => string) {
  const b = await request(s.app).get(`/audit/cases/${id}/bundle`).set("authorization", `Bearer ${t.kiemtra}`);
  const k = await request(s.app).get("/audit/log-key").set("authorization", `Bearer ${t.kiemtra}`);
  const file = (n: string, text: string) => (writeFileSync(join(dir, `${name}.${n}`), text), join(dir, `${name}.${n}`));
  const text = JSON.stringify(b.body, null, 2);
  return cli(["audit", "verify", file("bundle.json", edit ? edit(text) : text), "--checkpoint-key", file("log-key.pem", k.body.publicKeyPem), "--trust", file("ca.pem", ca.pem)]);
}

describe("OCSP and an RFC 3161 timestamp at the checkpoint", () => {
  let s: TestServer;
  let t: Tokens;
  let ca: Issued;
  let responder: Responder;
  let tsa: TestTsa;
  const officials: Record<"live" | "down", Issued> = {} as never;

  beforeAll(async () => {
    const b = new PkiBuilder({ crypto });
    ca = await b.createRootCa({ subject: "CN=Evidence Test CA, O=Ban Co yeu Chinh phu, C=VN", key: EC_P256 });
    const delegated = await b.createEndEntity(ca, { subject: "CN=OCSP Responder, C=VN", key: EC_P256, keyUsage: KeyUsageFlags.digitalSignature, extendedKeyUsage: [OCSP_SIGNING], ocspNoCheck: true });
    const notAfter = new Date(Date.now() + 365 * 86_400_000);
    responder = await startOcspResponder({ ca, signer: delegated, nextUpdateMinutes: 60, entries: ["6b01", "6b02", "6b03"].map((serial) => ({ serial, notAfter })) });
    const tsaCert = await b.createEndEntity(ca, { subject: "CN=Test TSA, C=VN", key: EC_P256, serialNumber: "6b03", keyUsage: KeyUsageFlags.digitalSignature, extendedKeyUsage: [TIME_STAMPING], extendedKeyUsageCritical: true, ocspUrl: responder.url });
    tsa = await startTsa({ tsa: tsaCert, chain: [tsaCert, ca] });
    officials.live = await b.createEndEntity(ca, { subject: "CN=Nguyễn Văn Chủ Tịch, C=VN", key: EC_P256, serialNumber: "6b01", ocspUrl: responder.url });
    officials.down = await b.createEndEntity(ca, { subject: "CN=Nguyễn Văn Chủ Tịch (2), C=VN", key: EC_P256, serialNumber: "6b02", ocspUrl: "http://127.0.0.1:9/" });
    // No CRL at all: the OCSP responses are the revocation evidence (the TSA's, too, once fetched).
    const trust: TrustStore = { anchors: [ca.pem], intermediates: [], crls: [] };
    s = await startTestServer({ wire: { trust: async () => trust, signing: { ocsp: true, ocspTimeoutMs: 3000, tsa: { url: tsa.url, timeoutMs: 5000 } } } });
    s.now = new Date().toISOString();
    t = await loginAll(s);
    for (const o of Object.values(officials)) {
      await registerCertificate(s.db, s.tlog.key, "o-chutich", o.pem, { ...trust, crls: [(await b.createCrl(ca, { thisUpdate: new Date(Date.now() - 60_000) })).pem] }, new Date().toISOString(), crypto, "test");
    }
  }, 60_000);
  afterAll(async () => {
    await responder?.stop();
    await tsa?.stop();
    await s?.close();
  });

  it("keeps the fetched OCSP response and the timestamp in the entry; the auditor's and the offline check pass", async () => {
    s.now = new Date().toISOString();
    const id = await birthRegistration(s, t, "witnessed");
    const r = await sign(s, t, id, officials.live);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const evidence = r.body.entry.signature;
    expect(evidence.ocsp).toHaveLength(1);
    expect(evidence.timestamp.tsa.subject).toBe("CN=Test TSA, C=VN");
    // The TSA's own status came from OCSP too: there is no CRL in this trust store.
    expect(evidence.timestamp.ocsp).toHaveLength(1);
    expect(Math.abs(Date.parse(evidence.timestamp.genTime) - Date.parse(s.now))).toBeLessThan(60_000);
    const v = await request(s.app).post(`/audit/cases/${id}/verify`).set("authorization", `Bearer ${t.kiemtra}`);
    expect(v.body.entries.find((e: { action: string }) => e.action === "sign").ok).toBe(true);
    const offline = await verifyOffline(s, t, id, ca, "live");
    expect(offline.out).toContain("RESULT: verified");
    expect(offline.out).toMatch(/timestamped .* by CN=Test TSA/);
  });

  it("TSA unreachable: 503 signature.timestamp_unavailable with Retry-After, nothing written; a retry succeeds", async () => {
    s.now = new Date().toISOString();
    const id = await birthRegistration(s, t, "witnessed");
    tsa.mode = "http-500";
    const refused = await sign(s, t, id, officials.live);
    tsa.mode = "ok";
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe("signature.timestamp_unavailable");
    expect(refused.headers["retry-after"]).toBe("30");
    expect((await history(s, t, id)).at(-1)!.action).toBe("witness-book-signature");
    expect((await sign(s, t, id, officials.live)).status).toBe(200);
  });

  it("an invalid signature is refused as such, without troubling the TSA", async () => {
    s.now = new Date().toISOString();
    const id = await birthRegistration(s, t, "witnessed");
    const before = tsa.requests;
    const r = await request(s.app).post(`/cases/${id}/actions`).set("authorization", `Bearer ${t.chutich}`).send({ action: "sign", signature: { format: "jws", jws: (await signJws(officials.live, new TextEncoder().encode("another payload"))) } });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe("signature.invalid");
    expect(tsa.requests).toBe(before);
  });

  it("OCSP responder down and no CRL: 422 signature.revocation_unknown naming the responder, nothing written", async () => {
    s.now = new Date().toISOString();
    const id = await birthRegistration(s, t, "witnessed");
    const r = await sign(s, t, id, officials.down);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: "signature.revocation_unknown", report: { indication: "INDETERMINATE" } });
    expect(r.body.ocspFetchErrors[0]).toContain("127.0.0.1:9");
    expect((await history(s, t, id)).at(-1)!.action).toBe("witness-book-signature");
  });

  it("an OCSP response stapled to the submission (fetched by the openssl ocsp client) is accepted and kept", async () => {
    s.now = new Date().toISOString();
    const files = { ca: join(dir, "ca.pem"), cert: join(dir, "down.pem"), resp: join(dir, "stapled.der") };
    writeFileSync(files.ca, ca.pem);
    writeFileSync(files.cert, officials.down.pem);
    await run("/usr/bin/openssl", ["ocsp", "-issuer", files.ca, "-cert", files.cert, "-url", responder.url, "-respout", files.resp, "-noverify"]);
    const stapled = readFileSync(files.resp).toString("base64");
    const id = await birthRegistration(s, t, "witnessed");
    const r = await sign(s, t, id, officials.down, { ocsp: [stapled] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.entry.signature.ocsp).toEqual([stapled]);
    expect(r.body.entry.signature.submission.ocsp).toEqual([stapled]);
  });
});

describe("evidence that outlives the certificate", () => {
  let s: TestServer;
  let t: Tokens;
  let ca: Issued;
  let devTsa: DevTsa;

  beforeAll(async () => {
    // Signed on 2 March 2026 with a certificate valid until June and a CRL current until April:
    // by the time this test runs, the certificate has expired and the CRL has gone stale.
    const b = new PkiBuilder({ crypto, now: () => new Date("2026-01-01T00:00:00Z") });
    ca = await b.createRootCa({ subject: "CN=Archive Test CA, C=VN", key: EC_P256 });
    const signer = await b.createEndEntity(ca, { subject: "CN=Chủ tịch UBND, C=VN", key: EC_P256, notBefore: new Date("2026-01-01T00:00:00Z"), notAfter: new Date("2026-06-30T00:00:00Z") });
    const tsaCert = await b.createEndEntity(ca, { subject: "CN=Archive TSA, C=VN", key: EC_P256, keyUsage: KeyUsageFlags.digitalSignature, extendedKeyUsage: [TIME_STAMPING], extendedKeyUsageCritical: true, notAfter: new Date("2026-06-30T00:00:00Z") });
    const crl = await b.createCrl(ca, { thisUpdate: new Date("2026-03-01T00:00:00Z"), nextUpdate: new Date("2026-04-01T00:00:00Z") });
    const trust: TrustStore = { anchors: [ca.pem], intermediates: [], crls: [crl.pem] };
    const state = { now: () => new Date("2026-03-02T02:00:00.000Z") };
    devTsa = await startDevTsa({ certPem: tsaCert.pem, privateKey: tsaCert.keys.privateKey, chainPems: [ca.pem], clock: () => state.now(), crypto });
    s = await startTestServer({ wire: { trust: async () => trust, signing: { ocsp: false, ocspTimeoutMs: 1000, tsa: { url: devTsa.url, timeoutMs: 5000 } } } });
    state.now = () => new Date(s.now);
    t = await loginAll(s);
    await registerCertificate(s.db, s.tlog.key, "o-chutich", signer.pem, trust, "2026-03-01T00:00:00.000Z", crypto, "test");
    (s as unknown as { signer: Issued }).signer = signer;
  }, 60_000);
  afterAll(async () => {
    await devTsa?.close();
    await s?.close();
  });

  it("verifies offline today, and a bundle whose token was altered does not", async () => {
    expect(Date.now()).toBeGreaterThan(Date.parse("2026-06-30T00:00:00Z"));
    const id = await birthRegistration(s, t, "witnessed");
    const r = await sign(s, t, id, (s as unknown as { signer: Issued }).signer);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.entry.signature.timestamp.genTime).toBe("2026-03-02T02:00:00.000Z");
    const ok = await verifyOffline(s, t, id, ca, "archive");
    expect(ok.out).toContain("RESULT: verified");
    expect(ok.out).toContain("timestamped 2026-03-02T02:00:00.000Z by CN=Archive TSA");
    const altered = await verifyOffline(s, t, id, ca, "altered", (text) => {
      const bundle = JSON.parse(text);
      const entry = bundle.entries.find((e: { entry: { action: string } }) => e.entry.action === "sign").entry;
      entry.signature.verifiedAt = "2026-03-01T02:00:00.000Z";
      return JSON.stringify(bundle);
    });
    expect(altered.code).toBe(1);
    // The seal and hash catch the edit; the timestamp independently refuses the moved signing time.
    expect(altered.out).toMatch(/#4 sign\s+FAILED .*signature:FAILED/);
  });
});
