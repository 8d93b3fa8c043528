// OCSP (RFC 6960) as revocation evidence, against real `openssl ocsp` responders started by
// the test: the server-side client fetches from the responder named in the certificate's
// authorityInfoAccess (server/pki/ocsp-client.ts), the engine judges the answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KP } from "../../engine/signature/oids.js";
import { canonicalJson, utf8 } from "../../engine/hash.js";
import { verifySignature } from "../../engine/signature/verify.js";
import { reverify } from "../../engine/signature/reverify.js";
import { parseCertificates } from "../../engine/signature/certificate.js";
import type { TrustStore, VerificationReport } from "../../engine/signature/types.js";
import { fetchOcspForPath } from "../../server/pki/ocsp-client.js";
import { EC_P256, type Issued, KeyUsageFlags, PkiBuilder, rawSubmission, signRaw } from "../support/pki.js";
import { type Responder, startOcspResponder } from "../support/openssl-ocsp.js";

const OCSP_SIGNING = KP.ocspSigning;
const PAYLOAD = utf8(canonicalJson({ caseId: "HS-2026-000042", auditHead: "cd".repeat(32) }));
const now = new Date();
const notAfter = new Date(now.getTime() + 365 * 86_400_000);
const SERIAL = { good: "5a01", revoked: "5a02", unknown: "5a03", rogue: "5a04", noEku: "5a05", down: "5a06" };

const b = new PkiBuilder({ crypto: globalThis.crypto });
let ca: Issued;
let trust: TrustStore;
const responders: Responder[] = [];
const officials: Record<keyof typeof SERIAL, Issued> = {} as never;

beforeAll(async () => {
  ca = await b.createRootCa({ subject: "CN=OCSP Test CA, O=Ban Co yeu Chinh phu, C=VN", key: EC_P256 });
  const other = await b.createRootCa({ subject: "CN=Some Other CA, C=VN", key: EC_P256 });
  const delegated = await b.createEndEntity(ca, { subject: "CN=OCSP Responder, C=VN", key: EC_P256, keyUsage: KeyUsageFlags.digitalSignature, extendedKeyUsage: [OCSP_SIGNING], ocspNoCheck: true });
  const rogue = await b.createEndEntity(other, { subject: "CN=OCSP Responder, C=VN", key: EC_P256, keyUsage: KeyUsageFlags.digitalSignature, extendedKeyUsage: [OCSP_SIGNING], ocspNoCheck: true });
  const noEku = await b.createEndEntity(ca, { subject: "CN=Not a responder, C=VN", key: EC_P256, keyUsage: KeyUsageFlags.digitalSignature });
  const entry = (serial: string) => ({ serial, notAfter });
  const main = await startOcspResponder({
    ca,
    signer: delegated,
    nextUpdateMinutes: 60,
    entries: [entry(SERIAL.good), { ...entry(SERIAL.revoked), revokedAt: new Date(now.getTime() - 86_400_000), reason: "keyCompromise" }],
  });
  const byRogue = await startOcspResponder({ ca, signer: rogue, nextUpdateMinutes: 60, entries: [entry(SERIAL.rogue)], args: ["-resp_key_id"] });
  const byNoEku = await startOcspResponder({ ca, signer: noEku, nextUpdateMinutes: 60, entries: [entry(SERIAL.noEku)] });
  responders.push(main, byRogue, byNoEku);
  const official = (serial: string, url: string) => b.createEndEntity(ca, { subject: `CN=Official ${serial}, C=VN`, key: EC_P256, serialNumber: serial, ocspUrl: url });
  officials.good = await official(SERIAL.good, main.url);
  officials.revoked = await official(SERIAL.revoked, main.url);
  officials.unknown = await official(SERIAL.unknown, main.url);
  officials.rogue = await official(SERIAL.rogue, byRogue.url);
  officials.noEku = await official(SERIAL.noEku, byNoEku.url);
  // Nothing listens on port 9 (discard) here: a responder that is down.
  officials.down = await official(SERIAL.down, "http://127.0.0.1:9/");
  trust = { anchors: [ca.pem], intermediates: [], crls: [] };
}, 30_000);

afterAll(async () => {
  await Promise.all(responders.map((r) => r.stop()));
});

async function fetched(signer: Issued) {
  const [cert] = parseCertificates(signer.pem);
  return fetchOcspForPath(cert!, [], parseCertificates(ca.pem), { timeoutMs: 3000 });
}

