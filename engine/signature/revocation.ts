// The `revocation` check over a built path. Every certificate except the trust anchor needs
// a CRL from its issuer (crl.ts decides which CRLs count). No such CRL is INDETERMINATE
// `signature.revocation_unknown`, never a pass: the pkijs pitfall of treating "no data" as
// "not revoked". A listed certificate is revoked only if its revocation took effect at or
// before the signing time: a key revoked next week does not undo today's signature.
import type { CheckResult } from "./types.js";
import { type Cert, describe } from "./certificate.js";
import { type Crl, crlsFor } from "./crl.js";
import { X509CrlReason } from "./x509.js";

export interface RevocationResult {
  check: CheckResult;
  /** The CRL that decided for each checked certificate, signer's first. */
  used: Crl[];
}

/** `path` is signer first, trust anchor last (as chain.ts builds it). */
export async function checkRevocation(path: Cert[], crls: Crl[], at: Date, crypto: Crypto): Promise<RevocationResult> {
  const used: Crl[] = [];
  const unknown: string[] = [];
  const notes: string[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i] as Cert;
    const issuer = path[i + 1] as Cert;
    const candidates = await crlsFor(issuer, crls, at, crypto);
    if (candidates.length === 0) {
      unknown.push(`no CRL of "${issuer.subject}" current at ${at.toISOString()} and signed by its key covers ${describe(cert)}`);
      continue;
    }
    used.push(candidates[0] as Crl);
    // A listing on any current CRL counts. Being conservative costs the official a new
    // signature; the opposite could accept a revoked key.
    let later: string | undefined;
    for (const crl of candidates) {
      const entry = crl.x509.findRevoked(cert.x509);
      if (!entry) continue;
      // RFC 5280 §5.3.2: invalidityDate is when the key is known or suspected to have been
      // compromised, possibly before the revocation was recorded; the earlier date counts.
      const invalidity = entry.invalidity;
      const effective = invalidity && invalidity < entry.revocationDate ? invalidity : entry.revocationDate;
      const reason = entry.reason !== undefined ? `, reason ${X509CrlReason[entry.reason] ?? entry.reason}` : "";
      if (effective.getTime() <= at.getTime()) {
        return {
          check: {
            check: "revocation",
            result: "FAILED",
            code: "signature.certificate_revoked",
            detail: `certificate ${describe(cert)} revoked on ${effective.toISOString().slice(0, 10)} (${effective.toISOString()}${reason})`,
          },
          used: [crl],
        };
      }
      later ??= `${describe(cert)} revoked on ${effective.toISOString()}, after the signing time`;
    }
    if (later) notes.push(later);
  }
  if (unknown.length > 0) {
    return { check: { check: "revocation", result: "INDETERMINATE", code: "signature.revocation_unknown", detail: unknown.join("; ") }, used };
  }
  const detail = [`${used.length} certificate(s) not revoked at ${at.toISOString()}`, ...notes].join("; ");
  return { check: { check: "revocation", result: "PASSED", detail }, used };
}
