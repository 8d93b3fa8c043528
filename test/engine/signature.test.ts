// Signature verification with a real PKI: real keys, certificates, CRLs and signatures.
// Tests assert codes and indications, never message text (except the revocation date,
// which the clerk must see).
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex, utf8 } from "../../engine/hash.js";
import { verifySignature } from "../../engine/signature/verify.js";
import { reverify } from "../../engine/signature/reverify.js";
import type { SignatureSubmission, TrustStore, VerificationReport } from "../../engine/signature/types.js";
import { encodeBase64 } from "../../engine/signature/encoding.js";
import { AT, EC_P256, type Issued, type TestPki, createTestPki, rawSubmission, signJws, signRaw } from "../support/pki.js";

const PAYLOAD = utf8(
  canonicalJson({
    caseId: "HS-2025-000123",
    procedure: "dang-ky-khai-sinh@1",
    dataHash: sha256Hex("data"),
    auditHead: sha256Hex("head"),
  }),
);

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});

interface Options {
  trust?: TrustStore;
  at?: string;
  actor?: string[];
  payload?: Uint8Array;
}

function verify(signer: Issued, submission: SignatureSubmission, opts: Options = {}): Promise<VerificationReport> {
  return verifySignature({
    payload: opts.payload ?? PAYLOAD,
    submission,
    trust: opts.trust ?? pki.trust,
    at: opts.at ?? AT,
    actorCertificates: opts.actor ?? [signer.fingerprint],
    crypto: globalThis.crypto,
  });
}

async function raw(signer: Issued, opts: Options & { chain?: Issued[] } = {}): Promise<VerificationReport> {
  return verify(signer, rawSubmission(signer, await signRaw(signer, PAYLOAD), opts.chain), opts);
}

async function jws(signer: Issued, opts: Options & { chain?: Issued[]; alg?: string } = {}): Promise<VerificationReport> {
  const chain = opts.chain ?? [pki.intermediate];
  return verify(signer, { format: "jws", jws: await signJws(signer, PAYLOAD, { chain, ...(opts.alg ? { alg: opts.alg } : {}) }) }, opts);
}

/** PEM to its base64 body, so PEMs compare whatever their line breaks. */
function der(pem: string): string {
  return pem.replace(/-----[A-Z0-9 ]+-----/g, "").replace(/\s+/g, "");
}

function check(report: VerificationReport, name: string) {
  return report.checks.find((c) => c.check === name);
}

function expectPassed(report: VerificationReport): void {
  expect(report.checks.filter((c) => c.result !== "PASSED")).toEqual([]);
  expect(report.indication).toBe("PASSED");
  expect(report.code).toBeUndefined();
}

describe("accepts valid signatures", () => {
  it.each([
    ["RSA-2048 raw (PKCS#1 v1.5)", "rsa", "raw", "RS256"],
    ["ECDSA P-256 raw (DER, as openssl writes it)", "ec", "raw", "ES256"],
    ["RSA-2048 detached JWS RS256", "rsa", "jws", "RS256"],
    ["ECDSA P-256 detached JWS ES256", "ec", "jws", "ES256"],
  ] as const)("%s", async (_name, who, format, algorithm) => {
    const signer = pki.officials[who];
    const report = format === "raw" ? await raw(signer) : await jws(signer);
    expectPassed(report);
    expect(report.checks.map((c) => c.check)).toEqual(["format", "crypto", "chain", "time", "revocation", "keyUsage", "binding"]);
    const evidence = report.evidence!;
    expect(evidence.algorithm).toBe(algorithm);
    expect(evidence.chain.map(der)).toEqual([signer.pem, pki.intermediate.pem, pki.root.pem].map(der));
    expect(evidence.crls.map(der)).toEqual([pki.crls.intermediate, pki.crls.root].map(der));
    expect(evidence.signer.fingerprint).toBe(signer.fingerprint);
    expect(evidence.signer.serialNumber).toBe(signer.serialNumber.toLowerCase());
    expect(evidence.payloadDigest).toBe(sha256Hex(PAYLOAD));
    expect(evidence.verifiedAt).toBe(AT);
  });

  it("ECDSA raw signature given as 64-byte r||s", async () => {
    const signer = pki.officials.ec;
    expectPassed(await verify(signer, rawSubmission(signer, await signRaw(signer, PAYLOAD, { ecdsa: "p1363" }))));
  });

  it("JWS PS256 with an RSA key", async () => {
    expectPassed(await jws(pki.officials.rsa, { alg: "PS256" }));
  });

  it("completes the chain from the trust store when the signer sends no intermediate", async () => {
    expectPassed(await jws(pki.officials.ec, { chain: [] }));
  });

  it("uses an intermediate the signer sends along when the trust store lacks it", async () => {
    const signer = pki.officials.underUnlistedCa;
    const crl = await pki.builder.createCrl(pki.unlistedCa, { thisUpdate: new Date("2025-07-01T00:00:00Z"), nextUpdate: new Date("2025-08-01T00:00:00Z") });
    const trust = { ...pki.trust, crls: [...pki.trust.crls, crl.pem] };
    expectPassed(await raw(signer, { chain: [pki.unlistedCa], trust }));
    expectPassed(await jws(signer, { chain: [pki.unlistedCa], trust }));
  });

  it("trusts any of several anchors (re-keyed roots)", async () => {
    const trust = { ...pki.trust, anchors: [pki.foreignRoot.pem, pki.root.pem] };
    expectPassed(await raw(pki.officials.ec, { trust }));
  });

  it("a certificate revoked after the signing time does not invalidate the signature", async () => {
    const report = await raw(pki.officials.revokedLater);
    expectPassed(report);
    expect(check(report, "revocation")?.detail).toContain("2025-07-20");
    // ...but one made after the revocation is refused.
    const later = await raw(pki.officials.revokedLater, { at: "2025-07-25T00:00:00.000Z" });
    expect(later.code).toBe("signature.certificate_revoked");
  });
});

