// RFC 3161 timestamps over signature values: tokens from a real `openssl ts -reply` TSA
// behind a local HTTP endpoint, and from the in-process development TSA (which
// `openssl ts -verify` must accept too), judged by the engine.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KP } from "../../engine/signature/oids.js";
import { canonicalJson, utf8 } from "../../engine/hash.js";
import { verifySignature } from "../../engine/signature/verify.js";
import { reverify } from "../../engine/signature/reverify.js";
import { signatureValueOf } from "../../engine/signature/submission.js";
import type { SignatureSubmission, TrustStore, VerificationReport } from "../../engine/signature/types.js";
import { requestTimestamp, TimestampUnavailable } from "../../server/pki/tsa-client.js";
import { type DevTsa, startDevTsa, timestampReply } from "../../server/pki/dev-tsa.js";
import { EC_P256, type Issued, KeyUsageFlags, PkiBuilder, rawSubmission, signRaw } from "../support/pki.js";
import { type TestTsa, startTsa } from "../support/openssl-tsa.js";

const TIME_STAMPING = KP.timeStamping;
const PAYLOAD = utf8(canonicalJson({ caseId: "HS-2026-000777", auditHead: "ef".repeat(32) }));
const b = new PkiBuilder({ crypto: globalThis.crypto });
let ca: Issued;
let signer: Issued;
let trust: TrustStore;
let submission: SignatureSubmission;
let tsaCert: Issued;
let opensslTsa: TestTsa;
let devTsa: DevTsa;
const dir = mkdtempSync(join(tmpdir(), "motcua-ts-"));

const tsaOptions = (extra: { extendedKeyUsageCritical?: boolean } = {}) => ({
  subject: "CN=Test Timestamp Authority, O=Test, C=VN",
  key: EC_P256,
  keyUsage: KeyUsageFlags.digitalSignature,
  extendedKeyUsage: [TIME_STAMPING],
  extendedKeyUsageCritical: true,
  ...extra,
});

beforeAll(async () => {
  ca = await b.createRootCa({ subject: "CN=Timestamp Test CA, O=Test, C=VN", key: EC_P256 });
  signer = await b.createEndEntity(ca, { subject: "CN=Chu Tich, C=VN", key: EC_P256 });
  tsaCert = await b.createEndEntity(ca, tsaOptions());
  const crl = await b.createCrl(ca, { thisUpdate: new Date(Date.now() - 3_600_000), nextUpdate: new Date(Date.now() + 30 * 86_400_000) });
  trust = { anchors: [ca.pem], intermediates: [], crls: [crl.pem] };
  submission = rawSubmission(signer, await signRaw(signer, PAYLOAD));
  opensslTsa = await startTsa({ tsa: tsaCert, chain: [tsaCert, ca] });
  devTsa = await startDevTsa({ certPem: tsaCert.pem, privateKey: tsaCert.keys.privateKey, chainPems: [ca.pem], clock: () => new Date(), crypto: globalThis.crypto });
}, 30_000);

afterAll(async () => {
  await opensslTsa?.stop();
  await devTsa?.close();
  rmSync(dir, { recursive: true, force: true });
});

function verify(timestamp: string, opts: { at?: Date; sub?: SignatureSubmission; trust?: TrustStore } = {}): Promise<VerificationReport> {
  return verifySignature({
    payload: PAYLOAD,
    submission: opts.sub ?? submission,
    trust: opts.trust ?? trust,
    at: (opts.at ?? new Date()).toISOString(),
    actorCertificates: [signer.fingerprint],
    crypto: globalThis.crypto,
    timestamp,
  });
}

const stamp = (url: string, value = signatureValueOf(submission)) => requestTimestamp(value, { url, timeoutMs: 5000 });
const timestampCheck = (r: VerificationReport) => r.checks.find((c) => c.check === "timestamp");

/** A token from the TSA at `url` is refused with signature.timestamp_invalid, for the reason named; the TSA is stopped after. */
async function expectTokenRefused(url: string, stop: () => Promise<void>, because: string): Promise<void> {
  try {
    const report = await verify(await stamp(url));
    expect(report.code).toBe("signature.timestamp_invalid");
    expect(timestampCheck(report)?.detail).toContain(because);
  } finally {
    await stop();
  }
}

