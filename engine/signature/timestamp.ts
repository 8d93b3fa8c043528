// The `timestamp` check: an RFC 3161 timestamp token over the signature value, the evidence
// that lets an auditor re-validate a signature "as of" its signing time decades later, after
// the certificate has expired and its CRLs have gone stale. A token is accepted when:
//  - it is CMS SignedData of an id-ct-TSTInfo whose messageImprint (SHA-256/384/512) is the
//    hash of exactly the signature value submitted;
//  - its one SignerInfo has signed attributes with the right contentType and messageDigest and
//    an ESS signingCertificate(V2) naming the TSA certificate (RFC 3161 §2.4.1, RFC 5816), and
//    its signature verifies with that certificate's key;
//  - the TSA certificate carries extendedKeyUsage id-kp-timeStamping only, critical (§2.3),
//    and passes path validation at genTime (same trust anchors, revocation included);
//  - genTime is within TIMESTAMP_TOLERANCE of the signing time the server recorded, so a
//    server cannot backdate a step: the time comes from a third party.
import { ContentInfo, SignedData, type SignerInfo } from "@peculiar/asn1-cms";
import * as asn1js from "asn1js";
import { TSTInfo } from "@peculiar/asn1-tsp";
import type { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import type { CheckResult, TimestampEvidence } from "./types.js";
import { type Cert, certificateInfo, certificatePem, describe, parseCertificate } from "./certificate.js";
import { bytes, bytesEqual, decode, derInteger, encode, hex, objectIdentifier, octetString } from "./asn1.js";
import { nameKey } from "./name.js";
import { decodeBase64 } from "./encoding.js";
import { DIGESTS, STRONG_DIGESTS, digest, signedDataProblem } from "./signed-data.js";
import { ID_SIGNING_CERTIFICATE, ID_SIGNING_CERTIFICATE_V2, SigningCertificate, SigningCertificateV2 } from "./ess.js";
import { validatePath } from "./path-validation.js";
import type { TrustMaterial } from "./validation.js";
import type { Crl } from "./crl.js";
import { crlPem } from "./crl.js";
import { type Ocsp, ocspBase64 } from "./ocsp.js";
import { failed, passed } from "./report.js";
import { ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SIGNED_DATA, ID_TST_INFO, KP, SHA256 } from "./oids.js";
import { KeyUsageFlags } from "./x509.js";

const EKU = "2.5.29.37";
const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
const RSA_WITH: Record<string, string> = { "SHA-256": "1.2.840.113549.1.1.11", "SHA-384": "1.2.840.113549.1.1.12", "SHA-512": "1.2.840.113549.1.1.13" };
/** How far the TSA's genTime may be from the time the server recorded for the step. */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

export interface TimestampInput {
  /** base64 DER TimeStampToken. */
  token: unknown;
  /** The signature value that must have been timestamped. */
  signature: Uint8Array;
  trust: TrustMaterial;
  crls: Crl[];
  ocsp: Ocsp[];
  /** The step's time. */
  at: Date;
  crypto: Crypto;
}

export interface TimestampResult {
  check: CheckResult;
  evidence?: TimestampEvidence;
}

export async function checkTimestamp(input: TimestampInput): Promise<TimestampResult> {
  const fail = (detail: string): TimestampResult => ({ check: failed("timestamp", "signature.timestamp_invalid", detail) });
  let token: ParsedToken;
  try {
    if (typeof input.token !== "string") throw new TypeError("the token must be base64 DER");
    token = parseToken(decodeBase64(input.token));
  } catch (e) {
    return fail(`the timestamp token cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const imprintHash = DIGESTS[token.tst.messageImprint.hashAlgorithm.algorithm];
  if (!imprintHash || !STRONG_DIGESTS.has(imprintHash)) return fail("the timestamp's messageImprint uses a weak or unknown hash");
  const expected = await digest(imprintHash, input.signature, input.crypto);
  if (!bytesEqual(bytes(token.tst.messageImprint.hashedMessage.buffer), expected)) return fail("the timestamp is over another value than this signature");
  const genTime = token.tst.genTime;
  if (Math.abs(genTime.getTime() - input.at.getTime()) > TIMESTAMP_TOLERANCE_MS) {
    return fail(`the timestamp's time ${genTime.toISOString()} is more than ${TIMESTAMP_TOLERANCE_MS / 60_000} minutes from the step's ${input.at.toISOString()}`);
  }

  const tsa = await findSigner(token, input.trust, input.crypto);
  if (typeof tsa === "string") return fail(tsa);
  const eku = tsa.extensions.find((e) => e.id === EKU);
  if (!eku?.critical || tsa.extendedKeyUsage?.length !== 1 || tsa.extendedKeyUsage[0] !== KP.timeStamping) {
    return fail(`${describe(tsa)} is not a timestamp authority certificate (extendedKeyUsage must be id-kp-timeStamping only, critical)`);
  }
  if (tsa.keyUsage !== undefined && !(tsa.keyUsage & (KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation))) return fail(`${describe(tsa)} may not make signatures (keyUsage)`);

  const path = await validatePath({
    certificate: tsa,
    anchors: input.trust.anchors,
    intermediates: [...token.certs, ...input.trust.intermediates],
    crls: [...input.trust.crls, ...input.crls],
    ocsp: input.ocsp,
    at: genTime,
    crypto: input.crypto,
  });
  if (path.indication !== "PASSED" || !path.path) {
    const bad = path.checks.find((c) => c.result !== "PASSED");
    return { check: { ...failed("timestamp", "signature.timestamp_invalid", `the TSA certificate ${describe(tsa)} does not validate at ${genTime.toISOString()}: ${bad?.code ?? ""} ${bad?.detail ?? ""}`.trim()) } };
  }
  const evidence: TimestampEvidence = {
    token: input.token as string,
    genTime: genTime.toISOString(),
    tsa: certificateInfo(tsa),
    chain: path.path.map(certificatePem),
    crls: path.used.crls.map(crlPem),
    ...(path.used.ocsp.length ? { ocsp: path.used.ocsp.map(ocspBase64) } : {}),
    ...(path.used.certs.length ? { certificates: path.used.certs.map(certificatePem) } : {}),
  };
  return { check: passed("timestamp", `timestamped at ${genTime.toISOString()} by ${describe(tsa)}`), evidence };
}

interface ParsedToken {
  tst: TSTInfo;
  tstDer: Uint8Array;
  signer: SignerInfo;
  /** The SignerInfo's signed attributes exactly as received ([0] IMPLICIT SET OF), which the signature covers. */
  signedAttrs?: Uint8Array;
  certs: Cert[];
}

function parseToken(der: Uint8Array): ParsedToken {
  const info = decode(der, ContentInfo, "TimeStampToken");
  if (info.contentType !== ID_SIGNED_DATA) throw new TypeError("not CMS SignedData");
  const sd = decode(info.content, SignedData, "SignedData");
  if (sd.encapContentInfo.eContentType !== ID_TST_INFO) throw new TypeError("the content is not a TSTInfo");
  const e = sd.encapContentInfo.eContent;
  const tstDer = e?.single ? bytes(e.single.buffer) : e?.any ? octetString(e.any) : undefined;
  if (!tstDer) throw new TypeError("no TSTInfo content");
  if (sd.signerInfos.length !== 1) throw new TypeError(`expected one SignerInfo, found ${sd.signerInfos.length}`);
  const certs = (sd.certificates ?? []).flatMap((c) => (c.certificate ? [parseCertificate(encode(c.certificate))] : []));
  const signedAttrs = signedAttributesOf(bytes(info.content));
  return { tst: decode(tstDer, TSTInfo, "TSTInfo"), tstDer, signer: sd.signerInfos[0] as SignerInfo, ...(signedAttrs ? { signedAttrs } : {}), certs };
}

/**
 * The raw signed attributes of the (only) SignerInfo: re-encoding the decoded attributes could
 * differ from what was signed, so they are cut out of the DER (SignedData's last element is
 * the SET of SignerInfos; in a SignerInfo they are the element tagged [0]).
 */
function signedAttributesOf(signedData: Uint8Array): Uint8Array | undefined {
  const parsed = asn1js.fromBER(signedData);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return undefined;
  const infos = parsed.result.valueBlock.value.at(-1);
  if (!(infos instanceof asn1js.Set)) return undefined;
  const info = infos.valueBlock.value[0];
  if (!(info instanceof asn1js.Sequence)) return undefined;
  const attrs = info.valueBlock.value.find((v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 0);
  return attrs ? bytes(attrs.valueBeforeDecodeView) : undefined;
}

/** Identifies the TSA certificate and checks the SignerInfo's attributes and signature. */
async function findSigner(token: ParsedToken, trust: TrustMaterial, crypto: Crypto): Promise<Cert | string> {
  const si = token.signer;
  const attrs = si.signedAttrs;
  if (!attrs || !token.signedAttrs) return "the timestamp has no signed attributes";
  const attr = (id: string) => attrs.find((a) => a.attrType === id)?.attrValues[0];
  const contentType = attr(ID_CONTENT_TYPE);
  if (!contentType || objectIdentifier(contentType) !== ID_TST_INFO) return "the signed contentType is not id-ct-TSTInfo";
  const hash = DIGESTS[si.digestAlgorithm.algorithm];
  if (!hash || !STRONG_DIGESTS.has(hash)) return "the timestamp is signed with a weak or unknown digest";
  const messageDigest = attr(ID_MESSAGE_DIGEST);
  if (!messageDigest || !bytesEqual(octetString(messageDigest), await digest(hash, token.tstDer, crypto))) return "the signed messageDigest does not match the TSTInfo";

  const candidates = [...token.certs, ...trust.intermediates, ...trust.anchors].filter((c) => identifies(si, c));
  const cert = candidates[0];
  if (!cert) return "the TSA certificate is neither in the token nor in the trust store";
  const ess = await essProblem(attr(ID_SIGNING_CERTIFICATE_V2), attr(ID_SIGNING_CERTIFICATE), cert, crypto);
  if (ess) return ess;
  // The signature covers the DER SET OF the signed attributes, not their [0] IMPLICIT encoding (RFC 5652 §5.4).
  const signedBytes = token.signedAttrs.slice();
  signedBytes[0] = 0x31;
  const problem = await signedDataProblem(signedBytes, signatureAlgorithm(si.signatureAlgorithm, hash), bytes(si.signature.buffer), cert, crypto);
  return problem ? `the timestamp's signature by ${describe(cert)}: ${problem}` : cert;
}

function identifies(si: SignerInfo, c: Cert): boolean {
  const sid = si.sid;
  if (sid.subjectKeyIdentifier) return c.subjectKeyId === hex(bytes(sid.subjectKeyIdentifier.buffer));
  const ias = sid.issuerAndSerialNumber;
  return !!ias && derInteger(ias.serialNumber) === c.serial && c.issuerKey === nameKey(ias.issuer);
}

async function essProblem(v2: ArrayBuffer | undefined, v1: ArrayBuffer | undefined, cert: Cert, crypto: Crypto): Promise<string | undefined> {
  if (v2) {
    const first = decode(v2, SigningCertificateV2, "signingCertificateV2").certs[0];
    const hash = first ? DIGESTS[first.hashAlgorithm?.algorithm ?? SHA256] : undefined;
    if (!first || !hash || !STRONG_DIGESTS.has(hash)) return "the signingCertificateV2 attribute names no certificate with an accepted hash";
    return bytesEqual(bytes(first.certHash), await digest(hash, cert.der, crypto)) ? undefined : `the signingCertificateV2 attribute names another certificate than ${describe(cert)}`;
  }
  if (v1) {
    const first = decode(v1, SigningCertificate, "signingCertificate").certs[0];
    // ESSCertID is SHA-1 by definition; it identifies a certificate, it does not sign anything.
    return first && bytesEqual(bytes(first.certHash), await digest("SHA-1", cert.der, crypto)) ? undefined : `the signingCertificate attribute names another certificate than ${describe(cert)}`;
  }
  return "the timestamp has no ESS signingCertificate attribute naming its TSA certificate";
}

/** CMS writes rsaEncryption with the hash in digestAlgorithm (RFC 3370 §3.2); name the combined algorithm. */
function signatureAlgorithm(alg: AlgorithmIdentifier, hash: string): AlgorithmIdentifier {
  if (alg.algorithm !== RSA_ENCRYPTION) return alg;
  const combined = RSA_WITH[hash];
  return combined ? ({ ...alg, algorithm: combined } as AlgorithmIdentifier) : alg;
}

/** The certificates a token carries (the server fetches OCSP for the TSA's path before the call); [] when unreadable. */
export function tokenCertificates(token: string): Cert[] {
  try {
    return parseToken(decodeBase64(token)).certs;
  } catch {
    return [];
  }
}
