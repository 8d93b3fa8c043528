// Who may sign a CRL about a certificate, RFC 5280 §6.3.3 (f)-(g): a certificate with the
// CRL issuer's name (§7.1) whose key verifies the CRL, with cRLSign when it has keyUsage, that
// chains to the *same* trust anchor as the certificate being checked. That is the CA's own
// certificate in the path; after a key rollover it is the CA's other certificate: a
// self-issued one further up the path (openssl's "same path" case), or one from the trust
// store or the evidence, whose own path is then validated here, revocation included, one
// level deep (PKITS 4.4.19-21 and 4.5.x describe exactly these hierarchies).
import type { Cert } from "./certificate.js";
import type { Crl } from "./crl.js";
import { weakIssuerSignature } from "./algorithms.js";
import { buildPaths } from "./path-build.js";
import { processPath } from "./path-process.js";
import { checkValidity } from "./validity.js";
import { type Environment, MAX_DEPTH, type Used, emptyUsed, statusOf } from "./revocation.js";
import { KeyUsageFlags } from "./x509.js";

export type Signer = { ok: true; signer: Cert; extra: Used } | { ok: false; why: string };

const verified = new WeakMap<Crl, Map<string, Promise<boolean>>>();

export async function crlSigner(crl: Crl, path: readonly Cert[], i: number, env: Environment, depth: number): Promise<Signer> {
  const anchor = path[path.length - 1] as Cert;
  const above = path.slice(i + 1).filter((c) => c.subjectKey === crl.issuerKey);
  const others = depth === 0 ? env.pool.filter((c) => c.subjectKey === crl.issuerKey && !path.includes(c)) : [];
  let why = "it is not signed by the key of any certificate of its issuer";
  for (const candidate of [...above, ...others]) {
    if (candidate.keyUsage !== undefined && !(candidate.keyUsage & KeyUsageFlags.cRLSign)) {
      why = `its signer "${candidate.subject}" may not sign CRLs (keyUsage without cRLSign)`;
      continue;
    }
    if (weakIssuerSignature(crl.x509.signatureAlgorithm, candidate)) {
      why = `it is signed with a weak algorithm (${weakIssuerSignature(crl.x509.signatureAlgorithm, candidate)})`;
      continue;
    }
    if (!(await signedBy(crl, candidate, env.crypto))) continue;
    if (above.includes(candidate)) return { ok: true, signer: candidate, extra: emptyUsed() };
    const chained = await signerPath(candidate, anchor, env, depth);
    if (chained.ok) return { ok: true, signer: candidate, extra: chained.used };
    why = `its signer "${candidate.subject}" (the CA's other key) ${chained.why}`;
  }
  return { ok: false, why };
}

/** Validates a CRL signer outside the path up to `anchor`: structure, dates and its own revocation status. */
async function signerPath(signer: Cert, anchor: Cert, env: Environment, depth: number): Promise<{ ok: true; used: Used } | { ok: false; why: string }> {
  if (depth + 1 >= MAX_DEPTH) return { ok: false, why: "cannot be checked (nested too deep)" };
  const built = buildPaths(signer, env.pool, [anchor]);
  let why = "does not chain to the same trust anchor";
  for (const p of built.paths) {
    const problem = await processPath(p, env.crypto, env.memo);
    if (problem) {
      why = `does not chain to the same trust anchor: ${problem.detail}`;
      continue;
    }
    const time = checkValidity(p, env.at);
    if (time.result !== "PASSED") {
      why = `is not valid at the validation time: ${time.detail}`;
      continue;
    }
    const used: Used = { crls: [], ocsp: [], certs: p.slice(0, -1) };
    let revocation: string | undefined;
    for (let k = 0; k + 1 < p.length && !revocation; k++) {
      const s = await statusOf(p, k, env, depth + 1);
      if (s.state === "good") {
        used.crls.push(...s.used.crls);
        used.ocsp.push(...s.used.ocsp);
        used.certs.push(...s.used.certs);
      } else revocation = s.state === "unknown" ? `has an unknown revocation status (${s.why.join("; ")})` : `was revoked on ${s.when.toISOString()}`;
    }
    if (!revocation) return { ok: true, used };
    why = revocation;
  }
  return { ok: false, why };
}

function signedBy(crl: Crl, signer: Cert, crypto: Crypto): Promise<boolean> {
  let byCrl = verified.get(crl);
  if (!byCrl) verified.set(crl, (byCrl = new Map()));
  let result = byCrl.get(signer.fingerprint);
  if (!result) {
    // The signer's PublicKey, not its certificate: with a certificate @peculiar/x509 would
    // combine the key with the certificate's own signature algorithm instead of the CRL's.
    result = crl.x509.verify({ publicKey: signer.x509.publicKey }, crypto).catch(() => false);
    byCrl.set(signer.fingerprint, result);
  }
  return result;
}