async function verify(signer: Issued, ocsp: string[], opts: { at?: Date; trust?: TrustStore } = {}): Promise<VerificationReport> {
  return verifySignature({
    payload: PAYLOAD,
    submission: rawSubmission(signer, await signRaw(signer, PAYLOAD)),
    trust: opts.trust ?? trust,
    at: (opts.at ?? new Date()).toISOString(),
    actorCertificates: [signer.fingerprint],
    crypto: globalThis.crypto,
    revocation: { ocsp },
  });
}

const revocation = (r: VerificationReport) => r.checks.find((c) => c.check === "revocation");

describe("OCSP from the responder in the certificate's authorityInfoAccess", () => {
  it("good: the signature passes on OCSP alone (no CRL), and the response is kept in the evidence", async () => {
    const { responses, errors } = await fetched(officials.good);
    expect(errors).toEqual([]);
    expect(responses).toHaveLength(1);
    const report = await verify(officials.good, responses);
    expect(report.checks.filter((c) => c.result !== "PASSED")).toEqual([]);
    expect(report.evidence?.ocsp).toEqual(responses);
    expect(report.evidence?.crls).toEqual([]);
  });

  it("revoked: refused with the revocation date from the response", async () => {
    const report = await verify(officials.revoked, (await fetched(officials.revoked)).responses);
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.certificate_revoked" });
    expect(revocation(report)?.detail).toContain(new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10));
  });

  it("unknown: a serial the responder does not know is INDETERMINATE", async () => {
    const report = await verify(officials.unknown, (await fetched(officials.unknown)).responses);
    expect(report).toMatchObject({ indication: "INDETERMINATE", code: "signature.revocation_unknown" });
    expect(revocation(report)?.detail).toContain("status unknown");
  });

  it("a response signed by a responder of another CA is not believed", async () => {
    const report = await verify(officials.rogue, (await fetched(officials.rogue)).responses);
    expect(report).toMatchObject({ indication: "INDETERMINATE", code: "signature.revocation_unknown" });
    expect(revocation(report)?.detail).toContain("was not issued by");
  });

  it("a response signed by a certificate of the CA without id-kp-OCSPSigning is not believed", async () => {
    const report = await verify(officials.noEku, (await fetched(officials.noEku)).responses);
    expect(report).toMatchObject({ indication: "INDETERMINATE", code: "signature.revocation_unknown" });
    expect(revocation(report)?.detail).toContain("not authorised");
  });

  it("a stale response (past its nextUpdate at the signing time) does not count", async () => {
    const { responses } = await fetched(officials.good);
    const report = await verify(officials.good, responses, { at: new Date(Date.now() + 2 * 3_600_000) });
    expect(report).toMatchObject({ indication: "INDETERMINATE", code: "signature.revocation_unknown" });
    expect(revocation(report)?.detail).toContain("stale");
  });

  it("a good response for one certificate says nothing about another", async () => {
    const { responses } = await fetched(officials.good);
    expect((await verify(officials.unknown, responses)).code).toBe("signature.revocation_unknown");
  });

  it("responder down: reported, never a pass; a current CRL still decides", async () => {
    const { responses, errors } = await fetched(officials.down);
    expect(responses).toEqual([]);
    expect(errors[0]).toContain("127.0.0.1:9");
    expect((await verify(officials.down, responses)).code).toBe("signature.revocation_unknown");
    const crl = await b.createCrl(ca, { thisUpdate: new Date(Date.now() - 60_000), nextUpdate: notAfter });
    const withCrl = await verify(officials.down, responses, { trust: { ...trust, crls: [crl.pem] } });
    expect(withCrl.indication).toBe("PASSED");
  });

  it("kept OCSP evidence re-verifies offline at the signing time, after the response went stale", async () => {
    const { responses } = await fetched(officials.good);
    const report = await verify(officials.good, responses);
    const evidence = JSON.parse(JSON.stringify(report.evidence));
    // reverify runs at the recorded verifiedAt, whatever today's date: the response was current then.
    const again = await reverify(evidence, PAYLOAD, [ca.pem], globalThis.crypto);
    expect(again.indication).toBe("PASSED");
    const tampered = { ...evidence, ocsp: [] };
    expect((await reverify(tampered, PAYLOAD, [ca.pem], globalThis.crypto)).code).toBe("signature.revocation_unknown");
  });
});
