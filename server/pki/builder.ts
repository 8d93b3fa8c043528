// A small X.509 PKI with real keys: root and intermediate CAs, officials' certificates and
// CRLs. The server's development CA builds demo certificates with it, and the tests build
// every good and bad certificate the verifier must tell apart. No test framework in here.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { AsnConvert } from "@peculiar/asn1-schema";
import { AccessDescription, AuthorityInfoAccessSyntax, Certificate, CertificateList, CRLDistributionPoints, DistributionPoint, DistributionPointName, ExtendedKeyUsage, GeneralName, type TBSCertList, type TBSCertificate } from "@peculiar/asn1-x509";
import { ecdsaRawToDer } from "../../engine/signature/algorithms.js";

export { KeyUsageFlags, X509CrlReason } from "@peculiar/x509";

export type KeySpec =
  | { type: "RSA"; modulusLength?: number }
  | { type: "EC"; namedCurve?: "P-256" | "P-384" | "P-521" };

export const RSA_2048: KeySpec = { type: "RSA", modulusLength: 2048 };
export const EC_P256: KeySpec = { type: "EC", namedCurve: "P-256" };

export interface Issued {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
  /** The certificate, PEM. */
  pem: string;
  /** The private key, PKCS#8 PEM ("PRIVATE KEY"), as openssl reads it. */
  keyPem: string;
  /** SHA-256 of the DER certificate, hex lower-case (what accounts register). */
  fingerprint: string;
  subject: string;
  serialNumber: string;
}

export interface CertificateOptions {
  /** Distinguished name, e.g. "CN=Nguyễn Văn A, O=UBND Phường 1, C=VN". */
  subject: string;
  /** Reuse a key pair (RSA generation is slow); otherwise one is generated per `key`. */
  keys?: CryptoKeyPair;
  key?: KeySpec;
  notBefore?: Date;
  notAfter?: Date;
  /** Hex, positive; random 16 bytes when absent. */
  serialNumber?: string;
  /** KeyUsageFlags bit mask; CAs default to keyCertSign|cRLSign, officials to digitalSignature|nonRepudiation. `null` omits the extension. */
  keyUsage?: number | null;
  /** CA certificates only: basicConstraints pathLenConstraint. */
  pathLength?: number;
  /** Officials: issue with basicConstraints cA=true anyway (to test refusal). Intermediates: `false` omits basicConstraints. */
  ca?: boolean;
  email?: string;
  /**
   * Hash for the issuer's signature; by default SHA-256 (SHA-384 for a P-384 issuer). Only
   * EC issuers can honour another hash: a WebCrypto RSA key is bound to its generation hash.
   */
  signatureHash?: "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";
  /** extendedKeyUsage purposes (OIDs); `extendedKeyUsageCritical` marks the extension critical (a TSA's must be). */
  extendedKeyUsage?: string[];
  extendedKeyUsageCritical?: boolean;
  /** authorityInfoAccess id-ad-ocsp: where the server fetches OCSP responses about this certificate. */
  ocspUrl?: string;
  /** cRLDistributionPoints with one URI. */
  crlUrl?: string;
  /** id-pkix-ocsp-nocheck, for OCSP responder certificates. */
  ocspNoCheck?: boolean;
  /** Further extensions, appended as given (tests: unknown critical extensions, policies, constraints). */
  extensions?: x509.Extension[];
}

export interface RevokedEntry {
  serialNumber: string;
  revocationDate: Date;
  reason?: x509.X509CrlReason;
  invalidity?: Date;
  /** Entry extensions (tests: an unknown critical one). */
  extensions?: x509.Extension[];
}

export interface CrlOptions {
  thisUpdate?: Date;
  nextUpdate?: Date;
  revoked?: RevokedEntry[];
  /** Sign with another key than the issuer's (tests: a CRL that must be ignored, or a CA's rollover key). */
  signingKeys?: CryptoKeyPair;
  /** CRL extensions besides the authority key identifier (issuingDistributionPoint, unknown critical ones...). */
  extensions?: x509.Extension[];
}

