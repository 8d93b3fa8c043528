// A parsed certificate with every field the checks read, decoded up front: @peculiar/x509
// decodes parts lazily, and a truncated or hostile DER must fail here, at parsing, as
// `signature.malformed`, and not later in the middle of a chain or revocation check.
// @peculiar/x509 verifies signatures and renders names; the fields path validation decides
// on (names for §7.1 comparison, the serial as an integer, every extension with its
// criticality) are read from the DER with @peculiar/asn1-x509.
import { sha256Hex } from "../hash.js";
import type { CertificateInfo } from "./types.js";
import { derItems, toPem } from "./encoding.js";
import { BasicConstraintsExtension, KeyUsagesExtension, X509Certificate } from "./x509.js";
import { bytes, decode, derInteger, encode, hex } from "./asn1.js";
import { nameKey } from "./name.js";
import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  Certificate as AsnCertificate,
  CertificatePolicies,
  InhibitAnyPolicy,
  PolicyConstraints,
  PolicyMappings,
  CRLDistributionPoints,
  type DistributionPoint,
  ExtendedKeyUsage,
  type Name,
  NameConstraints,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  type GeneralName,
} from "@peculiar/asn1-x509";

export const OID = {
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  issuerAltName: "2.5.29.18",
  subjectKeyId: "2.5.29.14",
  authorityKeyId: "2.5.29.35",
  crlDistributionPoints: "2.5.29.31",
  freshestCrl: "2.5.29.46",
  certificatePolicies: "2.5.29.32",
  policyMappings: "2.5.29.33",
  policyConstraints: "2.5.29.36",
  inhibitAnyPolicy: "2.5.29.54",
  nameConstraints: "2.5.29.30",
  subjectDirectoryAttributes: "2.5.29.9",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
  subjectInfoAccess: "1.3.6.1.5.5.7.1.11",
  ocspNoCheck: "1.3.6.1.5.5.7.48.1.5",
  accessOcsp: "1.3.6.1.5.5.7.48.1",
  emailAddress: "1.2.840.113549.1.9.1",
} as const;

export interface CertExtension {
  id: string;
  critical: boolean;
}

export interface Cert {
  x509: X509Certificate;
  der: Uint8Array;
  /** SHA-256 of the DER, hex lower-case: the identity used for binding and pinning. */
  fingerprint: string;
  /** Names as @peculiar/x509 renders them: for people (details, evidence), never for matching. */
  subject: string;
  issuer: string;
  /** Hex as @peculiar/x509 renders it (evidence, details); `serial` is what revocation compares. */
  serialNumber: string;
  serial: bigint;
  /** The serial INTEGER's content octets as encoded (an OCSP request's CertID repeats them). */
  serialBytes: Uint8Array<ArrayBuffer>;
  notBefore: Date;
  notAfter: Date;
  /** basicConstraints: undefined when the extension is absent. */
  ca?: { ca: boolean; pathLength?: number };
  /** keyUsage bit mask (KeyUsageFlags); undefined when the extension is absent. */
  keyUsage?: number;
  /** extendedKeyUsage purposes (OIDs); undefined when the extension is absent. */
  extendedKeyUsage?: string[];
  subjectName: Name;
  issuerName: Name;
  /** §7.1 comparison keys of subject and issuer (name.ts). */
  subjectKey: string;
  issuerKey: string;
  /** Subject and issuer match: a CA's own certificate, e.g. a key rollover certificate (§6.1.4 (l) does not count it). */
  selfIssued: boolean;
  /** DER of the subject Name, for OCSP's issuerNameHash (RFC 6960 §4.1.1). */
  subjectNameDer: Uint8Array<ArrayBuffer>;
  /** The subjectPublicKey BIT STRING's bytes, for OCSP's issuerKeyHash. */
  publicKeyBits: Uint8Array<ArrayBuffer>;
  extensions: CertExtension[];
  subjectKeyId?: string;
  authorityKeyId?: string;
  crlDistributionPoints?: DistributionPoint[];
  /** OCSP responder URLs from authorityInfoAccess (the server fetches from them; the engine never does). */
  ocspUrls: string[];
  /** id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): an OCSP responder certificate whose status is not checked. */
  ocspNoCheck: boolean;
  nameConstraints?: NameConstraints;
  /** subjectAltName entries (for name constraints). */
  altNames: GeneralName[];
  /** Certificate policy processing (policy.ts): certificatePolicies OIDs, undefined when absent. */
  policies?: string[];
  policyMappings?: Array<{ issuerDomain: string; subjectDomain: string }>;
  requireExplicitPolicy?: number;
  inhibitPolicyMapping?: number;
  inhibitAnyPolicy?: number;
}

// Decoding a certificate costs milliseconds (about four verifications of a signature), and an
// audit re-verification meets the same CA certificates in every entry: parsed certificates are
// kept by fingerprint (the same bytes always parse the same; nothing mutates a Cert).
const CACHE_SIZE = 1024;
const cache = new Map<string, Cert>();

/** Parses one DER certificate; throws on anything that is not a complete X.509 certificate. */
export function parseCertificate(der: Uint8Array): Cert {
  const fingerprint = sha256Hex(der);
  const hit = cache.get(fingerprint);
  if (hit) {
    cache.delete(fingerprint);
    cache.set(fingerprint, hit);
    return hit;
  }
  const cert = decodeCertificate(der, fingerprint);
  cache.set(fingerprint, cert);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return cert;
}

