// Registering an official's certificate: refused up front for every reason a signature
// with it would be refused later (binding aside).
import { beforeAll, describe, expect, it } from "vitest";
import { checkCertificateForRegistration } from "../../engine/signature/registration.js";
import { AT, type Issued, KeyUsageFlags, type TestPki, createTestPki } from "../support/pki.js";

let pki: TestPki;
let extra: Record<"nonRepudiationOnly" | "digitalSignatureOnly" | "noKeyUsage" | "caWithSigning", Issued>;

beforeAll(async () => {
  pki = await createTestPki();
  const make = (subject: string, opts: { keyUsage?: number | null; ca?: boolean }) =>
    pki.builder.createEndEntity(pki.intermediate, {
      subject,
      keys: pki.officials.ec.keys,
      notBefore: new Date("2025-01-01T00:00:00Z"),
      notAfter: new Date("2027-01-01T00:00:00Z"),
      ...opts,
    });
  extra = {
    nonRepudiationOnly: await make("CN=Only nonRepudiation", { keyUsage: KeyUsageFlags.nonRepudiation }),
    digitalSignatureOnly: await make("CN=Only digitalSignature", { keyUsage: KeyUsageFlags.digitalSignature }),
    noKeyUsage: await make("CN=No keyUsage", { keyUsage: null }),
    caWithSigning: await make("CN=CA that signs", { keyUsage: KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign, ca: true }),
  };
});

const register = (pem: string, at = AT) => checkCertificateForRegistration(pem, pki.trust, at, globalThis.crypto);

describe("checkCertificateForRegistration", () => {
  it.each(["rsa", "ec"] as const)("accepts a valid %s certificate", async (who) => {
    const report = await register(pki.officials[who].pem);
    expect(report.checks.filter((c) => c.result !== "PASSED")).toEqual([]);
    expect(report.indication).toBe("PASSED");
    expect(report.checks.map((c) => c.check)).toEqual(["format", "crypto", "chain", "time", "revocation", "keyUsage"]);
  });

  it("accepts nonRepudiation alone and digitalSignature alone", async () => {
    expect((await register(extra.nonRepudiationOnly.pem)).indication).toBe("PASSED");
    expect((await register(extra.digitalSignatureOnly.pem)).indication).toBe("PASSED");
  });

  it.each([
    ["expired", "expired", "FAILED", "signature.certificate_expired"],
    ["not yet valid", "notYetValid", "FAILED", "signature.certificate_not_yet_valid"],
    ["revoked", "revoked", "FAILED", "signature.certificate_revoked"],
    ["keyCertSign only", "certSignOnly", "FAILED", "signature.key_usage"],
    ["under a self-made root", "underForeignRoot", "FAILED", "signature.chain_incomplete"],
    ["under an unknown intermediate", "underUnlistedCa", "FAILED", "signature.chain_incomplete"],
    ["issuer without CRL", "underNoCrlCa", "INDETERMINATE", "signature.revocation_unknown"],
    ["P-384 key", "p384", "FAILED", "signature.unsupported_algorithm"],
    ["RSA-1024 key", "rsa1024", "FAILED", "signature.unsupported_algorithm"],
  ] as const)("refuses a certificate %s", async (_n, who, indication, code) => {
    expect(await register(pki.officials[who].pem)).toMatchObject({ indication, code });
  });

  it("refuses a self-signed certificate that is not an anchor", async () => {
    expect(await register(pki.foreignRoot.pem)).toMatchObject({ indication: "FAILED", code: "signature.untrusted_root" });
  });

  it("refuses a certificate without keyUsage, and a CA certificate even if it may sign", async () => {
    expect((await register(extra.noKeyUsage.pem)).code).toBe("signature.key_usage");
    expect((await register(extra.caWithSigning.pem)).code).toBe("signature.key_usage");
  });

  it("judges validity at the registration time given", async () => {
    expect((await register(pki.officials.ec.pem, "2027-02-01T00:00:00.000Z")).code).toBe("signature.certificate_expired");
  });

  it.each([
    ["garbage", "garbage"],
    ["empty", ""],
    ["not a string", 42],
    ["two certificates", "TWO"],
  ])("refuses malformed input: %s", async (_n, input) => {
    const pem = input === "TWO" ? pki.officials.ec.pem + pki.intermediate.pem : input;
    expect(await register(pem as string)).toMatchObject({ indication: "FAILED", code: "signature.malformed" });
  });
});