export interface BuilderOptions {
  crypto?: Crypto;
  /** The clock for default validity windows; tests and the dev CA may pin it. */
  now?: () => Date;
}

const DAY = 86_400_000;

export class PkiBuilder {
  readonly crypto: Crypto;
  private readonly now: () => Date;

  constructor(options: BuilderOptions = {}) {
    this.crypto = options.crypto ?? (webcrypto as unknown as Crypto);
    this.now = options.now ?? (() => new Date());
    x509.cryptoProvider.set(this.crypto);
  }

  async generateKeys(spec: KeySpec = EC_P256): Promise<CryptoKeyPair> {
    // Extractable so the private key can be exported as PKCS#8 for openssl and for the dev CA's files.
    const params =
      spec.type === "RSA"
        ? { name: "RSASSA-PKCS1-v1_5", modulusLength: spec.modulusLength ?? 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }
        : { name: "ECDSA", namedCurve: spec.namedCurve ?? "P-256" };
    return (await this.crypto.subtle.generateKey(params, true, ["sign", "verify"])) as CryptoKeyPair;
  }

  async createRootCa(opts: CertificateOptions): Promise<Issued> {
    const keys = opts.keys ?? (await this.generateKeys(opts.key));
    const usage = opts.keyUsage === undefined ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : opts.keyUsage;
    const certificate = await x509.X509CertificateGenerator.createSelfSigned(
      {
        name: opts.subject,
        keys,
        serialNumber: opts.serialNumber ?? this.randomSerial(),
        notBefore: opts.notBefore ?? new Date(this.now().getTime() - 3_600_000),
        notAfter: opts.notAfter ?? new Date(this.now().getTime() + 20 * 365 * DAY),
        signingAlgorithm: signingAlgorithm(keys.privateKey, opts.signatureHash),
        extensions: [
          new x509.BasicConstraintsExtension(true, opts.pathLength, true),
          ...(usage === null ? [] : [new x509.KeyUsagesExtension(usage, true)]),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, this.crypto),
        ],
      },
      this.crypto,
    );
    return this.issued(certificate, keys);
  }

  createIntermediateCa(issuer: Issued, opts: CertificateOptions): Promise<Issued> {
    const usage = opts.keyUsage === undefined ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : opts.keyUsage;
    const basic = opts.ca === false ? [] : [new x509.BasicConstraintsExtension(true, opts.pathLength, true)];
    return this.issue(issuer, opts, usage, basic, 10 * 365);
  }

  /** An official's (end-entity) signing certificate; also OCSP responder and TSA certificates (see the options). */
  createEndEntity(issuer: Issued, opts: CertificateOptions): Promise<Issued> {
    const usage = opts.keyUsage === undefined ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation : opts.keyUsage;
    const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(opts.ca ?? false, undefined, true)];
    if (opts.email) extensions.push(new x509.SubjectAlternativeNameExtension([{ type: "email", value: opts.email }]));
    if (opts.extendedKeyUsage) extensions.push(extension("2.5.29.37", opts.extendedKeyUsageCritical ?? false, new ExtendedKeyUsage(opts.extendedKeyUsage)));
    if (opts.ocspNoCheck) extensions.push(new x509.Extension("1.3.6.1.5.5.7.48.1.5", false, new Uint8Array([0x05, 0x00])));
    return this.issue(issuer, opts, usage, extensions, 2 * 365);
  }

  async createCrl(issuer: Issued, opts: CrlOptions = {}): Promise<{ crl: x509.X509Crl; pem: string }> {
    const thisUpdate = opts.thisUpdate ?? this.now();
    const signingKey = (opts.signingKeys ?? issuer.keys).privateKey;
    const crl = await x509.X509CrlGenerator.create(
      {
        issuer: issuer.certificate.subjectName,
        thisUpdate,
        nextUpdate: opts.nextUpdate ?? new Date(thisUpdate.getTime() + 7 * DAY),
        signingKey,
        signingAlgorithm: signingAlgorithm(signingKey),
        extensions: [await x509.AuthorityKeyIdentifierExtension.create((opts.signingKeys ?? issuer.keys).publicKey, false, this.crypto), ...(opts.extensions ?? [])],
        entries: (opts.revoked ?? []).map((r) => ({
          serialNumber: r.serialNumber,
          revocationDate: r.revocationDate,
          ...(r.reason !== undefined ? { reason: r.reason } : {}),
          ...(r.invalidity ? { invalidity: r.invalidity } : {}),
          ...(r.extensions ? { extensions: r.extensions } : {}),
        })),
      },
      this.crypto,
    );
    return crlResult(crl);
  }

  /**
   * Re-signs a certificate after changing its to-be-signed part: for test material no
   * generator will write (negative serials, issuer names spelt differently from the CA's
   * subject). `signingKey` is the issuer's private key; the signature algorithm is kept.
   */
  async resign(cert: Issued, signingKey: CryptoKey, mutate: (tbs: TBSCertificate) => void): Promise<Issued> {
    const asn = AsnConvert.parse(cert.certificate.rawData, Certificate);
    mutate(asn.tbsCertificate);
    const tbs = AsnConvert.serialize(asn.tbsCertificate);
    const signed = new Certificate({ tbsCertificate: asn.tbsCertificate, signatureAlgorithm: asn.tbsCertificate.signature, signatureValue: await this.signBytes(signingKey, tbs) });
    return this.issued(new x509.X509Certificate(AsnConvert.serialize(signed)), cert.keys);
  }

  /** The same for a CRL (negative serials in entries, issuer names spelt differently). */
  async resignCrl(crl: x509.X509Crl, signingKey: CryptoKey, mutate: (tbs: TBSCertList) => void): Promise<{ crl: x509.X509Crl; pem: string }> {
    const asn = AsnConvert.parse(crl.rawData, CertificateList);
    mutate(asn.tbsCertList);
    const tbs = AsnConvert.serialize(asn.tbsCertList);
    const signed = new CertificateList({ tbsCertList: asn.tbsCertList, signatureAlgorithm: asn.tbsCertList.signature, signature: await this.signBytes(signingKey, tbs) });
    return crlResult(new x509.X509Crl(AsnConvert.serialize(signed)));
  }

  private async signBytes(key: CryptoKey, data: ArrayBuffer): Promise<ArrayBuffer> {
    const alg = signingAlgorithm(key) as EcdsaParams;
    const raw = new Uint8Array(await this.crypto.subtle.sign(alg, key, data));
    return key.algorithm.name === "ECDSA" ? ecdsaRawToDer(raw).buffer : raw.buffer;
  }

  /**
   * An official's certificate for a public key held elsewhere (a PKCS#11 token): the private key
   * never leaves the token, so the result carries the certificate only.
   */
  async certifyPublicKey(issuer: Issued, publicKey: CryptoKey, opts: Omit<CertificateOptions, "keys" | "key">): Promise<Omit<Issued, "keys" | "keyPem">> {
    const usage = opts.keyUsage === undefined ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation : opts.keyUsage;
    const certificate = await this.certificate(issuer, publicKey, opts, usage, [new x509.BasicConstraintsExtension(false, undefined, true)], 2 * 365);
    const { keys: _k, keyPem: _p, ...rest } = await this.issued(certificate, { publicKey } as CryptoKeyPair);
    return rest;
  }

  private async issue(issuer: Issued, opts: CertificateOptions, usage: number | null, extensions: x509.Extension[], days: number): Promise<Issued> {
    const keys = opts.keys ?? (await this.generateKeys(opts.key));
    return this.issued(await this.certificate(issuer, keys.publicKey, opts, usage, extensions, days), keys);
  }

  private async certificate(issuer: Issued, publicKey: CryptoKey, opts: CertificateOptions, usage: number | null, extensions: x509.Extension[], days: number): Promise<x509.X509Certificate> {
    return x509.X509CertificateGenerator.create(
      {
        subject: opts.subject,
        issuer: issuer.certificate.subjectName,
        publicKey,
        signingKey: issuer.keys.privateKey,
        serialNumber: opts.serialNumber ?? this.randomSerial(),
        notBefore: opts.notBefore ?? new Date(this.now().getTime() - 3_600_000),
        notAfter: opts.notAfter ?? new Date(this.now().getTime() + days * DAY),
        signingAlgorithm: signingAlgorithm(issuer.keys.privateKey, opts.signatureHash),
        extensions: [
          ...extensions,
          ...(usage === null ? [] : [new x509.KeyUsagesExtension(usage, true)]),
          await x509.SubjectKeyIdentifierExtension.create(publicKey, false, this.crypto),
          await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey, false, this.crypto),
          ...locationExtensions(opts),
          ...(opts.extensions ?? []),
        ],
      },
      this.crypto,
    );
  }

  private async issued(certificate: x509.X509Certificate, keys: CryptoKeyPair): Promise<Issued> {
    const der = new Uint8Array(certificate.rawData);
    const digest = new Uint8Array(await this.crypto.subtle.digest("SHA-256", der));
    return {
      certificate,
      keys,
      pem: withNewline(certificate.toString("pem")),
      keyPem: keys.privateKey ? await privateKeyPem(keys.privateKey, this.crypto) : "",
      fingerprint: [...digest].map((b) => b.toString(16).padStart(2, "0")).join(""),
      subject: certificate.subject,
      serialNumber: certificate.serialNumber,
    };
  }

  /** 16 random bytes, top bit clear (a positive INTEGER) and top byte non-zero (minimal DER). */
  private randomSerial(): string {
    const bytes = this.crypto.getRandomValues(new Uint8Array(16));
    bytes[0] = ((bytes[0] as number) & 0x7f) | 0x10;
    return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  }
}

