// OCSP responses (RFC 6960) as revocation evidence: parsed with @peculiar/asn1-ocsp, judged
// here. A response speaks for a certificate only when (§4.2.2.2, §3.2):
//  - one of its SingleResponses names the certificate: the CertID's issuer name and key
//    hashes are those of the issuer in the path and the serial is the same integer;
//  - it is signed by that issuer's key, or by a responder certificate the issuer signed
//    directly with extendedKeyUsage id-kp-OCSPSigning, valid at the validation time and
//    either id-pkix-ocsp-nocheck or not revoked by the issuer's CRL;
//  - it is current: thisUpdate no later than the validation time (plus clock skew), and
//    nextUpdate not before it (without nextUpdate: thisUpdate at most MAX_AGE old);
//  - it carries no critical extension we do not understand.
// The engine never fetches: the server fetches from the responder in the certificate's
// authorityInfoAccess, or the signer staples responses to the submission, before the call.
import { BasicOCSPResponse, OCSPResponse, OCSPResponseStatus, type SingleResponse, id_pkix_ocsp_basic } from "@peculiar/asn1-ocsp";
import { type Cert, describe, parseCertificate } from "./certificate.js";
import { bytes, bytesEqual, decode, derInteger, encode } from "./asn1.js";
import { decodeBase64, encodeBase64 } from "./encoding.js";
import { DIGESTS, digest, signedDataProblem } from "./signed-data.js";
import { certSignedBy, type SignatureMemo } from "./issuer-signature.js";
import { KeyUsageFlags } from "./x509.js";
import { KP } from "./oids.js";

/** Extensions a response or SingleResponse may mark critical that we understand (nonce, CRL reference, archive cutoff, CRL entry extensions). */
const UNDERSTOOD = new Set(["1.3.6.1.5.5.7.48.1.2", "1.3.6.1.5.5.7.48.1.3", "1.3.6.1.5.5.7.48.1.6", "1.3.6.1.5.5.7.48.1.9", "2.5.29.21", "2.5.29.24", "2.5.29.29"]);
/** Responder and server clocks differ; a response "from the future" by less than this is current. */
export const OCSP_CLOCK_SKEW_MS = 5 * 60_000;
/** A response without nextUpdate (openssl's default) counts for this long after thisUpdate. */
export const OCSP_MAX_AGE_MS = 60 * 60_000;

export interface Ocsp {
  der: Uint8Array;
  basic: BasicOCSPResponse;
  tbs: Uint8Array;
  producedAt: Date;
  /** Certificates the responder included (its own, usually). */
  certs: Cert[];
  nonce?: Uint8Array;
  unknownCritical: string[];
}

/** Parses one DER OCSPResponse; throws on anything but a successful basic response. */
export function parseOcsp(der: Uint8Array): Ocsp {
  const copy = der.slice();
  const outer = decode(copy, OCSPResponse, "OCSP response");
  if (outer.responseStatus !== OCSPResponseStatus.successful) throw new TypeError(`OCSP response status ${OCSPResponseStatus[outer.responseStatus] ?? outer.responseStatus}`);
  if (!outer.responseBytes || outer.responseBytes.responseType !== id_pkix_ocsp_basic) throw new TypeError("not a basic OCSP response");
  const basic = decode(outer.responseBytes.response.buffer, BasicOCSPResponse, "BasicOCSPResponse");
  const data = basic.tbsResponseData;
  const exts = [...(data.responseExtensions ?? []), ...data.responses.flatMap((r) => r.singleExtensions ?? [])];
  const nonce = (data.responseExtensions ?? []).find((e) => e.extnID === "1.3.6.1.5.5.7.48.1.2");
  return {
    der: copy,
    basic,
    tbs: bytes(basic.tbsResponseDataRaw ?? encode(data)),
    producedAt: data.producedAt,
    certs: (basic.certs ?? []).map((c) => parseCertificate(encode(c))),
    ...(nonce ? { nonce: bytes(nonce.extnValue.buffer) } : {}),
    unknownCritical: exts.filter((e) => e.critical && !UNDERSTOOD.has(e.extnID)).map((e) => e.extnID),
  };
}

/** Responses from a submission or the server (base64 DER); unparsable ones are dropped, they vouch for nothing. */
export function loadOcsp(texts: readonly unknown[]): Ocsp[] {
  const out: Ocsp[] = [];
  for (const t of Array.isArray(texts) ? texts : []) {
    try {
      if (typeof t === "string") out.push(parseOcsp(decodeBase64(t)));
    } catch {
      // dropped: see above
    }
  }
  return out;
}

export function ocspBase64(o: Ocsp): string {
  return encodeBase64(o.der);
}

