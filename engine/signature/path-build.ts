// Building candidate certification paths (RFC 4158 in miniature): from the target up, each
// step to a certificate whose subject matches the issuer name under §7.1, until a trust
// anchor. Building only proposes; path-process.ts decides whether a candidate is valid, so
// a look-alike CA with the right name but another key yields a candidate that fails there.
// Anchors are matched by exact DER (fingerprint): a certificate with an anchor's name but
// another key is never an anchor; several anchors may share a name (re-keyed roots).
import { type Cert } from "./certificate.js";

/** Signer + intermediates + anchor; deeper hierarchies do not exist in practice. */
export const MAX_PATH = 6;
/** Bounds the search when a hostile submission offers many certificates with the same name. */
const MAX_CANDIDATES = 8;
const MAX_STEPS = 256;

export interface BuiltPaths {
  /** Candidate paths, target first, anchor last, most plausible first. */
  paths: Cert[][];
  /** When no candidate reached an anchor: the longest path built and why it stopped. */
  dangling?: { path: Cert[]; reason: "no-issuer" | "too-long" };
}

export function buildPaths(target: Cert, pool: readonly Cert[], anchors: readonly Cert[]): BuiltPaths {
  const anchorPrints = new Set(anchors.map((a) => a.fingerprint));
  const seen = new Set<string>();
  // Anchors first so that a path ends at the first anchor that fits, not a longer detour.
  const all = [...anchors, ...pool].filter((c) => !seen.has(c.fingerprint) && seen.add(c.fingerprint));
  const byName = new Map<string, Cert[]>();
  for (const c of all) byName.set(c.subjectKey, [...(byName.get(c.subjectKey) ?? []), c]);

  const paths: Cert[][] = [];
  let dangling: BuiltPaths["dangling"];
  let steps = 0;
  const note = (path: Cert[], reason: NonNullable<BuiltPaths["dangling"]>["reason"]) => {
    if (!dangling || path.length > dangling.path.length) dangling = { path, reason };
  };
  const extend = (path: Cert[]): void => {
    if (paths.length >= MAX_CANDIDATES || ++steps > MAX_STEPS) return;
    const top = path[path.length - 1] as Cert;
    if (anchorPrints.has(top.fingerprint)) {
      paths.push(path);
      return;
    }
    if (path.length >= MAX_PATH) return note(path, "too-long");
    const issuers = (byName.get(top.issuerKey) ?? []).filter((c) => !path.some((p) => p.fingerprint === c.fingerprint));
    if (issuers.length === 0) return note(path, "no-issuer");
    for (const issuer of rank(top, issuers, anchorPrints)) extend([...path, issuer]);
  };
  extend([target]);
  return paths.length > 0 ? { paths } : { paths, ...(dangling ? { dangling } : {}) };
}

/** Anchors first, then issuers whose key identifier is the one the child names (RFC 5280 §4.2.1.1). */
function rank(child: Cert, issuers: Cert[], anchors: Set<string>): Cert[] {
  const score = (c: Cert) => (anchors.has(c.fingerprint) ? 0 : 2) + (child.authorityKeyId && c.subjectKeyId === child.authorityKeyId ? 0 : 1);
  return [...issuers].sort((a, b) => score(a) - score(b));
}
