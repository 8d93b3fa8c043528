// RFC 5280 §6.1 basic path processing of one candidate path, from the trust anchor down:
// each certificate's signature with the working public key, name chaining (§7.1), critical
// extensions we cannot process, name constraints, certificate policies and, for every CA
// certificate below the anchor, basicConstraints cA, keyCertSign and the path length, which
// self-issued certificates (a CA's key rollover certificates) do not count (§6.1.4 (l)).
// Validity dates and revocation are separate checks (validity.ts, revocation.ts) so the
// report can say which one failed.
//
// Our own code rather than pkijs' CertificateChainValidationEngine because the libraries get
// exactly these rules wrong (see the README's "Certificate path validation").
import type { ErrorCode } from "../errors.js";
import { type Cert, OID, describe } from "./certificate.js";
import { weakIssuerSignature } from "./algorithms.js";
import { certSignedBy, type SignatureMemo } from "./issuer-signature.js";
import { NameConstraintState } from "./name-constraints.js";
import { PolicyState } from "./policy.js";
import { KeyUsageFlags } from "./x509.js";

/** Extensions whose semantics we process (or that cannot change a path's validity); any other critical one refuses the certificate (§4.2). */
const UNDERSTOOD = new Set<string>([
  OID.basicConstraints, OID.keyUsage, OID.extKeyUsage, OID.subjectAltName, OID.issuerAltName, OID.subjectKeyId,
  OID.authorityKeyId, OID.crlDistributionPoints, OID.freshestCrl, OID.certificatePolicies, OID.policyMappings,
  OID.policyConstraints, OID.inhibitAnyPolicy, OID.nameConstraints, OID.subjectDirectoryAttributes,
  OID.authorityInfoAccess, OID.subjectInfoAccess, OID.ocspNoCheck,
]);

export interface PathProblem {
  code: ErrorCode;
  detail: string;
  /** Position of the certificate at fault, 0 = target: the lower, the further the path got. */
  index: number;
}

/** `path`: target first, trust anchor last. Resolves to the first problem found from the anchor down, or undefined. */
export async function processPath(path: readonly Cert[], crypto: Crypto, memo: SignatureMemo): Promise<PathProblem | undefined> {
  const last = path.length - 1;
  const anchor = path[last] as Cert;
  const fail = (code: ErrorCode, index: number, detail: string): PathProblem => ({ code, index, detail });
  if (last === 0) return undefined;
  // The anchor's own constraints apply too (RFC 5937 §3), as openssl and most validators do.
  const anchorProblem = caProblem(anchor);
  if (anchorProblem) return fail(anchorProblem.code, last, `trust anchor ${describe(anchor)} ${anchorProblem.detail}`);
  let maxPathLength = anchor.ca?.pathLength ?? Number.POSITIVE_INFINITY;
  const names = new NameConstraintState();
  names.add(anchor.nameConstraints);
  const policies = new PolicyState(last);

  for (let i = last - 1; i >= 0; i--) {
    const cert = path[i] as Cert;
    const issuer = path[i + 1] as Cert;
    const depth = last - i;
    if (cert.issuerKey !== issuer.subjectKey) return fail("signature.untrusted_root", i, `the issuer name of ${describe(cert)} is not the subject of ${describe(issuer)}`);
    if (!(await certSignedBy(cert, issuer, crypto, memo))) {
      return fail("signature.untrusted_root", i, `${describe(cert)} is not validly issued by ${describe(issuer)}: the certificate signature does not verify with the issuer's key`);
    }
    const weak = weakIssuerSignature(cert.x509.signatureAlgorithm, issuer);
    if (weak) return fail("signature.unsupported_algorithm", i, `${describe(cert)} is not validly issued by ${describe(issuer)}: ${weak}`);
    const unknown = cert.extensions.filter((e) => e.critical && !UNDERSTOOD.has(e.id)).map((e) => e.id);
    if (unknown.length > 0) return fail("signature.unsupported_critical_extension", i, `${describe(cert)} carries critical extension(s) ${unknown.join(", ")} that cannot be processed`);
    if (i === 0 || !cert.selfIssued) {
      const violation = names.check(cert);
      if (violation) return fail("signature.name_constraints", i, `${describe(cert)} violates the name constraints of its CAs: ${violation}`);
    }
    const policy = policies.process(cert, depth, i === 0);
    if (policy) return fail("signature.policy_constraints", i, `${describe(cert)}: ${policy}`);
    if (i === 0) break;

    // §6.1.4: preparation for the next certificate; `cert` is an intermediate CA.
    const problem = caProblem(cert) ?? (cert.ca?.ca ? undefined : { code: "signature.issuer_not_ca" as const, detail: "is not a CA certificate (no basicConstraints)" });
    if (problem) return fail(problem.code, i, `${describe(cert)} ${problem.detail} but issued ${describe(path[i - 1] as Cert)}`);
    if (!cert.selfIssued) {
      if (maxPathLength <= 0) return fail("signature.path_length_exceeded", i, `${describe(cert)} exceeds the path length constraint of the CAs above it`);
      maxPathLength--;
    }
    if (cert.ca?.pathLength !== undefined && cert.ca.pathLength < maxPathLength) maxPathLength = cert.ca.pathLength;
    names.add(cert.nameConstraints);
    const mapping = policies.prepare(cert, depth);
    if (mapping) return fail("signature.policy_constraints", i, `${describe(cert)}: ${mapping}`);
  }
  const wrap = policies.wrapUp(path[0] as Cert);
  if (wrap) return fail("signature.policy_constraints", 0, `${describe(path[0] as Cert)}: ${wrap}`);
  return undefined;
}

/** Why a certificate cannot issue certificates, judged on what it carries (an anchor may carry nothing). */
function caProblem(cert: Cert): { code: ErrorCode; detail: string } | undefined {
  if (cert.ca && !cert.ca.ca) return { code: "signature.issuer_not_ca", detail: "is not a CA certificate (basicConstraints cA is false)" };
  if (cert.keyUsage !== undefined && !(cert.keyUsage & KeyUsageFlags.keyCertSign)) return { code: "signature.issuer_key_usage", detail: "has a key usage without keyCertSign" };
  return undefined;
}
