// Revocation status of one certificate of a path (RFC 5280 §6.3 for CRLs, RFC 6960 for OCSP),
// from the evidence passed in. Rules:
//  - a CRL counts when it is a complete CRL current at the validation time (thisUpdate <= at
//    <= nextUpdate), carries no critical extension we cannot process, covers the certificate
//    (crl-scope.ts) and is signed by a key of the certificate's CA (crl-signer.ts);
//  - an OCSP response counts as ocsp.ts says;
//  - a listing whose revocation took effect at or before the validation time (the earlier of
//    revocationDate and invalidityDate, §5.3.2) revokes; certificateHold puts the certificate
//    on hold (INDETERMINATE, it may be released); removeFromCRL is not a revocation; a
//    revocation dated after the signing time leaves that signature valid;
//  - any usable source that revokes wins over one that clears: the cost of a wrong refusal is
//    a new signature, the cost of a wrong acceptance a revoked official's decision;
//  - "good" needs an OCSP "good" or CRLs covering every reason; otherwise the status is unknown,
//    which is INDETERMINATE, never a pass (the pkijs pitfall of treating no data as not revoked).
import { type Cert, describe } from "./certificate.js";
import { type Crl, REASON, REASON_NAMES } from "./crl.js";
import { ALL_REASONS, crlScope } from "./crl-scope.js";
import { type Ocsp, ocspStatus } from "./ocsp.js";
import type { SignatureMemo } from "./issuer-signature.js";
import { crlSigner } from "./crl-signer.js";

/** Everything path validation reads, passed in by the caller. */
export interface Environment {
  anchors: readonly Cert[];
  /** Candidate intermediates: the trust store's, the submission's, and those kept in evidence. */
  pool: readonly Cert[];
  crls: readonly Crl[];
  ocsp: readonly Ocsp[];
  at: Date;
  crypto: Crypto;
  memo: SignatureMemo;
}

/** The evidence that decided, to be kept for offline re-verification. */
export interface Used {
  crls: Crl[];
  ocsp: Ocsp[];
  /** Certificates outside the path that were needed (a CRL signer after a CA key rollover). */
  certs: Cert[];
}

export type Status =
  | { state: "good"; notes: string[]; used: Used }
  | { state: "revoked"; when: Date; reason?: number; source: string }
  | { state: "hold"; when: Date; reason?: number; source: string }
  | { state: "unknown"; why: string[] };

/** Evidence checks nest (a CRL signer's own certificate, an OCSP responder's): at most this deep. */
export const MAX_DEPTH = 2;

export function emptyUsed(): Used {
  return { crls: [], ocsp: [], certs: [] };
}