export type OcspStatus =
  | { usable: false; why: string }
  | { usable: true; status: "good" | "unknown"; thisUpdate: Date }
  | { usable: true; status: "revoked"; thisUpdate: Date; revokedAt: Date; reason?: number };

export interface OcspContext {
  at: Date;
  crypto: Crypto;
  memo: SignatureMemo;
  /** Whether the issuer's CRLs leave the delegated responder certificate unrevoked (no OCSP recursion). */
  responderNotRevoked: (responder: Cert, issuer: Cert) => Promise<string | undefined>;
}

/** What `o` says about `cert` issued by `issuer`, or why it says nothing usable. */
export async function ocspStatus(o: Ocsp, cert: Cert, issuer: Cert, ctx: OcspContext): Promise<OcspStatus> {
  const single = await findSingle(o, cert, issuer, ctx.crypto);
  if (!single) return { usable: false, why: "it does not name this certificate" };
  if (o.unknownCritical.length > 0) return { usable: false, why: `it carries unknown critical extension(s) ${o.unknownCritical.join(", ")}` };
  const t = ctx.at.getTime();
  if (single.thisUpdate.getTime() > t + OCSP_CLOCK_SKEW_MS) return { usable: false, why: `it was produced after the validation time (thisUpdate ${single.thisUpdate.toISOString()})` };
  const expires = single.nextUpdate ? single.nextUpdate.getTime() : single.thisUpdate.getTime() + OCSP_MAX_AGE_MS;
  if (t > expires) return { usable: false, why: `it is stale (valid until ${new Date(expires).toISOString()})` };
  const signer = await responderProblem(o, issuer, ctx);
  if (signer) return { usable: false, why: signer };
  const s = single.certStatus;
  if (s.revoked) {
    const reason = s.revoked.revocationReason?.reason;
    return { usable: true, status: "revoked", thisUpdate: single.thisUpdate, revokedAt: s.revoked.revocationTime, ...(reason !== undefined ? { reason } : {}) };
  }
  return { usable: true, status: s.good !== undefined ? "good" : "unknown", thisUpdate: single.thisUpdate };
}

async function findSingle(o: Ocsp, cert: Cert, issuer: Cert, crypto: Crypto): Promise<SingleResponse | undefined> {
  for (const r of o.basic.tbsResponseData.responses) {
    const id = r.certID;
    const hash = DIGESTS[id.hashAlgorithm.algorithm];
    if (!hash || derInteger(id.serialNumber) !== cert.serial) continue;
    const [nameHash, keyHash] = await Promise.all([digest(hash, issuer.subjectNameDer, crypto), digest(hash, issuer.publicKeyBits, crypto)]);
    if (bytesEqual(bytes(id.issuerNameHash.buffer), nameHash) && bytesEqual(bytes(id.issuerKeyHash.buffer), keyHash)) return r;
  }
  return undefined;
}

/** Undefined when the response is signed by the issuer or by a responder it authorised (§4.2.2.2), otherwise why not. */
async function responderProblem(o: Ocsp, issuer: Cert, ctx: OcspContext): Promise<string | undefined> {
  const signature = bytes(o.basic.signature);
  const alg = o.basic.signatureAlgorithm;
  if (!(await signedDataProblem(o.tbs, alg, signature, issuer, ctx.crypto))) return undefined;
  let why = `it is not signed by ${describe(issuer)} nor by a responder it authorised`;
  for (const responder of o.certs) {
    if (await signedDataProblem(o.tbs, alg, signature, responder, ctx.crypto)) continue;
    if (responder.issuerKey !== issuer.subjectKey || !(await certSignedBy(responder, issuer, ctx.crypto, ctx.memo))) {
      why = `its responder ${describe(responder)} was not issued by ${describe(issuer)}`;
      continue;
    }
    if (!responder.extendedKeyUsage?.includes(KP.ocspSigning)) {
      why = `its responder ${describe(responder)} is not authorised to sign OCSP responses (no id-kp-OCSPSigning)`;
      continue;
    }
    if (responder.keyUsage !== undefined && !(responder.keyUsage & (KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation))) {
      why = `its responder ${describe(responder)} may not make signatures (keyUsage)`;
      continue;
    }
    const t = ctx.at.getTime();
    if (t < responder.notBefore.getTime() || t > responder.notAfter.getTime()) {
      why = `its responder certificate ${describe(responder)} is not valid at ${ctx.at.toISOString()}`;
      continue;
    }
    const revoked = responder.ocspNoCheck ? undefined : await ctx.responderNotRevoked(responder, issuer);
    if (revoked) {
      why = `its responder ${describe(responder)}: ${revoked}`;
      continue;
    }
    return undefined;
  }
  return why;
}
