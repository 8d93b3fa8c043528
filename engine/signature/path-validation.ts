// validatePath: X.509 certification path validation on its own (RFC 5280 §6.1 with the
// revocation checks of §6.3 and RFC 6960). In: the certificate, trust anchors, candidate
// intermediates, revocation data (CRLs, OCSP responses) and the validation time. Out: a
// DSS-style report, an indication (PASSED / FAILED / INDETERMINATE) with one sub-result per
// check (chain, time, revocation), each failure with its own stable code and an ETSI EN
// 319 102-1 sub-indication, plus the path and the revocation evidence that decided.
// Pure and deterministic: no clock, no I/O; the signer policy (what the certificate may be
// used for, whose it is) is a separate question (signer-policy.ts).
//
// Several candidate paths may exist (cross-certified or re-keyed CAs): the first that passes
// wins; otherwise the one that got furthest decides the report.
import type { ErrorCode } from "../errors.js";
import type { CheckResult, Indication } from "./types.js";
import { type Cert, describe } from "./certificate.js";
import type { Crl } from "./crl.js";
import type { Ocsp } from "./ocsp.js";
import { MAX_PATH, buildPaths } from "./path-build.js";
import { type PathProblem, processPath } from "./path-process.js";
import { checkValidity } from "./validity.js";
import { type Environment, type Used, emptyUsed, reasonName, statusOf } from "./revocation.js";
import { certSignedBy, type SignatureMemo } from "./issuer-signature.js";
import { failed, judge, notEvaluated, passed, subIndicationOf, withSubIndications } from "./report.js";

export interface PathValidationInput {
  certificate: Cert;
  anchors: readonly Cert[];
  intermediates: readonly Cert[];
  crls: readonly Crl[];
  ocsp: readonly Ocsp[];
  at: Date;
  crypto: Crypto;
  /** Shared signature memo when several validations run over the same material (optional). */
  memo?: SignatureMemo;
}

export interface PathValidationReport {
  indication: Indication;
  /** ETSI EN 319 102-1 sub-indication of the deciding check, when not PASSED. */
  subIndication?: string;
  code?: ErrorCode;
  /** chain, time, revocation: in that order. */
  checks: CheckResult[];
  /** Target first, anchor last; when the chain check passed. */
  path?: Cert[];
  /** The evidence that decided revocation (empty unless revocation passed). */
  used: Used;
}

/** How many structurally valid paths get a revocation check before giving up. */
const MAX_REVOCATION_ATTEMPTS = 3;

export async function validatePath(input: PathValidationInput): Promise<PathValidationReport> {
  const env: Environment = {
    anchors: input.anchors,
    pool: [...input.intermediates, ...input.anchors],
    crls: input.crls,
    ocsp: input.ocsp,
    at: input.at,
    crypto: input.crypto,
    memo: input.memo ?? new Map(),
  };
  const target = input.certificate;
  const built = buildPaths(target, input.intermediates, input.anchors);
  if (built.paths.length === 0) {
    const partial = built.dangling?.path ?? [target];
    const top = partial[partial.length - 1] as Cert;
    const [code, detail] =
      built.dangling?.reason === "too-long"
        ? (["signature.untrusted_root", `no trust anchor within ${MAX_PATH} certificates`] as const)
        : top.selfIssued && (await certSignedBy(top, top, input.crypto, env.memo))
          ? (["signature.untrusted_root", `the chain ends at self-signed ${describe(top)}, which is not a trust anchor`] as const)
          : (["signature.chain_incomplete", `issuer "${top.issuer}" of ${describe(top)} is neither submitted, a known intermediate nor a trust anchor`] as const);
    return report([failed("chain", code, detail), checkValidity(partial, input.at), notEvaluated("revocation", "no path to a trust anchor")]);
  }

  const judged: Array<{ path: Cert[]; problem?: PathProblem; time: CheckResult }> = [];
  for (const path of built.paths) judged.push({ path, problem: await processPath(path, input.crypto, env.memo), time: checkValidity(path, input.at) });
  const sound = judged.filter((j) => !j.problem);
  if (sound.length === 0) {
    const best = judged.reduce((a, b) => ((b.problem as PathProblem).index < (a.problem as PathProblem).index ? b : a));
    const problem = best.problem as PathProblem;
    return report([failed("chain", problem.code, problem.detail), best.time, notEvaluated("revocation", "no valid path to a trust anchor")]);
  }

  // Prefer paths valid at the validation time; among them the first whose revocation check passes.
  const ordered = [...sound.filter((j) => j.time.result === "PASSED"), ...sound.filter((j) => j.time.result !== "PASSED")];
  let first: PathValidationReport | undefined;
  for (const j of ordered.slice(0, MAX_REVOCATION_ATTEMPTS)) {
    const anchor = j.path[j.path.length - 1] as Cert;
    const chain = passed("chain", `${j.path.length} certificate(s) up to trust anchor ${describe(anchor)}`);
    const revocation = await checkPathRevocation(j.path, env);
    const r = report([chain, j.time, revocation.check], j.path, revocation.used);
    if (r.indication === "PASSED") return r;
    first ??= r;
  }
  return first as PathValidationReport;
}

/** The `revocation` check: every certificate but the anchor, signer first. */
async function checkPathRevocation(path: Cert[], env: Environment): Promise<{ check: CheckResult; used: Used }> {
  const used = emptyUsed();
  const unknown: string[] = [];
  const notes: string[] = [];
  let hold: CheckResult | undefined;
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i] as Cert;
    const s = await statusOf(path, i, env, 0);
    if (s.state === "revoked" || s.state === "hold") {
      if (s.state === "hold") {
        hold ??= { check: "revocation", result: "INDETERMINATE", code: "signature.certificate_on_hold", detail: `${describe(cert)} is on hold (suspended) since ${s.when.toISOString()}, per ${s.source}` };
        continue;
      }
      const day = s.when.toISOString();
      const whose = i === 0 ? "certificate" : "CA certificate";
      return { check: failed("revocation", "signature.certificate_revoked", `${whose} ${describe(cert)} revoked on ${day.slice(0, 10)} (${day}${reasonName(s.reason)}), per ${s.source}`), used: emptyUsed() };
    }
    if (s.state === "unknown") {
      unknown.push(`${describe(cert)}: ${s.why.join("; ")}`);
      continue;
    }
    for (const c of s.used.crls) if (!used.crls.includes(c)) used.crls.push(c);
    for (const o of s.used.ocsp) if (!used.ocsp.includes(o)) used.ocsp.push(o);
    for (const c of s.used.certs) if (!used.certs.includes(c) && !path.includes(c)) used.certs.push(c);
    notes.push(...s.notes);
  }
  if (hold) return { check: hold, used: emptyUsed() };
  if (unknown.length > 0) return { check: { check: "revocation", result: "INDETERMINATE", code: "signature.revocation_unknown", detail: unknown.join(" | ") }, used: emptyUsed() };
  const detail = [`${path.length - 1} certificate(s) not revoked at ${env.at.toISOString()}`, ...notes].join("; ");
  return { check: passed("revocation", detail), used };
}

function report(checks: CheckResult[], path?: Cert[], used: Used = emptyUsed()): PathValidationReport {
  const { indication, code } = judge(checks);
  const withSub = withSubIndications(checks);
  const sub = subIndicationOf(code);
  if (indication === "PASSED") return { indication, checks: withSub, ...(path ? { path } : {}), used };
  return { indication, ...(code ? { code } : {}), ...(sub ? { subIndication: sub } : {}), checks: withSub, ...(path ? { path } : {}), used: emptyUsed() };
}