/** Status of `path[i]` (issued by `path[i + 1]`); `path` ends at a trust anchor. */
export async function statusOf(path: readonly Cert[], i: number, env: Environment, depth: number): Promise<Status> {
  const cert = path[i] as Cert;
  const issuer = path[i + 1] as Cert;
  const at = env.at.getTime();
  const why: string[] = [];
  const notes: string[] = [];
  let revoked: Extract<Status, { when: Date }> | undefined;
  const consider = (when: Date, reason: number | undefined, source: string) => {
    if (reason === REASON.removeFromCRL) return notes.push(`${source} lists it as removeFromCRL (not revoked)`);
    if (when.getTime() > at) return notes.push(`${describe(cert)} revoked on ${when.toISOString()}, after the signing time`);
    const state: "hold" | "revoked" = reason === REASON.certificateHold ? "hold" : "revoked";
    // A revocation beats a hold: the hold may be lifted, a revocation never.
    if (!revoked || (revoked.state === "hold" && state === "revoked")) revoked = { state, when, ...(reason !== undefined ? { reason } : {}), source } as Extract<Status, { when: Date }>;
  };

  // CRLs, newest first.
  const used = emptyUsed();
  const usable: Array<{ crl: Crl; reasons: number }> = [];
  const candidates = env.crls.filter((c) => c.issuerKey === cert.issuerKey || c.idp?.indirectCRL).sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
  for (const crl of candidates) {
    const problem = await crlProblem(crl, path, i, env, depth, used);
    if (typeof problem === "string") {
      if (problem) why.push(`CRL of "${crl.issuer}" (${crl.thisUpdate.toISOString()}): ${problem}`);
      continue;
    }
    usable.push({ crl, reasons: problem.reasons });
    const entry = crl.entries.find((e) => e.serial === cert.serial && e.issuerKey === cert.issuerKey);
    if (entry) {
      const effective = entry.invalidity && entry.invalidity < entry.revocationDate ? entry.invalidity : entry.revocationDate;
      consider(effective, entry.reason, `the CRL of ${crl.thisUpdate.toISOString()}`);
    }
  }
  let covered = 0;
  const deciding: Crl[] = [];
  for (const u of usable) {
    if ((covered | u.reasons) === covered) continue;
    covered |= u.reasons;
    deciding.push(u.crl);
  }
  if (usable.length > 0 && covered !== ALL_REASONS) why.push("the usable CRLs cover only some revocation reasons (onlySomeReasons)");

  // OCSP responses.
  let goodOcsp: { o: Ocsp; thisUpdate: Date } | undefined;
  for (const o of env.ocsp) {
    const s = await ocspStatus(o, cert, issuer, {
      at: env.at,
      crypto: env.crypto,
      memo: env.memo,
      responderNotRevoked: (responder) => responderProblem(responder, path, i, env, depth),
    });
    if (!s.usable) {
      if (s.why !== "it does not name this certificate") why.push(`OCSP response of ${o.producedAt.toISOString()}: ${s.why}`);
    } else if (s.status === "revoked") consider(s.revokedAt, s.reason, `the OCSP response of ${s.thisUpdate.toISOString()}`);
    // The freshest "good" is the one kept as evidence.
    else if (s.status === "good") goodOcsp = !goodOcsp || s.thisUpdate > goodOcsp.thisUpdate ? { o, thisUpdate: s.thisUpdate } : goodOcsp;
    else why.push(`the OCSP responder does not know ${describe(cert)} (status unknown)`);
  }

  if (revoked) return revoked;
  if (covered === ALL_REASONS || goodOcsp) {
    if (covered === ALL_REASONS) used.crls.unshift(...deciding);
    if (goodOcsp) used.ocsp.push(goodOcsp.o);
    return { state: "good", notes, used };
  }
  if (why.length === 0) why.push(`no CRL or OCSP response of "${issuer.subject}" current at ${env.at.toISOString()} covers ${describe(cert)}`);
  return { state: "unknown", why };
}

/** undefined-like "" for a CRL that is silently not about this certificate; a reason string; or its scope when usable. */
async function crlProblem(crl: Crl, path: readonly Cert[], i: number, env: Environment, depth: number, used: Used): Promise<string | { reasons: number }> {
  const cert = path[i] as Cert;
  if (crl.delta) return "it is a delta CRL, which proves nothing alone";
  const t = env.at.getTime();
  if (crl.thisUpdate.getTime() > t) return "it was published after the validation time";
  if (crl.nextUpdate && t > crl.nextUpdate.getTime()) return `it is stale (nextUpdate ${crl.nextUpdate.toISOString()})`;
  if (crl.unknownCritical.length > 0) return `it carries critical ${crl.unknownCritical.join(", ")}, which cannot be processed, so it must not be used`;
  const scope = crlScope(crl, cert);
  if (!scope.covers) return crl.issuerKey === cert.issuerKey ? `it does not cover ${describe(cert)}: ${scope.why}` : "";
  const signer = await crlSigner(crl, path, i, env, depth);
  if (!signer.ok) return signer.why;
  used.certs.push(...signer.extra.certs);
  used.crls.push(...signer.extra.crls);
  used.ocsp.push(...signer.extra.ocsp);
  return { reasons: scope.reasons };
}

/** A delegated OCSP responder without nocheck: its own status from the issuer's CRLs (no OCSP about OCSP). */
async function responderProblem(responder: Cert, path: readonly Cert[], i: number, env: Environment, depth: number): Promise<string | undefined> {
  if (depth + 1 >= MAX_DEPTH) return "its revocation status cannot be checked (nested too deep)";
  const responderPath = [responder, ...path.slice(i + 1)];
  const status = await statusOf(responderPath, 0, { ...env, ocsp: [] }, depth + 1);
  if (status.state === "good") return undefined;
  if (status.state === "unknown") return `its revocation status is unknown (${status.why.join("; ")})`;
  return `it was revoked on ${status.when.toISOString()}`;
}

export function reasonName(reason: number | undefined): string {
  return reason === undefined ? "" : `, reason ${REASON_NAMES[reason] ?? reason}`;
}
