// Fetching OCSP responses (RFC 6960) for a certificate path before the engine is called: the
// engine stays pure and judges what we pass it. One POST per certificate that names a
// responder in its authorityInfoAccess, with a nonce (RFC 8954) the answer must echo when it
// carries one; the CertID uses SHA-1, which RFC 5019 responders are required to support. A
// responder that is down, slow or answers garbage is reported, not fatal: the engine then
// decides on the CRLs it has, or says INDETERMINATE; it never treats "no answer" as "good".
import { webcrypto } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier, Extension } from "@peculiar/asn1-x509";
import { CertID, OCSPRequest, Request, TBSRequest, id_pkix_ocsp_nonce } from "@peculiar/asn1-ocsp";
import type { Cert } from "../../engine/signature/certificate.js";
import { buildPaths } from "../../engine/signature/path-build.js";
import { parseOcsp } from "../../engine/signature/ocsp.js";
import { encodeBase64 } from "../../engine/signature/encoding.js";
import { bytesEqual } from "../../engine/signature/asn1.js";
import { SHA1 } from "../../engine/signature/oids.js";


export interface OcspFetchOptions {
  timeoutMs: number;
  crypto?: Crypto;
}

export interface OcspFetchResult {
  /** base64 DER responses, for the engine's `revocation.ocsp`. */
  responses: string[];
  /** What went wrong, per responder (logged; shown with an INDETERMINATE refusal). */
  errors: string[];
}

/** OCSP for every certificate of the candidate paths of `target` that names a responder. */
export async function fetchOcspForPath(target: Cert, pool: readonly Cert[], anchors: readonly Cert[], o: OcspFetchOptions): Promise<OcspFetchResult> {
  const pairs = new Map<string, [Cert, Cert]>();
  for (const path of buildPaths(target, pool, anchors).paths.slice(0, 2)) {
    for (let i = 0; i + 1 < path.length; i++) {
      const cert = path[i] as Cert;
      const issuer = path[i + 1] as Cert;
      if (cert.ocspUrls.length > 0) pairs.set(`${cert.fingerprint}:${issuer.fingerprint}`, [cert, issuer]);
    }
  }
  const results = await Promise.all([...pairs.values()].map(([cert, issuer]) => fetchOne(cert, issuer, o)));
  return { responses: results.flatMap((r) => (typeof r === "string" ? [] : [r.response])), errors: results.filter((r): r is string => typeof r === "string") };
}

async function fetchOne(cert: Cert, issuer: Cert, o: OcspFetchOptions): Promise<{ response: string } | string> {
  const crypto = o.crypto ?? (webcrypto as unknown as Crypto);
  let last = "";
  for (const url of cert.ocspUrls.filter((u) => /^https?:\/\//i.test(u))) {
    const nonce = crypto.getRandomValues(new Uint8Array(16));
    try {
      const body = await ocspRequest(cert, issuer, nonce, crypto);
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/ocsp-request", accept: "application/ocsp-response" }, body, signal: AbortSignal.timeout(o.timeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const der = new Uint8Array(await res.arrayBuffer());
      const parsed = parseOcsp(der);
      // An echoed nonce must be ours (a replayed old answer would carry another one).
      if (parsed.nonce && !nonceMatches(parsed.nonce, nonce)) throw new Error("the response's nonce is not the request's");
      return { response: encodeBase64(der) };
    } catch (e) {
      last = `OCSP responder ${url} for "${cert.subject}": ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return last || `no http(s) OCSP responder for "${cert.subject}"`;
}

/** The DER OCSPRequest for `cert` issued by `issuer`, with a nonce extension. */
export async function ocspRequest(cert: Cert, issuer: Cert, nonce: Uint8Array, crypto: Crypto): Promise<Uint8Array<ArrayBuffer>> {
  const hash = async (b: Uint8Array) => new OctetString(new Uint8Array(await crypto.subtle.digest("SHA-1", b as Uint8Array<ArrayBuffer>)));
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1, parameters: null }),
    issuerNameHash: await hash(issuer.subjectNameDer),
    issuerKeyHash: await hash(issuer.publicKeyBits),
    serialNumber: cert.serialBytes.slice().buffer,
  });
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({
      requestList: [new Request({ reqCert: certId })],
      requestExtensions: [new Extension({ extnID: id_pkix_ocsp_nonce, critical: false, extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))) })],
    }),
  });
  return new Uint8Array(AsnConvert.serialize(request));
}

/** The nonce extension's value is an OCTET STRING holding the nonce; some responders echo it bare. */
function nonceMatches(extnValue: Uint8Array, nonce: Uint8Array): boolean {
  return bytesEqual(extnValue, nonce) || bytesEqual(extnValue.subarray(2), nonce);
}
