// A parsed certificate with every field the checks read, decoded up front: @peculiar/x509
// decodes parts lazily, and a truncated or hostile DER must fail here, at parsing, as
// `signature.malformed`, and not later in the middle of a chain or revocation check.
import { sha256Hex } from "../hash.js";
import type { CertificateInfo } from "./types.js";
import { derItems, toPem } from "./encoding.js";
import { BasicConstraintsExtension, KeyUsagesExtension, X509Certificate } from "./x509.js";

export interface Cert {
  x509: X509Certificate;
  der: Uint8Array;
  /** SHA-256 of the DER, hex lower-case: the identity used for binding and pinning. */
  fingerprint: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** basicConstraints: undefined when the extension is absent. */
  ca?: { ca: boolean; pathLength?: number };
  /** keyUsage bit mask (KeyUsageFlags); undefined when the extension is absent. */
  keyUsage?: number;
}

/** Parses one DER certificate; throws on anything that is not a complete X.509 certificate. */
export function parseCertificate(der: Uint8Array): Cert {
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
  return {
    x509,
    der: copy,
    fingerprint: sha256Hex(copy),
    subject: x509.subject,
    issuer: x509.issuer,
    serialNumber: x509.serialNumber.toLowerCase(),
    notBefore,
    notAfter,
    ca: basic ? { ca: basic.ca, ...(basic.pathLength !== undefined ? { pathLength: basic.pathLength } : {}) } : undefined,
    keyUsage: usage ? usage.usages : undefined,
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