describe("RFC 3161 timestamps over the signature value", () => {
  it.each([
    ["openssl ts -reply (ESS signingCertificateV2)", () => opensslTsa.url],
    ["the development TSA", () => devTsa.url],
  ])("a token from %s passes and is kept with the TSA's chain and CRL", async (_name, url) => {
    const token = await stamp(url());
    const report = await verify(token);
    expect(report.checks.filter((c) => c.result !== "PASSED")).toEqual([]);
    const ts = report.evidence!.timestamp!;
    expect(ts.token).toBe(token);
    expect(ts.tsa.fingerprint).toBe(tsaCert.fingerprint);
    expect(ts.chain).toHaveLength(2);
    expect(ts.crls).toHaveLength(1);
    expect(Math.abs(Date.parse(ts.genTime) - Date.now())).toBeLessThan(60_000);
  });

  it("a token with the original ESS signingCertificate (SHA-1 certificate hash) passes", async () => {
    const v1 = await startTsa({ tsa: tsaCert, chain: [tsaCert, ca], essCertIdAlg: "sha1" });
    try {
      expect((await verify(await stamp(v1.url))).indication).toBe("PASSED");
    } finally {
      await v1.stop();
    }
  });

  it("openssl ts -verify accepts the development TSA's token", async () => {
    const value = signatureValueOf(submission);
    const reply = await timestampReply(await tsQuery(value), { certPem: tsaCert.pem, privateKey: tsaCert.keys.privateKey, chainPems: [ca.pem], clock: () => new Date(), crypto: globalThis.crypto }, 77n);
    writeFileSync(join(dir, "reply.tsr"), reply);
    writeFileSync(join(dir, "value.bin"), value);
    writeFileSync(join(dir, "ca.pem"), ca.pem);
    const out = execFileSync("/usr/bin/openssl", ["ts", "-verify", "-in", join(dir, "reply.tsr"), "-data", join(dir, "value.bin"), "-CAfile", join(dir, "ca.pem")]).toString();
    expect(out).toContain("Verification: OK");
  });

  it("a token over another signature value is refused", async () => {
    const token = await stamp(opensslTsa.url, new Uint8Array([1, 2, 3]));
    const report = await verify(token);
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.timestamp_invalid" });
    expect(timestampCheck(report)?.detail).toContain("another value");
  });

  it("a token far from the step's time is refused (a server cannot backdate a step)", async () => {
    const token = await stamp(opensslTsa.url);
    const report = await verify(token, { at: new Date(Date.now() - 3_600_000) });
    expect(report.code).toBe("signature.timestamp_invalid");
  });

  it("a TSA whose timeStamping purpose is not critical is refused (RFC 3161 §2.3)", async () => {
    // openssl ts -reply will not even sign with such a certificate; the development TSA does.
    const soft = await b.createEndEntity(ca, tsaOptions({ extendedKeyUsageCritical: false }));
    const tsa = await startDevTsa({ certPem: soft.pem, privateKey: soft.keys.privateKey, chainPems: [ca.pem], clock: () => new Date(), crypto: globalThis.crypto });
    await expectTokenRefused(tsa.url, () => tsa.close(), "id-kp-timeStamping");
  });

  it("a TSA outside the trust anchors is refused", async () => {
    const other = await b.createRootCa({ subject: "CN=Unknown TSA Root, C=VN", key: EC_P256 });
    const stranger = await b.createEndEntity(other, tsaOptions());
    const tsa = await startTsa({ tsa: stranger, chain: [stranger, other] });
    await expectTokenRefused(tsa.url, () => tsa.stop(), "does not validate");
  });

  it("a malformed token is refused, never thrown", async () => {
    expect((await verify("bm90IGEgdG9rZW4=")).code).toBe("signature.timestamp_invalid");
  });

  it("an unreachable or failing TSA is reported as unavailable", async () => {
    await expect(requestTimestamp(new Uint8Array([1]), { url: "http://127.0.0.1:9/tsa", timeoutMs: 2000 })).rejects.toBeInstanceOf(TimestampUnavailable);
    opensslTsa.mode = "http-500";
    await expect(stamp(opensslTsa.url)).rejects.toBeInstanceOf(TimestampUnavailable);
    opensslTsa.mode = "garbage";
    await expect(stamp(opensslTsa.url)).rejects.toBeInstanceOf(TimestampUnavailable);
    opensslTsa.mode = "ok";
  });

  it("offline: the evidence re-verifies with only the anchor, and a moved verifiedAt fails", async () => {
    const report = await verify(await stamp(devTsa.url));
    const evidence = JSON.parse(JSON.stringify(report.evidence));
    expect((await reverify(evidence, PAYLOAD, [ca.pem], globalThis.crypto)).indication).toBe("PASSED");
    const backdated = { ...evidence, verifiedAt: new Date(Date.parse(evidence.verifiedAt) - 10 * 60_000).toISOString() };
    expect((await reverify(backdated, PAYLOAD, [ca.pem], globalThis.crypto)).code).toBe("signature.timestamp_invalid");
    const der = Buffer.from(evidence.timestamp.token, "base64");
    der.writeUInt8(der[der.length - 10]! ^ 0x01, der.length - 10);
    const altered = { ...evidence, timestamp: { ...evidence.timestamp, token: der.toString("base64") } };
    expect((await reverify(altered, PAYLOAD, [ca.pem], globalThis.crypto)).code).toBe("signature.timestamp_invalid");
  });
});

/** A DER TimeStampReq for `value` (what the server's client sends), via openssl ts -query. */
async function tsQuery(value: Uint8Array): Promise<Uint8Array> {
  writeFileSync(join(dir, "q.bin"), value);
  execFileSync("/usr/bin/openssl", ["ts", "-query", "-data", join(dir, "q.bin"), "-sha256", "-cert", "-out", join(dir, "q.tsq")]);
  return new Uint8Array(readFileSync(join(dir, "q.tsq")));
}
