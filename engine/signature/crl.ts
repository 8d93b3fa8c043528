// Certificate revocation lists, parsed up front (like certificate.ts) into what RFC 5280 §5
// and §6.3 decide on: the issuer name for §7.1 comparison, the validity window, every entry
// with its serial as an integer from the DER (never @peculiar/x509's findRevoked, which
// re-encodes negative serials), reason, invalidity date and certificate issuer (indirect
// CRLs), the issuingDistributionPoint, and the critical extensions we do not understand,
// which make the whole CRL unusable (§5.2, §5.3).
import { derItems, toPem } from "./encoding.js";
import { X509Crl } from "./x509.js";
import { bytes, decode, derInteger, hex } from "./asn1.js";
import { nameKey } from "./name.js";
import {
  AuthorityKeyIdentifier,
  CertificateIssuer,
  CertificateList,
  CRLReason,
  type Extension,
  InvalidityDate,
  IssuingDistributionPoint,
  type Name,
} from "@peculiar/asn1-x509";

const CRL_EXT = {
  authorityKeyId: "2.5.29.35",
  issuerAltName: "2.5.29.18",
  crlNumber: "2.5.29.20",
  deltaCrlIndicator: "2.5.29.27",
  issuingDistributionPoint: "2.5.29.28",
  freshestCrl: "2.5.29.46",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
  expiredCertsOnCrl: "2.5.29.60",
};
const ENTRY_EXT = { reasonCode: "2.5.29.21", holdInstructionCode: "2.5.29.23", invalidityDate: "2.5.29.24", certificateIssuer: "2.5.29.29" };
const UNDERSTOOD_CRL = new Set(Object.values(CRL_EXT));
const UNDERSTOOD_ENTRY = new Set(Object.values(ENTRY_EXT));

/** CRLReason values (RFC 5280 §5.3.1). */
export const REASON = { certificateHold: 6, removeFromCRL: 8 } as const;
export const REASON_NAMES = ["unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded", "cessationOfOperation", "certificateHold", "(7)", "removeFromCRL", "privilegeWithdrawn", "aACompromise"];

export interface CrlEntry {
  serial: bigint;
  revocationDate: Date;
  reason?: number;
  invalidity?: Date;
  /** §7.1 key of the certificate issuer this entry is about (the CRL issuer unless an indirect CRL says otherwise). */
  issuerKey: string;
}

export interface Crl {
  x509: X509Crl;
  der: Uint8Array;
  /** As @peculiar/x509 renders it, for people. */
  issuer: string;
  issuerName: Name;
  issuerKey: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  entries: CrlEntry[];
  /** Critical CRL or entry extensions we cannot process: such a CRL MUST NOT be used (§5.2, §5.3). */
  unknownCritical: string[];
  idp?: IssuingDistributionPoint;
  /** deltaCRLIndicator (§5.2.4): a delta lists only changes since a base CRL, so alone it proves nothing. */
  delta: boolean;
  authorityKeyId?: string;
}

/** Parses one DER CRL; throws on anything that is not a complete CRL. */
export function parseCrl(der: Uint8Array): Crl {
  const copy = der.slice();
  const x509 = new X509Crl(copy);
  void x509.signatureAlgorithm;
  const held = (x509 as unknown as { asn?: unknown }).asn;
  const list = (held instanceof CertificateList ? held : decode(copy, CertificateList, "CRL")).tbsCertList;
  const exts = list.crlExtensions ?? [];
  const find = (id: string) => exts.find((e) => e.extnID === id);
  const unknownCritical = exts.filter((e) => e.critical && !UNDERSTOOD_CRL.has(e.extnID)).map((e) => `CRL extension ${e.extnID}`);
  const idpExt = find(CRL_EXT.issuingDistributionPoint);
  const aki = find(CRL_EXT.authorityKeyId);
  const issuerKey = nameKey(list.issuer);
  const entries: CrlEntry[] = [];
  let entryIssuer = issuerKey;
  for (const e of list.revokedCertificates ?? []) {
    const eexts: Extension[] = e.crlEntryExtensions ?? [];
    const ext = (id: string) => eexts.find((x) => x.extnID === id)?.extnValue.buffer;
    for (const x of eexts) if (x.critical && !UNDERSTOOD_ENTRY.has(x.extnID)) unknownCritical.push(`entry extension ${x.extnID}`);
    const issuerExt = ext(ENTRY_EXT.certificateIssuer);
    // §5.3.3: certificateIssuer applies to this entry and every following one until the next.
    if (issuerExt) {
      const dn = [...decode(issuerExt, CertificateIssuer, "certificateIssuer")].find((g) => g.directoryName)?.directoryName;
      entryIssuer = dn ? nameKey(dn) : "(no directoryName)";
    }
    const reason = ext(ENTRY_EXT.reasonCode);
    const invalidity = ext(ENTRY_EXT.invalidityDate);
    entries.push({
      serial: derInteger(e.userCertificate),
      revocationDate: e.revocationDate.getTime(),
      ...(reason ? { reason: decode(reason, CRLReason, "reasonCode").reason } : {}),
      ...(invalidity ? { invalidity: decode(invalidity, InvalidityDate, "invalidityDate").value } : {}),
      issuerKey: entryIssuer,
    });
  }
  return {
    x509,
    der: copy,
    issuer: x509.issuer,
    issuerName: list.issuer,
    issuerKey,
    thisUpdate: list.thisUpdate.getTime(),
    ...(list.nextUpdate ? { nextUpdate: list.nextUpdate.getTime() } : {}),
    entries,
    unknownCritical,
    ...(idpExt ? { idp: decode(idpExt.extnValue.buffer, IssuingDistributionPoint, "issuingDistributionPoint") } : {}),
    delta: find(CRL_EXT.deltaCrlIndicator) !== undefined,
    ...(aki ? authorityKeyIdOf(aki) : {}),
  };
}

function authorityKeyIdOf(ext: Extension): { authorityKeyId?: string } {
  const id = decode(ext.extnValue.buffer, AuthorityKeyIdentifier, "authorityKeyIdentifier").keyIdentifier;
  return id ? { authorityKeyId: hex(bytes(id.buffer)) } : {};
}

/** Trust-store or evidence CRLs (PEM "X509 CRL" or bare base64 DER). Unparsable CRLs are skipped: they cannot vouch for anything. */
export function loadCrls(texts: readonly string[]): Crl[] {
  const out: Crl[] = [];
  for (const text of Array.isArray(texts) ? texts : []) {
    try {
      // RFC 7468 §5 says "X509 CRL"; @peculiar/x509 and some CAs write "CRL".
      for (const der of derItems(text, ["X509 CRL", "CRL"])) out.push(parseCrl(der));
    } catch {
      // skipped: see above
    }
  }
  return out;
}

export function crlPem(crl: Crl): string {
  return toPem(crl.der, "X509 CRL");
}