/** The issuer's signature algorithm for a private key: SHA-256 unless told otherwise (SHA-384 for P-384). */
function signingAlgorithm(key: CryptoKey, hash?: string): Algorithm {
  const alg = key.algorithm as Algorithm & { namedCurve?: string };
  if (alg.name === "ECDSA") {
    const byCurve = alg.namedCurve === "P-384" ? "SHA-384" : alg.namedCurve === "P-521" ? "SHA-512" : "SHA-256";
    return { name: "ECDSA", hash: hash ?? byCurve } as EcdsaParams;
  }
  return { name: alg.name, hash: hash ?? "SHA-256" } as RsaHashedImportParams;
}

/** An extension from an @peculiar/asn1-x509 value. */
export function extension(oid: string, critical: boolean, value: unknown): x509.Extension {
  return new x509.Extension(oid, critical, AsnConvert.serialize(value));
}

/** authorityInfoAccess (OCSP) and cRLDistributionPoints, when asked for. */
function locationExtensions(opts: CertificateOptions): x509.Extension[] {
  const out: x509.Extension[] = [];
  if (opts.ocspUrl) {
    const aia = new AuthorityInfoAccessSyntax([new AccessDescription({ accessMethod: "1.3.6.1.5.5.7.48.1", accessLocation: new GeneralName({ uniformResourceIdentifier: opts.ocspUrl }) })]);
    out.push(extension("1.3.6.1.5.5.7.1.1", false, aia));
  }
  if (opts.crlUrl) {
    const dp = new DistributionPoint({ distributionPoint: new DistributionPointName({ fullName: [new GeneralName({ uniformResourceIdentifier: opts.crlUrl })] }) });
    out.push(extension("2.5.29.31", false, new CRLDistributionPoints([dp])));
  }
  return out;
}

function crlResult(crl: x509.X509Crl): { crl: x509.X509Crl; pem: string } {
  // RFC 7468 §5 label, which openssl expects; @peculiar/x509 writes "BEGIN CRL".
  return { crl, pem: withNewline(crl.toString("pem").replace(/-----(BEGIN|END) CRL-----/g, "-----$1 X509 CRL-----")) };
}

/** PEM files end with a newline, so that bundles can be made by concatenation. */
function withNewline(pem: string): string {
  return pem.endsWith("\n") ? pem : `${pem}\n`;
}

export async function privateKeyPem(key: CryptoKey, crypto: Crypto): Promise<string> {
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", key));
  const b64 = Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}
