// Hostile input: verifySignature must answer FAILED `signature.malformed`, never throw,
// never pass. Plus the strict decoders every such input goes through.
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Bytes, utf8 } from "../../engine/hash.js";
import { verifySignature } from "../../engine/signature/verify.js";
import { ecdsaDerToRaw, ecdsaRawToDer } from "../../engine/signature/algorithms.js";
import { decodeBase64, decodeBase64Url, encodeBase64, encodeBase64Url, pemBlocks, toPem } from "../../engine/signature/encoding.js";
import type { VerificationReport } from "../../engine/signature/types.js";
import { AT, type TestPki, createTestPki, rawSubmission, signJws, signRaw } from "../support/pki.js";

const PAYLOAD = utf8('{"caseId":"HS-2025-000123"}');
let pki: TestPki;
let goodJws: string;
let goodRaw: string;

beforeAll(async () => {
  pki = await createTestPki();
  goodJws = await signJws(pki.officials.ec, PAYLOAD, { chain: [pki.intermediate] });
  goodRaw = await signRaw(pki.officials.ec, PAYLOAD);
});

function verify(submission: unknown, payload: unknown = PAYLOAD): Promise<VerificationReport> {
  return verifySignature({
    payload: payload as Uint8Array,
    submission: submission as never,
    trust: pki.trust,
    at: AT,
    actorCertificates: [pki.officials.ec.fingerprint],
    crypto: globalThis.crypto,
  });
}

const b64url = (text: string) => encodeBase64Url(utf8(text));
const header = (h: unknown) => b64url(JSON.stringify(h));

async function expectMalformed(submission: unknown, payload?: unknown): Promise<void> {
  const report = await verify(submission, payload);
  expect(report).toMatchObject({ indication: "FAILED", code: "signature.malformed" });
  expect(report.evidence).toBeUndefined();
}

