// The classes of failure issue 12 measured, each through the signature checkpoint's own entry
// point (verifySignature), with certificates and CRLs built in the test: a revoked official's
// signature must never be taken and a valid one never refused. The material is the
// conformance suite's (test/support/path-cases.ts); the signer policy's extendedKeyUsage
// rules are tested here too, since only a signature has a signer policy.
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, utf8 } from "../../engine/hash.js";
import { verifySignature } from "../../engine/signature/verify.js";
import { EC_P256, type Issued, rawSubmission, signRaw } from "../support/pki.js";
import { type Kit, PATH_CASES, createKit, material } from "../support/path-cases.js";
import { KP } from "../../engine/signature/oids.js";

const PAYLOAD = utf8(canonicalJson({ caseId: "HS-2025-000900", auditHead: "01".repeat(32) }));
let kit: Kit;
beforeAll(async () => {
  kit = await createKit();
});

async function verifyCase(name: string) {
  const c = PATH_CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name}`);
  const m = material(kit, await c.build(kit));
  const report = await verifySignature({
    payload: PAYLOAD,
    submission: rawSubmission(m.target, await signRaw(m.target, PAYLOAD)),
    trust: { anchors: m.anchors.map((a) => a.pem), intermediates: m.intermediates.map((i) => i.pem), crls: m.crls },
    at: m.at.toISOString(),
    actorCertificates: [m.target.fingerprint],
    crypto: globalThis.crypto,
  });
  return { report, expected: c.expect };
}

const CLASSES: Array<[string, string[]]> = [
  ["a revoked certificate whose serial is negative in DER", ["revoked signer whose serial is negative in DER (ff12)", "valid: a negative serial number, not revoked"]],
  ["a CRL carrying an unknown critical extension, CRL- or entry-level", ["CRL with an unknown critical CRL extension", "CRL with an unknown critical entry extension"]],
  [
    "the scope of a CRL's issuingDistributionPoint",
    [
      "the signer's only CRL is scoped onlyContainsCACerts",
      "the CA's only CRL is scoped onlyContainsUserCerts",
      "the only CRL covers some reasons (onlySomeReasons keyCompromise)",
      "the IDP names another distribution point than the certificate's",
      "a newer CRL scoped to CA certificates does not clear the signer the full CRL revokes",
      "valid: the signer's CRL is scoped onlyContainsUserCerts",
      "valid: two CRLs partitioned by reasons together cover every reason",
      "an indirect CRL from another CA that is not marked indirectCRL",
      "valid: an indirect CRL (indirectCRL, the certificate's cRLIssuer) from another CA of the same root",
    ],
  ],
  [
    "a CRL signed by the CA's other key (rollover, separate CRL key)",
    [
      "valid: after a CA re-key the CRL is signed by the CA's new certificate under the same root",
      "valid: separate certificate-signing and CRL-signing keys of one CA (PKITS 4.4.19 shape)",
      "valid: root key rollover, CRL by the new root key, its NewWithOld cleared by the old key's ARL",
      "CRL signed by a same-named CA under another anchor",
      "after a CA key rollover, the new key's certificate is revoked",
    ],
  ],
  [
    "names that differ only in case or insignificant spaces (§7.1), for certificates and CRLs",
    [
      "valid: issuer name differs from the CA's subject in case only (§7.1)",
      "valid: issuer name differs in insignificant spaces (RFC 4518 §2.6.1)",
      "valid: issuer name as UTF8String, the CA's subject as PrintableString",
      "valid: CRL issuer name spelt in another case than the CA's subject",
      "names differ by a letter, not by case",
    ],
  ],
  ["self-issued intermediates and pathLenConstraint (§6.1.4 (l))", ["valid: a self-issued intermediate (CA key rollover) does not count against pathLenConstraint 0", "pathLenConstraint 0 exceeded by a sub-CA"]],
];

describe("issue 12's classes of failure, through verifySignature", () => {
  for (const [klass, names] of CLASSES) {
    describe(klass, () => {
      it.each(names)("%s", async (name) => {
        const { report, expected } = await verifyCase(name);
        expect({ indication: report.indication, code: report.code }, JSON.stringify(report.checks, null, 1)).toEqual({ indication: expected.indication, code: expected.code });
      });
    });
  }
});

describe("extendedKeyUsage of the signing certificate (signer policy)", () => {
  const { any: ANY, emailProtection: EMAIL, documentSigning: DOCUMENT_SIGNING, clientAuth: CLIENT_AUTH, serverAuth: SERVER_AUTH, timeStamping: TIME_STAMPING } = KP;

  async function withEku(eku: string[] | undefined) {
    const signer: Issued = await kit.ee(kit.ca, { key: EC_P256, keys: undefined, ...(eku ? { extendedKeyUsage: eku } : {}) });
    return verifySignature({
      payload: PAYLOAD,
      submission: rawSubmission(signer, await signRaw(signer, PAYLOAD)),
      trust: { anchors: [kit.root.pem], intermediates: [kit.ca.pem], crls: [kit.rootCrl, kit.caCrl] },
      at: "2025-07-10T03:00:00.000Z",
      actorCertificates: [signer.fingerprint],
      crypto: globalThis.crypto,
    });
  }

  it.each([
    ["no extendedKeyUsage", undefined],
    ["clientAuth + emailProtection (the Vietnamese public CAs' token profile)", [CLIENT_AUTH, EMAIL]],
    ["documentSigning (RFC 9336)", [DOCUMENT_SIGNING]],
    ["anyExtendedKeyUsage", [ANY]],
  ])("accepts %s", async (_n, eku) => {
    expect((await withEku(eku)).indication).toBe("PASSED");
  });

  it.each([
    ["clientAuth only (a login certificate)", [CLIENT_AUTH]],
    ["serverAuth only (a TLS certificate)", [SERVER_AUTH]],
    ["timeStamping only (a TSA's certificate)", [TIME_STAMPING]],
  ])("refuses %s with signature.extended_key_usage", async (_n, eku) => {
    const report = await withEku(eku);
    expect(report).toMatchObject({ indication: "FAILED", code: "signature.extended_key_usage" });
    expect(report.checks.find((c) => c.check === "keyUsage")).toMatchObject({ result: "FAILED", code: "signature.extended_key_usage" });
  });
});
