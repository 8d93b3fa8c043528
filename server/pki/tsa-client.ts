// Obtaining an RFC 3161 timestamp over a signature value from the configured TSA (TSA_URL):
// a TimeStampReq with a SHA-256 messageImprint, a random nonce and certReq (so the token
// carries the TSA certificate for offline verification), POSTed as
// application/timestamp-query (RFC 3161 §3.4). The token itself is judged by the engine
// (engine/signature/timestamp.ts); here only that the TSA granted our request.
import { webcrypto } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { MessageImprint, PKIStatus, TSTInfo, TimeStampReq, TimeStampResp } from "@peculiar/asn1-tsp";
import { SignedData } from "@peculiar/asn1-cms";
import { encodeBase64 } from "../../engine/signature/encoding.js";
import { bytesEqual, derInteger } from "../../engine/signature/asn1.js";
import { SHA256 } from "../../engine/signature/oids.js";


export class TimestampUnavailable extends Error {}

export interface TsaOptions {
  url: string;
  timeoutMs: number;
  crypto?: Crypto;
}

/** The TimeStampToken (base64 DER) over `signatureValue`; throws TimestampUnavailable when the TSA gives none. */
export async function requestTimestamp(signatureValue: Uint8Array, o: TsaOptions): Promise<string> {
  const crypto = o.crypto ?? (webcrypto as unknown as Crypto);
  const imprint = new Uint8Array(await crypto.subtle.digest("SHA-256", signatureValue as Uint8Array<ArrayBuffer>));
  // A positive INTEGER: top bit clear.
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  nonce[0] = ((nonce[0] as number) & 0x7f) | 0x01;
  const req = new TimeStampReq({
    messageImprint: new MessageImprint({ hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256 }), hashedMessage: new OctetString(imprint) }),
    nonce: nonce.buffer,
    certReq: true,
  });
  let der: Uint8Array;
  try {
    const res = await fetch(o.url, { method: "POST", headers: { "content-type": "application/timestamp-query", accept: "application/timestamp-reply" }, body: new Uint8Array(AsnConvert.serialize(req)), signal: AbortSignal.timeout(o.timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    der = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new TimestampUnavailable(`the timestamp authority ${o.url} did not answer: ${e instanceof Error ? e.message : String(e)}`);
  }
  let resp: TimeStampResp;
  try {
    resp = AsnConvert.parse(der, TimeStampResp);
  } catch {
    throw new TimestampUnavailable(`the timestamp authority ${o.url} answered something that is not a TimeStampResp`);
  }
  const status = resp.status.status;
  if ((status !== PKIStatus.granted && status !== PKIStatus.grantedWithMods) || !resp.timeStampToken) {
    const text = resp.status.statusString?.join("; ") ?? "";
    throw new TimestampUnavailable(`the timestamp authority ${o.url} refused the request (status ${PKIStatus[status] ?? status}${text ? `: ${text}` : ""})`);
  }
  const token = new Uint8Array(AsnConvert.serialize(resp.timeStampToken));
  if (!echoesNonce(resp, nonce)) throw new TimestampUnavailable(`the timestamp authority ${o.url} answered with another nonce (a replayed or misrouted token)`);
  return encodeBase64(token);
}

function echoesNonce(resp: TimeStampResp, nonce: Uint8Array): boolean {
  try {
    const sd = AsnConvert.parse(resp.timeStampToken!.content, SignedData);
    const content = sd.encapContentInfo.eContent?.single;
    if (!content) return false;
    const tst = AsnConvert.parse(content.buffer, TSTInfo);
    return tst.nonce !== undefined && (derInteger(tst.nonce) === derInteger(nonce) || bytesEqual(new Uint8Array(tst.nonce), nonce));
  } catch {
    return false;
  }
}
