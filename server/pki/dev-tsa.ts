// DEVELOPMENT ONLY. An RFC 3161 timestamp authority in the server process, so that `npm start`
// signs with long-term evidence and needs nothing installed: a node:http endpoint on
// 127.0.0.1 answering application/timestamp-query with a token signed by a TSA certificate of
// the development CA (extendedKeyUsage timeStamping, critical). Production sets TSA_URL to a
// licensed TSA instead. The token is what RFC 3161 §2.4.2 and RFC 5816 describe: CMS
// SignedData over a TSTInfo, signed attributes with contentType, messageDigest and an ESS
// signingCertificateV2 naming the TSA certificate; `openssl ts -verify` accepts it (tested).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as asn1js from "asn1js";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier, Certificate } from "@peculiar/asn1-x509";
import { Attribute, CertificateChoices, CertificateSet, CMSVersion, ContentInfo, EncapsulatedContent, EncapsulatedContentInfo, IssuerAndSerialNumber, SignedData, SignerIdentifier, SignerInfo, SignerInfos, DigestAlgorithmIdentifiers } from "@peculiar/asn1-cms";
import { Accuracy, PKIFailureInfo, PKIFailureInfoFlags, PKIStatus, PKIStatusInfo, TSTInfo, TimeStampReq, TimeStampResp, TimeStampToken } from "@peculiar/asn1-tsp";
import { EssCertIdV2, ID_SIGNING_CERTIFICATE_V2, SigningCertificateV2 } from "../../engine/signature/ess.js";
import { ecdsaRawToDer } from "../../engine/signature/algorithms.js";
import { derItems } from "../../engine/signature/encoding.js";
import { ECDSA_WITH_SHA256, ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SIGNED_DATA, ID_TST_INFO, SHA256 } from "../../engine/signature/oids.js";

/** A UUID-based OID (X.667) naming "motcua development TSA policy"; no real TSA uses it. */
const DEV_POLICY = "2.25.186105474713858124069548163364916436823";
const IMPRINT_HASHES = new Set([SHA256, "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3"]);

export interface DevTsaOptions {
  /** The TSA certificate (PEM) and its EC P-256 private key. */
  certPem: string;
  privateKey: CryptoKey;
  /** CA certificates to include after the TSA's when the request asks for certificates. */
  chainPems?: string[];
  clock: () => Date;
  crypto: Crypto;
}

export interface DevTsa {
  url: string;
  close(): Promise<void>;
}

export async function startDevTsa(o: DevTsaOptions, port = 0): Promise<DevTsa> {
  let serial = BigInt(o.clock().getTime()) * 1000n;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= 64 * 1024) chunks.push(c);
    });
    req.on("end", () => {
      if (req.method !== "POST" || size > 64 * 1024) return res.writeHead(req.method === "POST" ? 413 : 405).end();
      timestampReply(new Uint8Array(Buffer.concat(chunks)), o, ++serial)
        .then((der) => res.writeHead(200, { "content-type": "application/timestamp-reply" }).end(der))
        .catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`, close: () => new Promise((r) => server.close(() => r())) };
}

/** The DER TimeStampResp for a DER TimeStampReq: a granted token, or a rejection naming why. */
export async function timestampReply(reqDer: Uint8Array, o: DevTsaOptions, serial: bigint): Promise<Uint8Array> {
  let req: TimeStampReq;
  try {
    req = AsnConvert.parse(reqDer, TimeStampReq);
  } catch {
    return rejection(PKIFailureInfoFlags.badDataFormat);
  }
  if (!IMPRINT_HASHES.has(req.messageImprint.hashAlgorithm.algorithm)) return rejection(PKIFailureInfoFlags.badAlg);
  const [tsaDer, ...chainDers] = [o.certPem, ...(o.chainPems ?? [])].flatMap((p) => derItems(p, "CERTIFICATE"));
  const tsaCert = AsnConvert.parse(tsaDer!, Certificate);
  const tst = new TSTInfo({
    version: 1,
    policy: DEV_POLICY,
    messageImprint: req.messageImprint,
    serialNumber: integerBytes(serial),
    genTime: o.clock(),
    accuracy: new Accuracy({ seconds: 1 }),
    ...(req.nonce ? { nonce: req.nonce } : {}),
  });
  const tstDer = new Uint8Array(AsnConvert.serialize(tst));
  const digest = async (b: Uint8Array) => new Uint8Array(await o.crypto.subtle.digest("SHA-256", b as Uint8Array<ArrayBuffer>));
  const essV2 = new SigningCertificateV2();
  essV2.certs = [Object.assign(new EssCertIdV2(), { certHash: (await digest(tsaDer!)).buffer })];
  const attributes = [
    attribute(ID_CONTENT_TYPE, new asn1js.ObjectIdentifier({ value: ID_TST_INFO }).toBER()),
    attribute(ID_MESSAGE_DIGEST, new asn1js.OctetString({ valueHex: await digest(tstDer) }).toBER()),
    attribute(ID_SIGNING_CERTIFICATE_V2, AsnConvert.serialize(essV2)),
  ];
  // DER SET OF: elements in the order of their encodings; the signature covers that SET.
  const encoded = attributes.map((a) => new Uint8Array(AsnConvert.serialize(a)));
  const order = encoded.map((_, i) => i).sort((a, b) => compareBytes(encoded[a]!, encoded[b]!));
  const sorted = order.map((i) => attributes[i]!);
  const set = derSet(order.map((i) => encoded[i]!));
  const raw = new Uint8Array(await o.crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, o.privateKey, set));
  const signer = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: tsaCert.tbsCertificate.issuer, serialNumber: tsaCert.tbsCertificate.serialNumber }) }),
    digestAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256 }),
    signedAttrs: sorted,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
    signature: new OctetString(ecdsaRawToDer(raw)),
  });
  const certs = req.certReq ? [tsaDer!, ...chainDers].map((d) => new CertificateChoices({ certificate: AsnConvert.parse(d, Certificate) })) : undefined;
  const signedData = new SignedData({
    version: CMSVersion.v3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new AlgorithmIdentifier({ algorithm: SHA256 })]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: ID_TST_INFO, eContent: new EncapsulatedContent({ single: new OctetString(tstDer) }) }),
    ...(certs ? { certificates: new CertificateSet(certs) } : {}),
    signerInfos: new SignerInfos([signer]),
  });
  const token = new TimeStampToken({ contentType: ID_SIGNED_DATA, content: AsnConvert.serialize(signedData) });
  return new Uint8Array(AsnConvert.serialize(new TimeStampResp({ status: new PKIStatusInfo({ status: PKIStatus.granted }), timeStampToken: token })));
}

function attribute(type: string, value: ArrayBuffer): Attribute {
  return new Attribute({ attrType: type, attrValues: [value] });
}

function rejection(flag: PKIFailureInfoFlags): Uint8Array {
  const failInfo = new PKIFailureInfo(flag);
  return new Uint8Array(AsnConvert.serialize(new TimeStampResp({ status: new PKIStatusInfo({ status: PKIStatus.rejection, failInfo }) })));
}

/** A positive INTEGER's minimal content octets. */
function integerBytes(n: bigint): ArrayBuffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return Uint8Array.from(hex.match(/../g)!.map((h) => Number.parseInt(h, 16))).buffer;
}

function derSet(items: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = Uint8Array.from(items.flatMap((i) => [...i]));
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Uint8Array.from([0x31, ...length, ...body]);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}
