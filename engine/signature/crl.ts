// Certificate revocation lists from the trust store, parsed up front (like certificate.ts)
// and selected for one certificate: a CRL counts only if its issuer's key signed it and it
// is current at the signing time.
import { derItems, toPem } from "./encoding.js";
import { weakIssuerSignature } from "./algorithms.js";
import type { Cert } from "./certificate.js";
import { KeyUsageFlags, X509Crl } from "./x509.js";

/** RFC 5280 §5.2.4 deltaCRLIndicator: a delta lists only changes since a base CRL, so alone it proves nothing. */
const DELTA_CRL_INDICATOR = "2.5.29.27";

export interface Crl {
  x509: X509Crl;
  der: Uint8Array;
  issuer: string;
  thisUpdate: Date;
  nextUpdate?: Date;
}

/** Trust-store CRLs (PEM "X509 CRL" or bare base64 DER). Unparsable or delta CRLs are skipped: they cannot vouch for anything. */
export function loadCrls(texts: readonly string[]): Crl[] {
  const out: Crl[] = [];
  for (const text of Array.isArray(texts) ? texts : []) {
    try {
      // RFC 7468 §5 says "X509 CRL"; @peculiar/x509 and some CAs write "CRL".
      for (const der of derItems(text, ["X509 CRL", "CRL"])) {
        const x509 = new X509Crl(der.slice());
        if (x509.getExtension(DELTA_CRL_INDICATOR)) continue;
        void x509.signatureAlgorithm;
        out.push({ x509, der, issuer: x509.issuer, thisUpdate: x509.thisUpdate, ...(x509.nextUpdate ? { nextUpdate: x509.nextUpdate } : {}) });
      }
    } catch {
      // skipped: see above
    }
  }
  return out;
}

export function crlPem(crl: Crl): string {
  return toPem(crl.der, "X509 CRL");
}

/**
 * The CRLs that may decide about a certificate issued by `issuer` at time `at`, newest first:
 * same issuer name, signature verified with the issuer's key (a CRL signed by any other key
 * is ignored, not believed), issuer allowed to sign CRLs, and current at `at`
 * (thisUpdate <= at <= nextUpdate). A CRL published after `at` is not used: the decision
 * must be reproducible from what the issuer had published at the signing time, which is
 * also what the evidence keeps. A stale CRL (nextUpdate before `at`) may have missed a
 * revocation, so it does not count either.
 */
export async function crlsFor(issuer: Cert, crls: Crl[], at: Date, crypto: Crypto): Promise<Crl[]> {
  if (issuer.keyUsage !== undefined && !(issuer.keyUsage & KeyUsageFlags.cRLSign)) return [];
  const t = at.getTime();
  const current = crls.filter(
    (c) => c.issuer === issuer.subject && c.thisUpdate.getTime() <= t && (!c.nextUpdate || t <= c.nextUpdate.getTime()),
  );
  const verified: Crl[] = [];
  for (const crl of current) {
    if (weakIssuerSignature(crl.x509.signatureAlgorithm, issuer)) continue;
    // The issuer's PublicKey, not its certificate: with a certificate @peculiar/x509 would
    // combine the key with the certificate's own signature algorithm instead of the CRL's.
    const ok = await crl.x509.verify({ publicKey: issuer.x509.publicKey }, crypto).catch(() => false);
    if (ok) verified.push(crl);
  }
  return verified.sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
}