describe("refuses each failure with its own code", () => {
  it("expired certificate", async () => {
    const report = await raw(pki.officials.expired);
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.certificate_expired" });
    expect(check(report, "time")).toMatchObject({ result: "FAILED", code: "signature.certificate_expired" });
    expect(report.evidence).toBeUndefined();
  });

  it("certificate not yet valid", async () => {
    const report = await jws(pki.officials.notYetValid);
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.certificate_not_yet_valid" });
  });

  it("revoked certificate, with the revocation date in the detail", async () => {
    const report = await raw(pki.officials.revoked);
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.certificate_revoked" });
    expect(check(report, "revocation")?.detail).toContain("revoked on 2025-07-03");
  });

  it("revoked intermediate (on the root's CRL) refuses its officials", async () => {
    const rootCrl = await pki.builder.createCrl(pki.root, {
      thisUpdate: new Date("2025-07-02T00:00:00Z"),
      nextUpdate: new Date("2025-08-02T00:00:00Z"),
      revoked: [{ serialNumber: pki.intermediate.serialNumber, revocationDate: new Date("2025-07-02T00:00:00Z") }],
    });
    const trust = { ...pki.trust, crls: [rootCrl.pem, pki.crls.intermediate] };
    expect((await raw(pki.officials.ec, { trust })).code).toBe("signature.certificate_revoked");
  });

  it("untrusted root: the chain ends at a self-signed certificate that is not an anchor", async () => {
    const report = await jws(pki.officials.underForeignRoot, { chain: [pki.foreignRoot] });
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.untrusted_root" });
    expect(check(report, "revocation")?.result).toBe("INDETERMINATE");
  });

  it("untrusted root: a look-alike CA with the anchor's name but another key", async () => {
    const fakeRoot = await pki.builder.createRootCa({ subject: pki.root.subject, key: EC_P256 });
    const fakeCa = await pki.builder.createIntermediateCa(fakeRoot, { subject: pki.intermediate.subject, key: EC_P256 });
    const signer = await pki.builder.createEndEntity(fakeCa, { subject: "CN=Tran Thi Binh", keys: pki.officials.ec.keys });
    expect((await raw(signer, { chain: [fakeCa] })).code).toBe("signature.untrusted_root");
    expect((await raw(signer, { chain: [fakeCa, fakeRoot] })).code).toBe("signature.untrusted_root");
  });

  it("issuer not a CA: a certificate issued by an official's (non-CA) certificate", async () => {
    const signer = await pki.builder.createEndEntity(pki.officials.ec, { subject: "CN=Sub-official", keys: pki.officials.other.keys });
    expect((await raw(signer, { chain: [pki.officials.ec] })).code).toBe("signature.issuer_not_ca");
  });

  it("path length exceeded: a sub-CA beyond the issuing CA's path length constraint (0)", async () => {
    const subCa = await pki.builder.createIntermediateCa(pki.intermediate, { subject: "CN=Sub CA", key: EC_P256 });
    const signer = await pki.builder.createEndEntity(subCa, { subject: "CN=Under sub CA", keys: pki.officials.ec.keys });
    const report = await raw(signer, { chain: [subCa] });
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.path_length_exceeded", subIndication: "CHAIN_CONSTRAINTS_FAILURE" });
    expect(check(report, "chain")?.detail).toContain("path length");
  });

  it("expired intermediate", async () => {
    const oldCa = await pki.builder.createIntermediateCa(pki.root, {
      subject: "CN=Old Issuing CA",
      key: EC_P256,
      notBefore: new Date("2020-06-01T00:00:00Z"),
      notAfter: new Date("2025-06-01T00:00:00Z"),
    });
    const signer = await pki.builder.createEndEntity(oldCa, { subject: "CN=Under old CA", keys: pki.officials.ec.keys });
    const crl = await pki.builder.createCrl(oldCa, { thisUpdate: new Date("2025-07-01T00:00:00Z"), nextUpdate: new Date("2025-08-01T00:00:00Z") });
    const report = await raw(signer, { chain: [oldCa], trust: { ...pki.trust, crls: [...pki.trust.crls, crl.pem] } });
    expect(report.code).toBe("signature.certificate_expired");
  });

  it("missing intermediate", async () => {
    const report = await raw(pki.officials.underUnlistedCa);
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.chain_incomplete" });
    expect(check(report, "chain")).toMatchObject({ result: "FAILED", code: "signature.chain_incomplete" });
  });

  it("certificate that only allows keyCertSign", async () => {
    const report = await raw(pki.officials.certSignOnly);
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.key_usage" });
  });

  it("certificate of another official", async () => {
    const report = await raw(pki.officials.other, { actor: [pki.officials.ec.fingerprint] });
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.signer_mismatch" });
    expect(check(report, "crypto")?.result).toBe("PASSED");
  });

  it("payload modified by one byte", async () => {
    const signer = pki.officials.ec;
    const tampered = PAYLOAD.slice();
    tampered[20] = (tampered[20] as number) ^ 0x01;
    for (const submission of [
      rawSubmission(signer, await signRaw(signer, PAYLOAD)),
      { format: "jws" as const, jws: await signJws(signer, PAYLOAD, { chain: [pki.intermediate] }) },
    ]) {
      const report = await verify(signer, submission, { payload: tampered });
      expect(report).toMatchObject({ indication: "FAILED", code: "signature.invalid" });
      expect(check(report, "chain")?.result).toBe("PASSED");
    }
    const rsa = pki.officials.rsa;
    expect((await verify(rsa, rawSubmission(rsa, await signRaw(rsa, PAYLOAD)), { payload: tampered })).code).toBe("signature.invalid");
  });

  it("signature made with another key than the certificate's", async () => {
    const signer = pki.officials.ec;
    const signature = await signRaw(pki.officials.other, PAYLOAD);
    expect((await verify(signer, rawSubmission(signer, signature))).code).toBe("signature.invalid");
  });

  it.each([
    ["ECDSA P-384 key", "p384", undefined],
    ["RSA-1024 key", "rsa1024", undefined],
    ["JWS alg ES384", "ec", "ES384"],
    ["JWS alg RS512", "rsa", "RS512"],
    ["JWS alg none", "ec", "none"],
    ["JWS alg HS256", "ec", "HS256"],
    ["JWS alg EdDSA", "ec", "EdDSA"],
  ] as const)("unsupported algorithm: %s", async (_name, who, alg) => {
    const signer = pki.officials[who];
    const report = alg ? await jws(signer, { alg }) : await raw(signer);
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.unsupported_algorithm" });
    expect(check(report, "crypto")?.code).toBe("signature.unsupported_algorithm");
    if (!alg) expect((await jws(signer)).code).toBe("signature.unsupported_algorithm");
  });

  it("unsupported algorithm: Ed25519 key", async () => {
    const keys = (await globalThis.crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const signer = await pki.builder.createEndEntity(pki.intermediate, { subject: "CN=Ed25519 official", keys, notBefore: new Date("2025-01-01T00:00:00Z") });
    const signature = new Uint8Array(await globalThis.crypto.subtle.sign("Ed25519", keys.privateKey, PAYLOAD.slice()));
    const report = await verify(signer, rawSubmission(signer, encodeBase64(signature)));
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.unsupported_algorithm" });
  });

  it("JWS alg that does not fit the key", async () => {
    const signer = pki.officials.ec;
    const token = await signJws(signer, PAYLOAD, { chain: [pki.intermediate], alg: "RS256" });
    expect((await verify(signer, { format: "jws", jws: token })).code).toBe("signature.invalid");
  });

  it("certificate signed by its CA with SHA-1", async () => {
    const signer = await pki.builder.createEndEntity(pki.intermediate, {
      subject: "CN=Tran Thi Binh (sha1)",
      keys: pki.officials.ec.keys,
      signatureHash: "SHA-1",
      notBefore: new Date("2025-01-01T00:00:00Z"),
    });
    expect((await raw(signer)).code).toBe("signature.unsupported_algorithm");
  });
});

describe("revocation data", () => {
  it("no CRL from the issuer: INDETERMINATE, never a pass", async () => {
    const report = await raw(pki.officials.underNoCrlCa);
    expect(report).toMatchObject({ indication: "INDETERMINATE", code: "signature.revocation_unknown" });
    expect(check(report, "revocation")?.result).toBe("INDETERMINATE");
    expect(report.evidence).toBeUndefined();
  });

  it("no CRLs at all", async () => {
    const report = await raw(pki.officials.ec, { trust: { ...pki.trust, crls: [] } });
    expect(report).toMatchObject({ indication: "INDETERMINATE", code: "signature.revocation_unknown" });
  });

  it("the intermediate needs the root's CRL too", async () => {
    const report = await raw(pki.officials.ec, { trust: { ...pki.trust, crls: [pki.crls.intermediate] } });
    expect(report.code).toBe("signature.revocation_unknown");
  });

  it("a CRL signed by the wrong key is ignored", async () => {
    const forger = await pki.builder.generateKeys(EC_P256);
    const forged = await pki.builder.createCrl(pki.intermediate, {
      thisUpdate: new Date("2025-07-06T00:00:00Z"),
      signingKeys: forger,
      revoked: [{ serialNumber: pki.officials.ec.serialNumber, revocationDate: new Date("2025-07-01T00:00:00Z") }],
    });
    // Alone it proves nothing either way...
    const alone = await raw(pki.officials.ec, { trust: { ...pki.trust, crls: [pki.crls.root, forged.pem] } });
    expect(alone.code).toBe("signature.revocation_unknown");
    // ...and next to the genuine CRL it cannot revoke anybody.
    const both = await raw(pki.officials.ec, { trust: { ...pki.trust, crls: [...pki.trust.crls, forged.pem] } });
    expectPassed(both);
    expect(both.evidence?.crls.map(der)).not.toContain(der(forged.pem));
  });

  it("a CRL published after the signing time, or stale at it, does not count", async () => {
    const future = await raw(pki.officials.ec, { at: "2025-07-04T00:00:00.000Z" });
    expect(future.code).toBe("signature.revocation_unknown");
    const stale = await raw(pki.officials.ec, { at: "2025-08-10T00:00:00.000Z" });
    expect(stale.code).toBe("signature.revocation_unknown");
  });

  it("accepts CRLs as bare base64 DER", async () => {
    const trust = { ...pki.trust, crls: pki.trust.crls.map(der) };
    expectPassed(await raw(pki.officials.ec, { trust }));
  });
});

describe("precedence of the reported code", () => {
  it("follows format, crypto, chain, time, revocation, keyUsage, binding among failures", async () => {
    // expired AND someone else's AND payload tampered: crypto comes first
    const tampered = utf8("{}");
    const signer = pki.officials.expired;
    const report = await verify(signer, rawSubmission(signer, await signRaw(signer, PAYLOAD)), { payload: tampered, actor: [] });
    expect(report.code).toBe("signature.invalid");
    expect(report.checks.filter((c) => c.result === "FAILED").map((c) => c.code)).toEqual([
      "signature.invalid",
      "signature.certificate_expired",
      "signature.signer_mismatch",
    ]);
    expect((await raw(signer, { actor: [] })).code).toBe("signature.certificate_expired");
  });

  it("a FAILED check decides over an INDETERMINATE one", async () => {
    const report = await raw(pki.officials.underNoCrlCa, { actor: [pki.officials.ec.fingerprint] });
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.signer_mismatch" });
    expect(check(report, "revocation")?.result).toBe("INDETERMINATE");
  });
});

describe("reverify (offline audit)", () => {
  it("re-verifies stored evidence at the original time, after a JSON round trip", async () => {
    const report = await jws(pki.officials.rsa);
    const evidence = JSON.parse(JSON.stringify(report.evidence));
    const again = await reverify(evidence, PAYLOAD, [pki.root.pem], globalThis.crypto);
    expect(again.indication).toBe("PASSED");
    expect(again.checks.map((c) => c.check)).toContain("payload");
    expect(again.evidence?.chain).toEqual(evidence.chain);
  });

  it("reports a different payload as payload_mismatch", async () => {
    const report = await raw(pki.officials.ec);
    const again = await reverify(report.evidence!, utf8("another payload"), [pki.root.pem], globalThis.crypto);
    expect(again).toMatchObject({ indication: "FAILED", code: "signature.payload_mismatch" });
  });

  it("refuses when the auditor no longer trusts the root", async () => {
    const report = await raw(pki.officials.ec);
    const again = await reverify(report.evidence!, PAYLOAD, [pki.foreignRoot.pem], globalThis.crypto);
    expect(again.code).toBe("signature.untrusted_root");
  });

  it("does not throw on tampered evidence", async () => {
    const report = await raw(pki.officials.ec);
    const broken = { ...report.evidence!, verifiedAt: "yesterday", submission: { format: "raw" } } as never;
    const again = await reverify(broken, PAYLOAD, [pki.root.pem], globalThis.crypto);
    expect(again.indication).toBe("FAILED");
    expect(await reverify(null as never, PAYLOAD, [pki.root.pem], globalThis.crypto)).toMatchObject({ indication: "FAILED" });
  });
});
