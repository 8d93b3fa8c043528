// Interoperability with the tool officials' IT staff actually use: a signature made by
// `openssl dgst -sha256 -sign key.pem -out sig.bin payload.json` must verify, and ours
// must verify under `openssl dgst -verify`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, utf8 } from "../../engine/hash.js";
import { verifySignature } from "../../engine/signature/verify.js";
import { decodeBase64, encodeBase64, toPem } from "../../engine/signature/encoding.js";
import { AT, type Issued, type TestPki, createTestPki, rawSubmission, signRaw } from "../support/pki.js";

const OPENSSL = "/usr/bin/openssl";
const PAYLOAD = utf8(canonicalJson({ caseId: "HS-2025-000777", hoTen: "Nguyễn Thị Ánh", auditHead: "ab".repeat(32) }));

let pki: TestPki;
let dir: string;

beforeAll(async () => {
  pki = await createTestPki();
  dir = mkdtempSync(join(tmpdir(), "motcua-openssl-"));
  writeFileSync(join(dir, "payload.json"), PAYLOAD);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function opensslSign(signer: Issued, name: string): string {
  const key = join(dir, `${name}.key.pem`);
  const sig = join(dir, `${name}.sig`);
  writeFileSync(key, signer.keyPem, { mode: 0o600 });
  execFileSync(OPENSSL, ["dgst", "-sha256", "-sign", key, "-out", sig, join(dir, "payload.json")]);
  return encodeBase64(readFileSync(sig));
}

describe("openssl command-line interoperability", () => {
  it.each([
    ["RSA-2048", "rsa"],
    ["ECDSA P-256", "ec"],
  ] as const)("accepts a %s signature made by openssl dgst -sha256 -sign", async (_n, who) => {
    const signer = pki.officials[who];
    const signature = opensslSign(signer, who);
    const report = await verifySignature({
      payload: PAYLOAD,
      submission: rawSubmission(signer, signature, [pki.intermediate]),
      trust: pki.trust,
      at: AT,
      actorCertificates: [signer.fingerprint],
      crypto: globalThis.crypto,
    });
    expect(report.checks.filter((c) => c.result !== "PASSED")).toEqual([]);
    expect(report.indication).toBe("PASSED");
    if (who === "ec") expect(decodeBase64(signature)[0]).toBe(0x30); // DER, the conversion path was taken
  });

  it.each([
    ["RSA-2048", "rsa"],
    ["ECDSA P-256", "ec"],
  ] as const)("openssl verifies a %s raw signature as the test signer makes it", async (_n, who) => {
    const signer = pki.officials[who];
    const pub = join(dir, `${who}.pub.pem`);
    const sig = join(dir, `${who}.ours.sig`);
    const spki = new Uint8Array(await globalThis.crypto.subtle.exportKey("spki", signer.keys.publicKey));
    writeFileSync(pub, toPem(spki, "PUBLIC KEY"));
    writeFileSync(sig, decodeBase64(await signRaw(signer, PAYLOAD)));
    const out = execFileSync(OPENSSL, ["dgst", "-sha256", "-verify", pub, "-signature", sig, join(dir, "payload.json")]).toString();
    expect(out.trim()).toBe("Verified OK");
  });

  it("openssl parses the builder's certificates and CRLs", () => {
    const cert = join(dir, "official.pem");
    const crl = join(dir, "ca.crl.pem");
    writeFileSync(cert, pki.officials.rsa.pem);
    writeFileSync(crl, pki.crls.intermediate);
    const text = execFileSync(OPENSSL, ["x509", "-in", cert, "-noout", "-text"]).toString();
    expect(text).toMatch(/Digital Signature, Non Repudiation/);
    const crlText = execFileSync(OPENSSL, ["crl", "-in", crl, "-noout", "-text"]).toString();
    expect(crlText).toContain(pki.officials.revoked.serialNumber.toUpperCase());
  });

  it("openssl verify agrees with us on the fixture chain and CRLs", () => {
    const files = { root: pki.root.pem, inter: pki.intermediate.pem, crls: pki.crls.root + pki.crls.intermediate };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, `${name}.pem`), text);
    const run = (signer: Issued) => {
      writeFileSync(join(dir, "leaf.pem"), signer.pem);
      const args = ["verify", "-attime", String(Date.parse(AT) / 1000), "-CAfile", join(dir, "root.pem"), "-untrusted", join(dir, "inter.pem")];
      args.push("-crl_check_all", "-CRLfile", join(dir, "crls.pem"), join(dir, "leaf.pem"));
      try {
        return execFileSync(OPENSSL, args, { stdio: "pipe" }).toString();
      } catch (e) {
        return String((e as { stdout?: Buffer; stderr?: Buffer }).stderr ?? "") + String((e as { stdout?: Buffer }).stdout ?? "");
      }
    };
    expect(run(pki.officials.ec)).toContain("OK");
    expect(run(pki.officials.revoked)).toMatch(/revoked/);
    expect(run(pki.officials.expired)).toMatch(/expired/);
  });
});