function decodeCertificate(der: Uint8Array, fingerprint: string): Cert {
  const copy = der.slice();
  const x509 = new X509Certificate(copy);
  // Touch everything the checks use so parse errors surface now.
  void x509.publicKey.algorithm;
  void x509.signatureAlgorithm;
  void x509.signature;
  const basic = x509.getExtension(BasicConstraintsExtension);
  const usage = x509.getExtension(KeyUsagesExtension);
  const notBefore = x509.notBefore;
  const notAfter = x509.notAfter;
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) throw new TypeError("certificate has invalid dates");
  // @peculiar/x509 has already decoded the DER with the same schema: reuse it rather than decode twice.
  const held = (x509 as unknown as { asn?: unknown }).asn;
  const asn = held instanceof AsnCertificate ? held : decode(copy, AsnCertificate, "certificate");
  const tbs = asn.tbsCertificate;
  const exts = tbs.extensions ?? [];
  const ids = exts.map((e) => e.extnID);
  if (new Set(ids).size !== ids.length) throw new TypeError("certificate repeats an extension (RFC 5280 §4.2)");
  const value = (id: string) => exts.find((e) => e.extnID === id)?.extnValue.buffer;
  const read = <T>(id: string, type: new () => T): T | undefined => {
    const v = value(id);
    return v ? decode(v, type, `extension ${id}`) : undefined;
  };
  const subjectKey = nameKey(tbs.subject);
  const issuerKey = nameKey(tbs.issuer);
  const aki = read(OID.authorityKeyId, AuthorityKeyIdentifier);
  const ski = read(OID.subjectKeyId, SubjectKeyIdentifier);
  const aia = read(OID.authorityInfoAccess, AuthorityInfoAccessSyntax);
  const constraints = read(OID.policyConstraints, PolicyConstraints);
  const skip = (v: ArrayBuffer | undefined) => (v === undefined ? undefined : Number(derInteger(v)));
  const requireExplicitPolicy = skip(constraints?.requireExplicitPolicy);
  const inhibitPolicyMapping = skip(constraints?.inhibitPolicyMapping);
  const inhibitAny = read(OID.inhibitAnyPolicy, InhibitAnyPolicy);
  return {
    x509,
    der: copy,
    fingerprint,
    subject: x509.subject,
    issuer: x509.issuer,
    serialNumber: x509.serialNumber.toLowerCase(),
    serial: derInteger(tbs.serialNumber),
    serialBytes: bytes(tbs.serialNumber),
    notBefore,
    notAfter,
    ca: basic ? { ca: basic.ca, ...(basic.pathLength !== undefined ? { pathLength: basic.pathLength } : {}) } : undefined,
    keyUsage: usage ? usage.usages : undefined,
    extendedKeyUsage: read(OID.extKeyUsage, ExtendedKeyUsage)?.map(String),
    subjectName: tbs.subject,
    issuerName: tbs.issuer,
    subjectKey,
    issuerKey,
    selfIssued: subjectKey === issuerKey,
    subjectNameDer: encode(tbs.subject),
    publicKeyBits: bytes(tbs.subjectPublicKeyInfo.subjectPublicKey),
    extensions: exts.map((e) => ({ id: e.extnID, critical: e.critical })),
    ...(ski ? { subjectKeyId: hex(bytes(ski.buffer)) } : {}),
    ...(aki?.keyIdentifier ? { authorityKeyId: hex(bytes(aki.keyIdentifier.buffer)) } : {}),
    ...(value(OID.crlDistributionPoints) ? { crlDistributionPoints: [...(read(OID.crlDistributionPoints, CRLDistributionPoints) ?? [])] } : {}),
    ocspUrls: [...(aia ?? [])].filter((a) => a.accessMethod === OID.accessOcsp && a.accessLocation.uniformResourceIdentifier).map((a) => a.accessLocation.uniformResourceIdentifier as string),
    ocspNoCheck: ids.includes(OID.ocspNoCheck),
    ...(value(OID.nameConstraints) ? { nameConstraints: read(OID.nameConstraints, NameConstraints) } : {}),
    altNames: [...(read(OID.subjectAltName, SubjectAlternativeName) ?? [])],
    ...(value(OID.certificatePolicies) ? { policies: [...(read(OID.certificatePolicies, CertificatePolicies) ?? [])].map((p) => p.policyIdentifier) } : {}),
    ...(value(OID.policyMappings) ? { policyMappings: [...(read(OID.policyMappings, PolicyMappings) ?? [])].map((m) => ({ issuerDomain: m.issuerDomainPolicy, subjectDomain: m.subjectDomainPolicy })) } : {}),
    ...(requireExplicitPolicy !== undefined ? { requireExplicitPolicy } : {}),
    ...(inhibitPolicyMapping !== undefined ? { inhibitPolicyMapping } : {}),
    ...(inhibitAny ? { inhibitAnyPolicy: Number(derInteger(inhibitAny.value)) } : {}),
  };
}

/** Parses every certificate in a PEM text (or a bare base64 DER). */
export function parseCertificates(text: string): Cert[] {
  return derItems(text, "CERTIFICATE").map(parseCertificate);
}

/**
 * Trust-store certificates. The store is configuration, not hostile input: an entry that
 * does not parse is skipped (it can anchor nothing) so one bad file cannot stop all signing;
 * the server validates its trust store when loading it.
 */
export function loadCertificates(texts: readonly string[]): Cert[] {
  const out: Cert[] = [];
  for (const text of Array.isArray(texts) ? texts : []) {
    try {
      out.push(...parseCertificates(text));
    } catch {
      // skipped: see above
    }
  }
  return out;
}

export function certificateInfo(cert: Cert): CertificateInfo {
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber,
    fingerprint: cert.fingerprint,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
  };
}

export function certificatePem(cert: Cert): string {
  return toPem(cert.der, "CERTIFICATE");
}

/** How a certificate is named in a check's detail, for the clerk reading the report. */
export function describe(cert: Cert): string {
  return `"${cert.subject}" (serial ${cert.serialNumber})`;
}
