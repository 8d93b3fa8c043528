// The certificate half of verification, shared by signature checks and certificate
// registration: path validation (path-validation.ts: chain, time, revocation) followed by
// the signer policy (signer-policy.ts: key usage, extended key usage, not a CA).
import type { CheckResult, TrustStore } from "./types.js";
import { type Cert, loadCertificates } from "./certificate.js";
import { type Crl, loadCrls } from "./crl.js";
import { type Ocsp, loadOcsp } from "./ocsp.js";
import { validatePath } from "./path-validation.js";
import { checkKeyUsage } from "./signer-policy.js";
import type { Used } from "./revocation.js";
import type { SignatureMemo } from "./issuer-signature.js";

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

/** Revocation data for one validation: the trust store's CRLs plus what came with the request. */
export interface RevocationInput {
  crls?: Crl[];
  ocsp?: Ocsp[];
}

export interface CertificateValidation {
  /** chain, time, revocation and keyUsage, in that order. */
  checks: CheckResult[];
  /** Signer first, anchor last; only when the chain check passed. */
  path?: Cert[];
  /** The revocation evidence that decided. */
  used: Used;
}

export async function validateCertificate(
  signer: Cert,
  offered: Cert[],
  trust: TrustMaterial,
  at: Date,
  crypto: Crypto,
  extra: RevocationInput = {},
  memo?: SignatureMemo,
): Promise<CertificateValidation> {
  const report = await validatePath({
    certificate: signer,
    anchors: trust.anchors,
    intermediates: [...offered, ...trust.intermediates],
    crls: [...trust.crls, ...(extra.crls ?? [])],
    ocsp: extra.ocsp ?? [],
    at,
    crypto,
    ...(memo ? { memo } : {}),
  });
  return { checks: [...report.checks, checkKeyUsage(signer)], ...(report.path ? { path: report.path } : {}), used: report.used };
}

/** OCSP responses from the submission and from the server, parsed; unusable ones are dropped. */
export function ocspOf(...lists: Array<readonly unknown[] | undefined>): Ocsp[] {
  return loadOcsp(lists.flatMap((l) => (Array.isArray(l) ? l : [])));
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
