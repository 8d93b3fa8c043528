// The path-validation conformance suite (test/support/path-cases.ts): motcua must decide
// every case as RFC 5280 does, with the stated code. The same certificates and CRLs go
// through `openssl verify -x509_strict -crl_check_all` for comparison; where openssl decides
// otherwise the case is listed (README, "Certificate path validation"), and a change in that
// list fails the test so the README stays true.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCertificate } from "../../engine/signature/certificate.js";
import { loadCrls } from "../../engine/signature/crl.js";
import { validatePath } from "../../engine/signature/path-validation.js";
import { useCrypto } from "../../engine/signature/x509.js";
import { type Kit, type Material, PATH_CASES, createKit, material } from "../support/path-cases.js";

/** Cases where openssl 3.0 decides otherwise than RFC 5280 (and motcua); see the README. */
const OPENSSL_DISAGREES: string[] = [
  // A CRL signed by another certificate of the CA (re-key, separate CRL key, indirect CRL) and
  // CRLs partitioned by reasons need -extended_crl: refusing a valid signature.
  "valid: after a CA re-key the CRL is signed by the CA's new certificate under the same root",
  "valid: separate certificate-signing and CRL-signing keys of one CA (PKITS 4.4.19 shape)",
  "valid: root key rollover, CRL by the new root key, its NewWithOld cleared by the old key's ARL",
  // openssl judges a CRL listing as "revoked" whatever the revocation date and -attime.
  "valid: revoked only after the signing time",
  "valid: two CRLs partitioned by reasons together cover every reason",
  "valid: an indirect CRL (indirectCRL, the certificate's cRLIssuer) from another CA of the same root",
  // Accepting what must be refused: policy constraints are only checked with -policy_check, ...
  "requireExplicitPolicy with a signer asserting no acceptable policy",
  // ... SHA-1 certificate signatures pass at verify's default auth level (our policy refuses them), ...
  "signer certificate signed with SHA-1",
  // ... and a delta CRL alone is taken as a complete one.
  "only a delta CRL",
];
/** The same with -extended_crl (indirect CRLs, CRLs by another key of the CA, reason partitions). */
const OPENSSL_EXTENDED_DISAGREES: string[] = [
  "valid: revoked only after the signing time",
  "requireExplicitPolicy with a signer asserting no acceptable policy",
  "signer certificate signed with SHA-1",
];

let kit: Kit;
let dir: string;
const built = new Map<string, Material>();
const openssl = new Map<string, boolean>();
const extended = new Map<string, boolean>();

beforeAll(async () => {
  useCrypto(globalThis.crypto);
  kit = await createKit();
  dir = mkdtempSync(join(tmpdir(), "motcua-paths-"));
  for (const c of PATH_CASES) built.set(c.name, material(kit, await c.build(kit)));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  const agree = (m: Map<string, boolean>) => PATH_CASES.filter((c) => m.get(c.name) === (c.expect.indication === "PASSED")).length;
  console.log(`path conformance: ${PATH_CASES.length} cases; motcua agrees on ${PATH_CASES.length}, openssl verify -x509_strict -crl_check_all on ${agree(openssl)}, with -extended_crl on ${agree(extended)}`);
});

const der = (pem: string) => Uint8Array.from(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"));

function opensslVerifies(name: string, m: Material, flags: string[]): boolean {
  const base = join(dir, name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60));
  const file = (suffix: string, text: string) => (writeFileSync(`${base}.${suffix}`, text), `${base}.${suffix}`);
  const args = ["verify", "-x509_strict", "-crl_check_all", ...flags, "-attime", String(Math.floor(m.at.getTime() / 1000)), "-CAfile", file("anchors.pem", m.anchors.map((a) => a.pem).join(""))];
  if (m.intermediates.length) args.push("-untrusted", file("untrusted.pem", m.intermediates.map((c) => c.pem).join("")));
  if (m.crls.length) args.push("-CRLfile", file("crls.pem", m.crls.join("")));
  args.push(file("target.pem", m.target.pem));
  try {
    execFileSync("/usr/bin/openssl", args, { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

describe("path validation conformance", () => {
  it.each(PATH_CASES.map((c) => [c.name, c] as const))("%s", async (name, c) => {
    const m = built.get(name)!;
    const report = await validatePath({
      certificate: parseCertificate(der(m.target.pem)),
      anchors: m.anchors.map((a) => parseCertificate(der(a.pem))),
      intermediates: m.intermediates.map((i) => parseCertificate(der(i.pem))),
      crls: loadCrls(m.crls),
      ocsp: [],
      at: m.at,
      crypto: globalThis.crypto,
    });
    openssl.set(name, opensslVerifies(name, m, []));
    extended.set(name, opensslVerifies(name, m, ["-extended_crl"]));
    expect({ indication: report.indication, code: report.code }, JSON.stringify(report.checks, null, 1)).toEqual({ indication: c.expect.indication, code: c.expect.code });
  });

  it("openssl verify disagrees with RFC 5280 exactly on the documented cases", () => {
    const disagree = (m: Map<string, boolean>) => PATH_CASES.filter((c) => m.get(c.name) !== (c.expect.indication === "PASSED")).map((c) => c.name);
    expect(openssl.size).toBe(PATH_CASES.length);
    expect(disagree(openssl)).toEqual(OPENSSL_DISAGREES);
    expect(disagree(extended)).toEqual(OPENSSL_EXTENDED_DISAGREES);
  });
});
