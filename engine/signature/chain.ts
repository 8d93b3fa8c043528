// The `chain` check: build a certification path from the signer to a trust anchor out of
// the certificates the signer sent and the trust store's intermediates, verifying every
// link ourselves (@peculiar/x509's X509ChainBuilder only matches names and checks nothing).
//
// Rule for a failed path (the code the clerk sees), decided on the longest path we built:
//  - it ends at a self-signed certificate that is not an anchor       -> signature.untrusted_root
//  - its last issuer name matches no certificate we hold at all       -> signature.chain_incomplete
//    (an intermediate is missing: send it, or add it to the trust store)
//  - certificates with that name exist but none validly signed it
//    (wrong key, e.g. a forged or re-keyed CA, or not a CA)           -> signature.untrusted_root
//  - the only link found uses SHA-1/MD5 or an RSA key below 2048      -> signature.unsupported_algorithm
// Anchors are matched by exact DER (fingerprint), so a look-alike with an anchor's name
// but another key is never trusted; several anchors may share a name (re-keyed roots).
import type { ErrorCode } from "../errors.js";
import { type Cert, describe } from "./certificate.js";
import { weakIssuerSignature } from "./algorithms.js";
import { KeyUsageFlags } from "./x509.js";

/** Signer + intermediates + anchor; deeper hierarchies do not exist in practice. */
const MAX_PATH = 6;

export type PathResult =
  | { ok: true; path: Cert[] }
  | { ok: false; code: ErrorCode; detail: string; partial: Cert[] };

interface Context {
  anchors: Set<string>;
  pool: Cert[];
  crypto: Crypto;
  /** Memo of issuer-signature checks, keyed child fingerprint + issuer fingerprint. */
  signed: Map<string, Promise<boolean>>;
}

export async function buildPath(signer: Cert, offered: Cert[], anchors: Cert[], intermediates: Cert[], crypto: Crypto): Promise<PathResult> {
  const seen = new Set<string>();
  // Anchors first so that a path ends at the first anchor that signed, not a longer detour.
  const pool = [...anchors, ...offered, ...intermediates].filter((c) => !seen.has(c.fingerprint) && seen.add(c.fingerprint));
  const ctx: Context = { anchors: new Set(anchors.map((a) => a.fingerprint)), pool, crypto, signed: new Map() };
  return extend([signer], ctx);
}

async function extend(path: Cert[], ctx: Context): Promise<PathResult> {
  const top = path[path.length - 1] as Cert;
  if (ctx.anchors.has(top.fingerprint)) return { ok: true, path };
  const fail = (code: ErrorCode, detail: string): PathResult => ({ ok: false, code, detail, partial: path });
  if (path.length >= MAX_PATH) return fail("signature.untrusted_root", `no trust anchor within ${MAX_PATH} certificates`);

  const named = ctx.pool.filter((c) => c.subject === top.issuer && !path.some((p) => p.fingerprint === c.fingerprint));
  if (named.length === 0) {
    if (top.subject === top.issuer && (await signedBy(top, top, ctx))) {
      return fail("signature.untrusted_root", `the chain ends at self-signed ${describe(top)}, which is not a trust anchor`);
    }
    return fail("signature.chain_incomplete", `issuer "${top.issuer}" of ${describe(top)} is neither submitted, a known intermediate nor a trust anchor`);
  }

  let best: PathResult | undefined;
  for (const candidate of named) {
    const problem = await linkProblem(top, candidate, path.length - 1, ctx);
    const result = problem
      ? fail(problem.code, `${describe(top)} is not validly issued by ${describe(candidate)}: ${problem.detail}`)
      : await extend([...path, candidate], ctx);
    if (result.ok) return result;
    if (!best || (!best.ok && result.partial.length > best.partial.length)) best = result;
  }
  return best as PathResult;
}

/** Why `issuer` cannot be the issuer of `child`; `below` = CA certificates between them and the signer. */
async function linkProblem(child: Cert, issuer: Cert, below: number, ctx: Context): Promise<{ code: ErrorCode; detail: string } | undefined> {
  // RFC 5280 §4.2.1.9 / §6.1.4 (k): only a CA certificate can issue certificates.
  if (!issuer.ca?.ca) return { code: "signature.untrusted_root", detail: "the issuer is not a CA (basicConstraints)" };
  if (issuer.keyUsage !== undefined && !(issuer.keyUsage & KeyUsageFlags.keyCertSign)) {
    return { code: "signature.untrusted_root", detail: "the issuer's key usage does not allow keyCertSign" };
  }
  // §4.2.1.9 pathLenConstraint: the number of intermediate CAs that may follow this one.
  if (issuer.ca.pathLength !== undefined && below > issuer.ca.pathLength) {
    return { code: "signature.untrusted_root", detail: `path length constraint ${issuer.ca.pathLength} exceeded` };
  }
  if (!(await signedBy(child, issuer, ctx))) return { code: "signature.untrusted_root", detail: "the certificate signature does not verify with the issuer's key" };
  const weak = weakIssuerSignature(child.x509.signatureAlgorithm, issuer);
  if (weak) return { code: "signature.unsupported_algorithm", detail: weak };
  return undefined;
}

function signedBy(child: Cert, issuer: Cert, ctx: Context): Promise<boolean> {
  const key = `${child.fingerprint}:${issuer.fingerprint}`;
  let result = ctx.signed.get(key);
  if (!result) {
    // signatureOnly: dates are the `time` check's job, at the signing time, not "now".
    result = child.x509.verify({ publicKey: issuer.x509.publicKey, signatureOnly: true }, ctx.crypto).catch(() => false);
    ctx.signed.set(key, result);
  }
  return result;
}
