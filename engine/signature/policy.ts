// Certificate policy processing, RFC 5280 §6.1.2 (a, d, e, f), §6.1.3 (d)-(f), §6.1.4 (a, b,
// h-j) and §6.1.5 (a, b, g), with the inputs a signature checkpoint uses: user-initial-policy-set
// = {anyPolicy}, initial-explicit-policy, -policy-mapping-inhibit and -any-policy-inhibit all
// false. With these inputs policies only refuse a path when a CA requires an explicit policy
// (policyConstraints) and the valid_policy_tree is empty where it does; but the tree has to be
// built in full to know that, mappings and inhibitAnyPolicy included.
import type { Cert } from "./certificate.js";

export const ANY_POLICY = "2.5.29.32.0";

interface PolicyNode {
  policy: string;
  expected: Set<string>;
  parent?: PolicyNode;
  children: PolicyNode[];
}

export class PolicyState {
  /** levels[d] holds the nodes at depth d; null once the tree is NULL. */
  private levels: PolicyNode[][] | null = [[{ policy: ANY_POLICY, expected: new Set([ANY_POLICY]), children: [] }]];
  private explicitPolicy: number;
  private policyMapping: number;
  private inhibitAnyPolicy: number;

  /** `n`: the number of certificates in the path, the trust anchor excluded. */
  constructor(n: number) {
    this.explicitPolicy = n + 1;
    this.policyMapping = n + 1;
    this.inhibitAnyPolicy = n + 1;
  }

  /** §6.1.3 (d)-(f) for certificate `cert` at depth `i` (1 = issued by the anchor); returns a problem or undefined. */
  process(cert: Cert, i: number, isLast: boolean): string | undefined {
    if (this.levels && cert.policies) {
      const parents = this.levels[i - 1] ?? [];
      const level: PolicyNode[] = [];
      const add = (parent: PolicyNode, policy: string) => {
        const node: PolicyNode = { policy, expected: new Set([policy]), parent, children: [] };
        parent.children.push(node);
        level.push(node);
      };
      for (const p of cert.policies.filter((x) => x !== ANY_POLICY)) {
        const matching = parents.filter((n) => n.expected.has(p));
        if (matching.length > 0) matching.forEach((n) => add(n, p));
        else parents.filter((n) => n.policy === ANY_POLICY).forEach((n) => add(n, p));
      }
      if (cert.policies.includes(ANY_POLICY) && (this.inhibitAnyPolicy > 0 || (!isLast && cert.selfIssued))) {
        for (const parent of parents) {
          for (const value of parent.expected) if (!parent.children.some((c) => c.policy === value)) add(parent, value);
        }
      }
      this.levels[i] = level;
      this.prune(i);
    } else {
      // (e) no certificatePolicies: the tree becomes NULL.
      this.levels = null;
    }
    if (this.explicitPolicy <= 0 && this.levels === null) return "an explicit certificate policy is required but none is valid for the path";
    return undefined;
  }

  /** §6.1.4 (a), (b), (h)-(j): preparation for the certificate after `cert` (an intermediate at depth `i`). */
  prepare(cert: Cert, i: number): string | undefined {
    const mappings = cert.policyMappings ?? [];
    if (mappings.some((m) => m.issuerDomain === ANY_POLICY || m.subjectDomain === ANY_POLICY)) return "policyMappings maps anyPolicy";
    if (this.levels && mappings.length > 0) {
      const level = this.levels[i] ?? [];
      for (const issuerDomain of new Set(mappings.map((m) => m.issuerDomain))) {
        const mapped = new Set(mappings.filter((m) => m.issuerDomain === issuerDomain).map((m) => m.subjectDomain));
        const nodes = level.filter((n) => n.policy === issuerDomain);
        if (this.policyMapping > 0) {
          if (nodes.length > 0) nodes.forEach((n) => (n.expected = mapped));
          else {
            const any = level.find((n) => n.policy === ANY_POLICY);
            if (any?.parent) {
              const node: PolicyNode = { policy: issuerDomain, expected: mapped, parent: any.parent, children: [] };
              any.parent.children.push(node);
              level.push(node);
            }
          }
        } else {
          for (const n of nodes) {
            n.parent!.children = n.parent!.children.filter((c) => c !== n);
            level.splice(level.indexOf(n), 1);
          }
          this.prune(i);
        }
      }
    }
    if (!cert.selfIssued) {
      if (this.explicitPolicy > 0) this.explicitPolicy--;
      if (this.policyMapping > 0) this.policyMapping--;
      if (this.inhibitAnyPolicy > 0) this.inhibitAnyPolicy--;
    }
    if (cert.requireExplicitPolicy !== undefined) this.explicitPolicy = Math.min(this.explicitPolicy, cert.requireExplicitPolicy);
    if (cert.inhibitPolicyMapping !== undefined) this.policyMapping = Math.min(this.policyMapping, cert.inhibitPolicyMapping);
    if (cert.inhibitAnyPolicy !== undefined) this.inhibitAnyPolicy = Math.min(this.inhibitAnyPolicy, cert.inhibitAnyPolicy);
    return undefined;
  }

  /** §6.1.5 (a), (b), (g) for the target certificate, after process(). */
  wrapUp(target: Cert): string | undefined {
    if (this.explicitPolicy > 0) this.explicitPolicy--;
    if (target.requireExplicitPolicy === 0) this.explicitPolicy = 0;
    // (g): the intersection with user-initial-policy-set {anyPolicy} is the tree itself.
    if (this.explicitPolicy <= 0 && this.levels === null) return "an explicit certificate policy is required but none is valid for the path";
    return undefined;
  }

  /** Deletes childless nodes above depth `depth`, bottom up; an empty root makes the tree NULL. */
  private prune(depth: number): void {
    if (!this.levels) return;
    for (let d = depth - 1; d >= 0; d--) {
      const level = this.levels[d] ?? [];
      for (const n of level.filter((x) => x.children.length === 0)) {
        if (n.parent) n.parent.children = n.parent.children.filter((c) => c !== n);
      }
      this.levels[d] = level.filter((x) => x.children.length > 0);
    }
    if ((this.levels[0] ?? []).length === 0) this.levels = null;
  }
}
