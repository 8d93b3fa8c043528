// Name constraints, RFC 5280 §4.2.1.10 and §6.1.3 (b, c) / §6.1.4 (g), for the name forms
// officials' certificates carry: directoryName (subject DN), rfc822Name (also the legacy
// emailAddress attribute of the subject), dNSName and URI hosts. Permitted subtrees
// intersect down the path (kept as a list of sets, each of which a name must satisfy),
// excluded subtrees accumulate. A constraint on a form we do not process (iPAddress,
// otherName, ...) refuses a certificate that carries a name of that form, as §4.2.1.10
// requires of an application that cannot process it.
import type { GeneralName, GeneralSubtree, Name, NameConstraints } from "@peculiar/asn1-x509";
import { type Cert, OID } from "./certificate.js";
import { nameWithin } from "./name.js";

type Form = "directoryName" | "rfc822Name" | "dNSName" | "uniformResourceIdentifier" | "other";

interface Named {
  form: Form;
  value: string | Name;
  /** For "other": the GeneralName choice, so constraints of the same choice can be told apart. */
  choice?: string;
}

export class NameConstraintState {
  private permitted: GeneralSubtree[][] = [];
  private excluded: GeneralSubtree[] = [];

  add(nc: NameConstraints | undefined): void {
    if (!nc) return;
    if (nc.permittedSubtrees) this.permitted.push([...nc.permittedSubtrees]);
    if (nc.excludedSubtrees) this.excluded.push(...nc.excludedSubtrees);
  }

  /** Why `cert`'s names violate the constraints in force, or undefined. */
  check(cert: Cert): string | undefined {
    if (this.permitted.length === 0 && this.excluded.length === 0) return undefined;
    for (const name of namesOf(cert)) {
      for (const set of this.permitted) {
        const sameForm = set.filter((s) => formOf(s.base).form === name.form && (name.form !== "other" || formOf(s.base).choice === name.choice));
        if (sameForm.length === 0) continue;
        if (name.form === "other") return `a name constraint on ${name.choice} cannot be processed`;
        if (!sameForm.some((s) => within(name, s.base))) return `${render(name)} is outside the permitted subtrees`;
      }
      for (const s of this.excluded) {
        const f = formOf(s.base);
        if (f.form !== name.form || (name.form === "other" && f.choice !== name.choice)) continue;
        if (name.form === "other") return `a name constraint on ${name.choice} cannot be processed`;
        if (within(name, s.base)) return `${render(name)} is in an excluded subtree`;
      }
    }
    return undefined;
  }
}

function namesOf(cert: Cert): Named[] {
  const out: Named[] = [];
  if (cert.subjectName.length > 0) out.push({ form: "directoryName", value: cert.subjectName });
  for (const rdn of cert.subjectName) {
    for (const atv of rdn) if (atv.type === OID.emailAddress && atv.value.ia5String) out.push({ form: "rfc822Name", value: atv.value.ia5String });
  }
  for (const g of cert.altNames) out.push(formOf(g));
  return out;
}

function formOf(g: GeneralName): Named {
  if (g.directoryName) return { form: "directoryName", value: g.directoryName };
  if (g.rfc822Name !== undefined) return { form: "rfc822Name", value: g.rfc822Name };
  if (g.dNSName !== undefined) return { form: "dNSName", value: g.dNSName };
  if (g.uniformResourceIdentifier !== undefined) return { form: "uniformResourceIdentifier", value: g.uniformResourceIdentifier };
  const choice = Object.keys(g).find((k) => (g as unknown as Record<string, unknown>)[k] !== undefined) ?? "unknown";
  return { form: "other", value: "", choice };
}

function within(name: Named, base: GeneralName): boolean {
  const c = formOf(base);
  if (name.form === "directoryName") return nameWithin(name.value as Name, c.value as Name);
  const value = (name.value as string).toLowerCase();
  const constraint = (c.value as string).toLowerCase();
  if (name.form === "dNSName") return hostWithin(value, constraint.startsWith(".") ? constraint.slice(1) : constraint, true);
  if (name.form === "rfc822Name") {
    const at = value.lastIndexOf("@");
    if (constraint.includes("@")) return value === constraint;
    const host = value.slice(at + 1);
    return constraint.startsWith(".") ? host.endsWith(constraint) : host === constraint;
  }
  // URI: the constraint names a host (".example.vn" for any host below it).
  const host = uriHost(value);
  if (host === undefined) return false;
  return constraint.startsWith(".") ? host.endsWith(constraint) : host === constraint;
}

/** dNSName: "gov.vn" covers gov.vn and every name below it. */
function hostWithin(host: string, constraint: string, withSubdomains: boolean): boolean {
  if (constraint === "") return true;
  return host === constraint || (withSubdomains && host.endsWith(`.${constraint}`));
}

function uriHost(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/.exec(uri);
  return m?.[1] || undefined;
}

function render(n: Named): string {
  return typeof n.value === "string" ? `${n.form} "${n.value}"` : "the subject name";
}