describe("malformed submissions", () => {
  it("the fixtures themselves pass", async () => {
    expect((await verify({ format: "jws", jws: goodJws })).indication).toBe("PASSED");
    expect((await verify(rawSubmission(pki.officials.ec, goodRaw))).indication).toBe("PASSED");
  });

  it.each([
    ["null", null],
    ["a number", 42],
    ["a string", "eyJhbGciOiJFUzI1NiJ9..sig"],
    ["unknown format", { format: "xml", jws: "a..b" }],
    ["jws not a string", { format: "jws", jws: 123 }],
    ["jws missing", { format: "jws" }],
  ])("wrong types: %s", async (_n, submission) => {
    await expectMalformed(submission);
  });

  it("payload that is not bytes", async () => {
    await expectMalformed({ format: "jws", jws: goodJws }, "not bytes");
  });

  it.each([
    ["garbage", "garbage"],
    ["empty", ""],
    ["two parts", "a.b"],
    ["four parts", "a..b.c"],
    ["header not base64url", "!!!..AAAA"],
    ["header not JSON", `${b64url("not json")}..AAAA`],
    ["header is an array", `${b64url("[1]")}..AAAA`],
    ["header without alg", `${header({ x5c: ["AAAA"] })}..AAAA`],
    ["header without x5c", `${header({ alg: "ES256" })}..AAAA`],
    ["empty x5c", `${header({ alg: "ES256", x5c: [] })}..AAAA`],
    ["x5c not strings", `${header({ alg: "ES256", x5c: [1] })}..AAAA`],
    ["x5c garbage base64", `${header({ alg: "ES256", x5c: ["%%%"] })}..AAAA`],
    ["x5c base64 of garbage", `${header({ alg: "ES256", x5c: ["AAECAwQF"] })}..AAAA`],
    ["too many x5c", `${header({ alg: "ES256", x5c: Array(9).fill("AAAA") })}..AAAA`],
  ])("JWS: %s", async (_n, jws) => {
    await expectMalformed({ format: "jws", jws });
  });

  it("JWS with truncated certificate DER", async () => {
    const der = new Uint8Array(pki.officials.ec.certificate.rawData);
    const jws = `${header({ alg: "ES256", x5c: [encodeBase64(der.subarray(0, der.length - 10))] })}..${goodJws.split(".")[2]}`;
    await expectMalformed({ format: "jws", jws });
  });

  it("JWS with an embedded (non-detached) payload", async () => {
    const [h, , s] = goodJws.split(".");
    await expectMalformed({ format: "jws", jws: `${h}.${encodeBase64Url(PAYLOAD)}.${s}` });
  });

  it("JWS with garbage in the signature part", async () => {
    const [h] = goodJws.split(".");
    await expectMalformed({ format: "jws", jws: `${h}..not*base64url` });
    await expectMalformed({ format: "jws", jws: `${h}..` });
  });

  it("JWS whose ES256 signature is DER instead of r||s", async () => {
    const [h, , s] = goodJws.split(".");
    const der = ecdsaRawToDer(decodeBase64Url(s as string));
    await expectMalformed({ format: "jws", jws: `${h}..${encodeBase64Url(der)}` });
  });

  it.each([
    ["crit", { crit: ["b64"], b64: false }],
    ["b64 false", { b64: false }],
    ["x5t#S256 of another certificate", { "x5t#S256": "AAAA" }],
  ])("JWS header %s", async (_n, extra) => {
    const jws = await signJws(pki.officials.ec, PAYLOAD, { chain: [pki.intermediate], header: extra });
    await expectMalformed({ format: "jws", jws });
  });

  it("JWS header x5t#S256 of the right certificate is fine", async () => {
    const thumb = encodeBase64Url(sha256Bytes(new Uint8Array(pki.officials.ec.certificate.rawData)));
    const jws = await signJws(pki.officials.ec, PAYLOAD, { chain: [pki.intermediate], header: { "x5t#S256": thumb } });
    expect((await verify({ format: "jws", jws })).indication).toBe("PASSED");
  });

  it.each<[string, Record<string, unknown>]>([
    ["garbage base64 signature", { signature: "!!!not base64!!!" }],
    ["empty signature", { signature: "" }],
    ["signature not a string", { signature: 7 }],
    ["certificate not PEM", { certificate: "hello" }],
    ["certificate PEM of garbage", { certificate: toPem(utf8("garbage"), "CERTIFICATE") }],
    ["no certificate", { certificate: undefined }],
    ["two certificates", { certificate: "PEM2" }],
    ["chain not an array", { chain: "PEM" }],
    ["chain with garbage", { chain: ["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"] }],
  ])("raw: %s", async (_n, patch) => {
    const base = rawSubmission(pki.officials.ec, goodRaw) as Record<string, unknown>;
    const sub = { ...base, ...patch };
    if (sub.certificate === "PEM2") sub.certificate = pki.officials.ec.pem + pki.intermediate.pem;
    await expectMalformed(sub);
  });

  it("raw: truncated certificate DER", async () => {
    const der = new Uint8Array(pki.officials.ec.certificate.rawData);
    await expectMalformed({ ...rawSubmission(pki.officials.ec, goodRaw), certificate: toPem(der.subarray(0, 200), "CERTIFICATE") });
  });

  it("raw: an EC signature that is neither DER nor r||s", async () => {
    const report = await verify(rawSubmission(pki.officials.ec, encodeBase64(new Uint8Array(70).fill(0x30))));
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.malformed" });
  });

  it("raw: empty chain array is just no extra certificates", async () => {
    expect((await verify({ ...rawSubmission(pki.officials.ec, goodRaw), chain: [] })).indication).toBe("PASSED");
  });

  it("never throws and never passes on mutated JWS and raw submissions", async () => {
    let seed = 12345;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    for (let i = 0; i < 60; i++) {
      const chars = [...goodJws];
      const pos = rand(chars.length);
      const replacement = alphabet[rand(alphabet.length)] as string;
      if (chars[pos] === replacement) continue;
      chars[pos] = replacement;
      const report = await verify({ format: "jws", jws: chars.join("") });
      expect(report.indication, `mutation at ${pos}`).not.toBe("PASSED");
    }
    const sig = decodeBase64(goodRaw);
    for (let i = 0; i < 20; i++) {
      const mutated = sig.slice();
      const pos = rand(mutated.length);
      mutated[pos] = (mutated[pos] as number) ^ (1 + rand(255));
      const report = await verify(rawSubmission(pki.officials.ec, encodeBase64(mutated)));
      expect(report.indication).toBe("FAILED");
    }
  });

  it.each<[string, unknown]>([
    ["not an array", "MIIB"],
    ["an array of numbers", [1, 2]],
    ["more than eight responses", Array.from({ length: 9 }, () => "AAAA")],
  ])("stapled ocsp: %s is malformed", async (_n, ocsp) => {
    await expectMalformed({ ...rawSubmission(pki.officials.ec, goodRaw), ocsp });
  });

  it("stapled ocsp that is not an OCSP response vouches for nothing, and the CRLs still decide", async () => {
    const garbage = [encodeBase64(utf8("not DER")), encodeBase64(new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x00])), encodeBase64(new Uint8Array([0x30, 0x82, 0xff]))];
    const report = await verify({ ...rawSubmission(pki.officials.ec, goodRaw), ocsp: garbage });
    expect(report.indication).toBe("PASSED");
    expect(report.evidence?.ocsp).toBeUndefined();
    const noCrl = await verifySignature({ payload: PAYLOAD, submission: { ...rawSubmission(pki.officials.ec, goodRaw), ocsp: garbage }, trust: { ...pki.trust, crls: [] }, at: AT, actorCertificates: [pki.officials.ec.fingerprint], crypto: globalThis.crypto });
    expect(noCrl.code).toBe("signature.revocation_unknown");
  });

  it("hostile CRLs and certificates in the trust material or kept evidence never make a pass", async () => {
    const crl = decodeBase64(pki.crls.intermediate.replace(/-----[^-]+-----|\s/g, ""));
    let seed = 777;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 40; i++) {
      const mutated = crl.slice();
      const pos = rand(mutated.length);
      mutated[pos] = (mutated[pos] as number) ^ (1 + rand(255));
      const report = await verifySignature({
        payload: PAYLOAD,
        submission: rawSubmission(pki.officials.revoked, await signRaw(pki.officials.revoked, PAYLOAD)),
        trust: { ...pki.trust, crls: [pki.crls.root, encodeBase64(mutated)] },
        at: AT,
        actorCertificates: [pki.officials.revoked.fingerprint],
        crypto: globalThis.crypto,
      });
      // A damaged CRL of the issuer is unusable: the revoked certificate is never cleared.
      expect(report.indication, `mutation at ${pos}`).not.toBe("PASSED");
    }
  });

  it("callers' bugs do throw: an invalid time", async () => {
    await expect(
      verifySignature({ payload: PAYLOAD, submission: { format: "jws", jws: goodJws }, trust: pki.trust, at: "yesterday", actorCertificates: [], crypto: globalThis.crypto }),
    ).rejects.toThrow(TypeError);
  });
});

