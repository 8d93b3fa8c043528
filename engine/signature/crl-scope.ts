// Whether a CRL covers a certificate, RFC 5280 §6.3.3 (b) and (d): the CRL's issuer against
// the certificate's issuer or, for an indirect CRL, the cRLIssuer its distribution point
// names; the issuingDistributionPoint's distribution point name against the certificate's
// CRL distribution points; onlyContainsUserCerts / onlyContainsCACerts /
// onlyContainsAttributeCerts; and the reasons the CRL may speak for (onlySomeReasons
// intersected with the distribution point's reasons). A CRL that covers only some
// certificates or some reasons is never used to clear a certificate it does not cover.
import type { DistributionPoint, DistributionPointName, GeneralName, Name } from "@peculiar/asn1-x509";
import type { Cert } from "./certificate.js";
import type { Crl } from "./crl.js";
import { nameKey } from "./name.js";

/** keyCompromise .. aACompromise as ReasonFlags bits (bit 0, "unused", is not a reason). */
export const ALL_REASONS = 0b1_1111_1110;

export type Scope = { covers: true; reasons: number } | { covers: false; why: string };

export function crlScope(crl: Crl, cert: Cert): Scope {
  const idp = crl.idp;
  if (idp?.onlyContainsAttributeCerts) return { covers: false, why: "it lists attribute certificates only" };
  if (idp?.onlyContainsUserCerts && cert.ca?.ca) return { covers: false, why: "it lists end-entity certificates only (onlyContainsUserCerts)" };
  if (idp?.onlyContainsCACerts && !cert.ca?.ca) return { covers: false, why: "it lists CA certificates only (onlyContainsCACerts)" };
  // A certificate without cRLDistributionPoints is covered as if by one point with every reason and its issuer as cRLIssuer.
  const points: DistributionPoint[] = cert.crlDistributionPoints ?? [{ cRLIssuer: [{ directoryName: cert.issuerName } as GeneralName] } as DistributionPoint];
  const onlySome = idp?.onlySomeReasons ? idp.onlySomeReasons.toNumber() & ALL_REASONS : ALL_REASONS;
  let why = "none of the certificate's CRL distribution points names it";
  let reasons = 0;
  for (const dp of points) {
    const problem = pointProblem(crl, cert, dp);
    if (problem) {
      why = problem;
      continue;
    }
    reasons |= onlySome & (dp.reasons ? dp.reasons.toNumber() & ALL_REASONS : ALL_REASONS);
  }
  if (reasons === 0) return { covers: false, why };
  return { covers: true, reasons };
}

function pointProblem(crl: Crl, cert: Cert, dp: DistributionPoint): string | undefined {
  const crlIssuers = (dp.cRLIssuer ?? []).filter((g) => g.directoryName).map((g) => nameKey(g.directoryName as Name));
  if (dp.cRLIssuer && !(dp.distributionPoint === undefined && crlIssuers.includes(cert.issuerKey))) {
    // (b)(1)(ii): the distribution point names the CRL issuer; the CRL must then say it is indirect.
    if (!crlIssuers.includes(crl.issuerKey)) return "its issuer is not the cRLIssuer the certificate names";
    if (crl.issuerKey !== cert.issuerKey && !crl.idp?.indirectCRL) return "it is not marked as an indirect CRL (issuingDistributionPoint indirectCRL)";
  } else if (crl.issuerKey !== cert.issuerKey) {
    return "its issuer is not the certificate's issuer";
  }
  const idpName = crl.idp?.distributionPoint;
  if (idpName) {
    // (b)(2)(i): one name of the IDP must match one name of the certificate's point (or its cRLIssuer).
    const ours = new Set(pointNames(idpName, crl.issuerName));
    const theirs = dp.distributionPoint ? pointNames(dp.distributionPoint, cert.issuerName) : (dp.cRLIssuer ?? []).map(generalNameKey);
    if (!theirs.some((n) => ours.has(n))) return "its issuingDistributionPoint is not one of the certificate's CRL distribution points";
  }
  return undefined;
}

/** Full names of a distribution point; a name relative to the CRL issuer is appended to the issuer's DN. */
function pointNames(p: DistributionPointName, issuer: Name): string[] {
  if (p.fullName) return p.fullName.map(generalNameKey);
  if (p.nameRelativeToCRLIssuer) {
    const full = [...issuer, p.nameRelativeToCRLIssuer] as unknown as Name;
    return [`dn:${nameKey(full)}`];
  }
  return [];
}

function generalNameKey(g: GeneralName): string {
  if (g.directoryName) return `dn:${nameKey(g.directoryName)}`;
  if (g.uniformResourceIdentifier !== undefined) return `uri:${g.uniformResourceIdentifier}`;
  if (g.dNSName !== undefined) return `dns:${g.dNSName.toLowerCase()}`;
  if (g.rfc822Name !== undefined) return `email:${g.rfc822Name.toLowerCase()}`;
  return `other:${JSON.stringify(g)}`;
}
