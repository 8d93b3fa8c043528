// The certificate half of verification, shared by signature checks and certificate
// registration: chain to an anchor, validity at `at`, revocation and key usage.
import type { CheckResult, TrustStore } from "./types.js";
import { type Cert, describe, loadCertificates } from "./certificate.js";
import { type Crl, loadCrls } from "./crl.js";
import { buildPath } from "./chain.js";
import { checkValidity } from "./validity.js";
import { checkRevocation } from "./revocation.js";
import { checkKeyUsage } from "./key-usage.js";
import { failed, notEvaluated, passed } from "./report.js";

export interface TrustMaterial {
  anchors: Cert[];
  intermediates: Cert[];
  crls: Crl[];
}

// Parsing the trust store costs more than verifying a signature (~4 ms against ~1 ms), and the
// server hands the engine the same store object until it re-reads its directories. A store is
// treated as immutable once passed in, so memoising by identity changes no result.
const parsed = new WeakMap<object, TrustMaterial>();

export function loadTrust(trust: TrustStore): TrustMaterial {
  const key = trust && typeof trust === "object" ? trust : undefined;
  const hit = key && parsed.get(key);
  if (hit) return hit;
  const t = (trust ?? {}) as Partial<TrustStore>;
  const material = { anchors: loadCertificates(t.anchors ?? []), intermediates: loadCertificates(t.intermediates ?? []), crls: loadCrls(t.crls ?? []) };
  if (key) parsed.set(key, material);
  return material;
}

export interface CertificateValidation {
  /** chain, time, revocation and keyUsage, in that order. */
  checks: CheckResult[];
  /** Signer first, anchor last; only when the chain check passed. */
  path?: Cert[];
  /** The CRLs that decided revocation. */
  crls: Crl[];
}

export async function validateCertificate(
  signer: Cert,
  offered: Cert[],
  trust: TrustMaterial,
  at: Date,
  crypto: Crypto,
): Promise<CertificateValidation> {
  const built = await buildPath(signer, offered, trust.anchors, trust.intermediates, crypto);
  const keyUsage = checkKeyUsage(signer);
  if (!built.ok) {
    return {
      // Dates are still worth reporting on the part of the path we could build.
      checks: [failed("chain", built.code, built.detail), checkValidity(built.partial, at), notEvaluated("revocation", "no path to a trust anchor"), keyUsage],
      crls: [],
    };
  }
  const anchor = built.path[built.path.length - 1] as Cert;
  const chain = passed("chain", `${built.path.length} certificate(s) up to trust anchor ${describe(anchor)}`);
  const revocation = await checkRevocation(built.path, trust.crls, at, crypto);
  return { checks: [chain, checkValidity(built.path, at), revocation.check, keyUsage], path: built.path, crls: revocation.used };
}

/** The signing time as a Date. Only full ISO-8601 date-times: "2025-07-10" alone is ambiguous about the time zone. */
export function instant(at: unknown): Date {
  if (typeof at !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(at)) {
    throw new TypeError(`at must be an ISO-8601 date-time with a time zone, got ${String(at)}`);
  }
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) throw new TypeError(`at is not a valid instant: ${at}`);
  return date;
}