describe("encodings", () => {
  it("base64 decodes strictly and tolerates line breaks", () => {
    expect(decodeBase64("aGVs\nbG8=")).toEqual(utf8("hello"));
    for (const bad of ["aGVsbG8", "aGVs*G8=", "aGVsbG9=", "=aGVs", "aGVsbG8=="]) expect(() => decodeBase64(bad), bad).toThrow(TypeError);
  });

  it("base64url decodes strictly", () => {
    expect(decodeBase64Url(encodeBase64Url(utf8("hello?>")))).toEqual(utf8("hello?>"));
    for (const bad of ["aGVsbG8=", "a+b/", "a"]) expect(() => decodeBase64Url(bad), bad).toThrow(TypeError);
  });

  it("PEM round trip", () => {
    const der = Uint8Array.from({ length: 100 }, (_, i) => i);
    expect(pemBlocks(toPem(der, "CERTIFICATE"), "CERTIFICATE")).toEqual([der]);
    expect(pemBlocks(toPem(der, "X509 CRL"), "CERTIFICATE")).toEqual([]);
  });

  it("ECDSA DER <-> r||s", () => {
    const raw = Uint8Array.from({ length: 64 }, (_, i) => (i === 0 || i === 32 ? 0x80 : i));
    const der = ecdsaRawToDer(raw);
    expect(ecdsaDerToRaw(der)).toEqual(raw);
    const small = new Uint8Array(64);
    small[31] = 1;
    small[63] = 2;
    expect(ecdsaDerToRaw(ecdsaRawToDer(small))).toEqual(small);
    expect(Array.from(ecdsaRawToDer(small))).toEqual([0x30, 6, 2, 1, 1, 2, 1, 2]);
  });

  it.each([
    ["trailing byte", [0x30, 6, 2, 1, 1, 2, 1, 2, 0]],
    ["truncated", [0x30, 6, 2, 1, 1, 2, 1]],
    ["negative r", [0x30, 6, 2, 1, 0x81, 2, 1, 2]],
    ["non-minimal r", [0x30, 7, 2, 2, 0, 1, 2, 1, 2]],
    ["extra element", [0x30, 9, 2, 1, 1, 2, 1, 2, 2, 1, 3]],
    ["wrong tag", [0x31, 6, 2, 1, 1, 2, 1, 2]],
    ["huge length", [0x30, 0x84, 0xff, 0xff, 0xff, 0xff]],
    ["r too long", [0x30, 39, 2, 33, 1, ...Array(32).fill(1), 2, 1, 2]],
    ["empty", []],
  ])("ECDSA DER refuses %s", (_n, bytes) => {
    expect(() => ecdsaDerToRaw(Uint8Array.from(bytes))).toThrow(TypeError);
  });
});
