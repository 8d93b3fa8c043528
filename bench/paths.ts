// Certificate path validation cost: validatePath over the 65 cases of the conformance suite
// (test/support/path-cases.ts: chains of 2-4 certificates, CRL scopes, rollover signers), and
// the offline re-verification of one signature's evidence with and without an RFC 3161
// timestamp (what `motcua audit verify` pays per signed entry).
import { pathToFileURL } from "node:url";
import { webcrypto } from "node:crypto";
import { parseCertificate } from "../engine/signature/certificate.js";
import { loadCrls } from "../engine/signature/crl.js";
import { type PathValidationInput, validatePath } from "../engine/signature/path-validation.js";
import { verifySignature } from "../engine/signature/verify.js";
import { reverify } from "../engine/signature/reverify.js";
import { signatureValueOf } from "../engine/signature/submission.js";
import { useCrypto } from "../engine/signature/x509.js";
import { canonicalJson, utf8 } from "../engine/hash.js";
import { PATH_CASES, createKit, material } from "../test/support/path-cases.js";
import { EC_P256, KeyUsageFlags, PkiBuilder, rawSubmission, signRaw } from "../test/support/pki.js";
import { timestampReply } from "../server/pki/dev-tsa.js";
import { KP, SHA256 } from "../engine/signature/oids.js";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { MessageImprint, TimeStampReq, TimeStampResp } from "@peculiar/asn1-tsp";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";

const crypto = webcrypto as unknown as Crypto;

async function perSecond(fn: () => Promise<unknown>, minMs = 2000): Promise<number> {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    await fn();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

export async function benchPaths(): Promise<Record<string, string | number>> {
  useCrypto(crypto);
  const kit = await createKit();
  const der = (pem: string) => Uint8Array.from(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
  const inputs: PathValidationInput[] = [];
  for (const c of PATH_CASES) {
    const m = material(kit, await c.build(kit));
    inputs.push({ certificate: parseCertificate(der(m.target.pem)), anchors: m.anchors.map((a) => parseCertificate(der(a.pem))), intermediates: m.intermediates.map((i) => parseCertificate(der(i.pem))), crls: loadCrls(m.crls), ocsp: [], at: m.at, crypto });
  }
  let k = 0;
  await perSecond(() => validatePath(inputs[k++ % inputs.length]!), 300);
  const paths = await perSecond(() => validatePath(inputs[k++ % inputs.length]!));

  // One signature's evidence, re-verified offline: CRL only, then with a timestamp token.
  const b = new PkiBuilder({ crypto });
  const ca = await b.createRootCa({ subject: "CN=Bench CA, C=VN", key: EC_P256 });
  const signer = await b.createEndEntity(ca, { subject: "CN=Bench Signer, C=VN", key: EC_P256 });
  const tsa = await b.createEndEntity(ca, { subject: "CN=Bench TSA, C=VN", key: EC_P256, keyUsage: KeyUsageFlags.digitalSignature, extendedKeyUsage: [KP.timeStamping], extendedKeyUsageCritical: true });
  const crl = await b.createCrl(ca, { thisUpdate: new Date(Date.now() - 60_000) });
  const payload = utf8(canonicalJson({ caseId: "HS-BENCH", auditHead: "00".repeat(32) }));
  const submission = rawSubmission(signer, await signRaw(signer, payload));
  const imprint = new Uint8Array(await crypto.subtle.digest("SHA-256", signatureValueOf(submission)));
  const req = new TimeStampReq({ messageImprint: new MessageImprint({ hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256 }), hashedMessage: new OctetString(imprint) }), certReq: true });
  const reply = await timestampReply(new Uint8Array(AsnConvert.serialize(req)), { certPem: tsa.pem, privateKey: tsa.keys.privateKey, chainPems: [ca.pem], clock: () => new Date(), crypto }, 1n);
  const token = Buffer.from(AsnConvert.serialize(AsnConvert.parse(reply, TimeStampResp).timeStampToken)).toString("base64");
  const at = new Date().toISOString();
  const base = { payload, submission, trust: { anchors: [ca.pem], intermediates: [], crls: [crl.pem] }, at, actorCertificates: [signer.fingerprint], crypto };
  const plain = (await verifySignature(base)).evidence!;
  const stamped = (await verifySignature({ ...base, timestamp: token })).evidence!;
  if (!stamped.timestamp) throw new Error("the bench token did not verify");
  const reverifyPlain = await perSecond(() => reverify(plain, payload, [ca.pem], crypto));
  const reverifyStamped = await perSecond(() => reverify(stamped, payload, [ca.pem], crypto));
  return {
    "validatePath, conformance material (65 cases), validations/s": Math.round(paths),
    "reverify one signature's evidence (chain + CRL), /s": Math.round(reverifyPlain),
    "reverify with an RFC 3161 timestamp (+ TSA chain and CRL), /s": Math.round(reverifyStamped),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await benchPaths());
}
