// Signing with the key on a PKCS#11 token (SoftHSM2 as a real token): `motcua sign --pkcs11` asks the
// token to sign the served payload, and the signature is accepted at the signing checkpoint.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import request from "supertest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, crypto, type TestServer } from "../support/server.js";
import { birthRegistration, loginAll, type Tokens } from "../support/flows.js";
import { PkiBuilder } from "../support/pki.js";
import { createSoftToken, generateTokenKey, softHsmMissing, storeTokenCertificate, SOFTHSM_MODULE, type SoftToken } from "../support/softhsm.js";

const run = promisify(execFile);
const CLI = new URL("../../server/cli/motcua.js", import.meta.url).pathname;
const missing = softHsmMissing();
const LABEL = "chutich-signing";

describe.skipIf(missing !== undefined)(`signing with a PKCS#11 token${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let s: TestServer;
  let t: Tokens;
  let token: SoftToken;
  let fingerprint: string;
  const dir = mkdtempSync(join(tmpdir(), "motcua-token-"));

  beforeAll(async () => {
    s = await startTestServer();
    t = await loginAll(s);
    token = createSoftToken(dir);
    const spki = generateTokenKey(token, LABEL);
    const publicKey = await crypto.subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
    const builder = new PkiBuilder({ crypto, now: () => new Date("2026-01-01T00:00:00Z") });
    const cert = await builder.certifyPublicKey(s.pki.ca, publicKey, { subject: "CN=Nguyễn Văn Chủ Tịch (token), C=VN" });
    storeTokenCertificate(token, LABEL, cert.certificate);
    fingerprint = cert.fingerprint;
    const reg = await request(s.app).post("/officials/o-chutich/certificates").set("authorization", `Bearer ${t.quantri}`).send({ certificate: cert.pem });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  });
  afterAll(() => s?.close());

  const sign = (payload: string, extra: string[], env: Record<string, string> = {}) =>
    run(process.execPath, [CLI, "sign", "--payload", payload, "--pkcs11", SOFTHSM_MODULE, "--slot", String(token.slot), "--key-label", LABEL, ...extra], {
      env: { ...process.env, SOFTHSM2_CONF: token.conf, ...env },
    });

  for (const format of ["jws", "raw"] as const) {
    it(`accepts a ${format} signature made on the token, with the certificate read from the token`, async () => {
      const id = await birthRegistration(s, t, "witnessed");
      const p = await request(s.app).get(`/cases/${id}/signing-payload`).set("authorization", `Bearer ${t.chutich}`);
      expect(p.status).toBe(200);
      const file = join(dir, `payload-${format}.json`);
      writeFileSync(file, JSON.stringify(p.body));
      const out = await sign(file, ["--pin-env", "TOKEN_PIN", "--format", format], { TOKEN_PIN: token.pin });
      const body = JSON.parse(out.stdout) as { signature: unknown; signedPayload: string };
      expect(body.signedPayload).toBe(p.body.canonical);
      const r = await request(s.app).post(`/cases/${id}/actions`).set("authorization", `Bearer ${t.chutich}`).send({ action: p.body.action, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.entry.signature.signer.fingerprint).toBe(fingerprint);
    });
  }

  it("says why it cannot sign: a wrong PIN, an unknown label, a missing PIN variable, an empty slot", async () => {
    const file = join(dir, "payload.json");
    writeFileSync(file, JSON.stringify({ canonical: "{}" }));
    const failure = (p: Promise<unknown>) => p.then(() => ({ code: 0, stderr: "" }), (e: { code: number; stderr: string }) => e);
    const wrongPin = await failure(sign(file, [], { MOTCUA_PIN: "000000" }));
    expect(wrongPin.code).toBe(1);
    expect(wrongPin.stderr).toMatch(/refused the PIN/);
    const noPin = await failure(run(process.execPath, [CLI, "sign", "--payload", file, "--pkcs11", SOFTHSM_MODULE, "--slot", String(token.slot), "--key-label", LABEL, "--pin-env", "NO_SUCH_VAR"], { env: { ...process.env, SOFTHSM2_CONF: token.conf } }));
    expect(noPin.code).toBe(1);
    expect(noPin.stderr).toMatch(/NO_SUCH_VAR/);
    const label = await failure(run(process.execPath, [CLI, "sign", "--payload", file, "--pkcs11", SOFTHSM_MODULE, "--slot", String(token.slot), "--key-label", "nobody"], { env: { ...process.env, SOFTHSM2_CONF: token.conf, MOTCUA_PIN: token.pin } }));
    expect(label.code).toBe(1);
    expect(label.stderr).toMatch(/no private key labelled "nobody"/);
    const slot = await failure(run(process.execPath, [CLI, "sign", "--payload", file, "--pkcs11", SOFTHSM_MODULE, "--slot", "4242", "--key-label", LABEL], { env: { ...process.env, SOFTHSM2_CONF: token.conf, MOTCUA_PIN: token.pin } }));
    expect(slot.code).toBe(1);
    expect(slot.stderr).toMatch(new RegExp(`no token in slot 4242 \\(initialised tokens are in slots: ${token.slot}\\)`));
  });
});

describe("command-line help", () => {
  for (const args of [["sign", "--help"], ["audit", "verify", "--help"]]) {
    it(`\`motcua ${args.join(" ")}\` prints its usage and exits 0`, async () => {
      const out = await run(process.execPath, [CLI, ...args]);
      expect(out.stdout).toMatch(/^usage: motcua /);
    });
  }
});
