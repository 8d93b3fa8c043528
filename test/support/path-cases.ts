// A path-validation conformance suite of our own: each case builds its certificates and CRLs
// with real keys (server/pki/builder.ts) and states what a validator conforming to RFC 5280
// §6.1/§6.3 decides, with motcua's stable code. The cases follow the classes of failure in
// issue 12 and the shapes of NIST PKITS (self-issued rollover certificates, separate CRL
// signing keys, distribution point scopes). test/engine/path-conformance.test.ts runs motcua
// and `openssl verify -x509_strict -crl_check_all` over the same material.
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  AttributeTypeAndValue, AttributeValue, CertificateIssuer, CertificatePolicies, DistributionPoint, DistributionPointName,
  GeneralName, GeneralSubtree, GeneralSubtrees, IssuingDistributionPoint, Name, NameConstraints, PolicyConstraints,
  PolicyInformation, PolicyMapping, PolicyMappings, Reason, ReasonFlags, RelativeDistinguishedName, CRLDistributionPoints,
} from "@peculiar/asn1-x509";
import * as x509 from "@peculiar/x509";
import type { ErrorCode } from "../../engine/errors.js";
import type { Indication } from "../../engine/signature/types.js";
import { type CertificateOptions, type CrlOptions, EC_P256, type Issued, PkiBuilder, X509CrlReason, extension } from "../../server/pki/builder.js";

export const AT = new Date("2025-07-10T03:00:00Z");
const CA_WINDOW = { notBefore: new Date("2021-01-01T00:00:00Z"), notAfter: new Date("2035-01-01T00:00:00Z") };
const EE_WINDOW = { notBefore: new Date("2025-01-01T00:00:00Z"), notAfter: new Date("2027-01-01T00:00:00Z") };
const CRL_WINDOW = { thisUpdate: new Date("2025-07-05T00:00:00Z"), nextUpdate: new Date("2025-08-05T00:00:00Z") };
const BEFORE = new Date("2025-07-03T08:30:00Z");
const AFTER = new Date("2025-07-20T00:00:00Z");
const UNKNOWN_OID = "1.3.6.1.4.1.55555.1.1";
const POLICY_A = "1.3.6.1.4.1.55555.2.1";
const POLICY_B = "1.3.6.1.4.1.55555.2.2";
const CRL_URL = "http://crl.test.vn/ca.crl";
/** @peculiar/x509 writes RDNs in the order given: name constraints compare from the first (most significant) RDN in DER. */
const SUBJECT_C_FIRST = "C=VN, O=UBND Phuong 1, CN=Nguyen Van A";

export interface Material {
  target: Issued;
  anchors: Issued[];
  intermediates: Issued[];
  crls: string[];
  at: Date;
}

export interface PathCase {
  name: string;
  expect: { indication: Indication; code?: ErrorCode };
  build: (k: Kit) => Promise<Partial<Material> & { target: Issued }>;
}

/** The shared hierarchy: Root -> CA (with CRLs current at AT) and what cases build on it. */
export interface Kit {
  b: PkiBuilder;
  root: Issued;
  ca: Issued;
  rootCrl: string;
  caCrl: string;
  keys: CryptoKeyPair;
  sub(issuer: Issued, subject: string, o?: Partial<CertificateOptions>): Promise<Issued>;
  ee(issuer: Issued, o?: Partial<CertificateOptions>): Promise<Issued>;
  crl(issuer: Issued, o?: CrlOptions): Promise<string>;
}

export async function createKit(): Promise<Kit> {
  const b = new PkiBuilder({ crypto: globalThis.crypto, now: () => AT });
  const root = await b.createRootCa({ subject: "CN=Conformance Root, O=Test, C=VN", key: EC_P256, ...CA_WINDOW });
  const ca = await b.createIntermediateCa(root, { subject: "CN=Conformance CA, O=Test, C=VN", key: EC_P256, ...CA_WINDOW });
  const keys = await b.generateKeys(EC_P256);
  const crl = async (issuer: Issued, o: CrlOptions = {}) => (await b.createCrl(issuer, { ...CRL_WINDOW, ...o })).pem;
  return {
    b, root, ca, keys, crl,
    rootCrl: await crl(root),
    caCrl: await crl(ca),
    sub: (issuer, subject, o = {}) => b.createIntermediateCa(issuer, { subject, key: EC_P256, ...CA_WINDOW, ...o }),
    ee: (issuer, o = {}) => b.createEndEntity(issuer, { subject: "CN=Nguyen Van A, O=UBND Phuong 1, C=VN", keys, ...EE_WINDOW, ...o }),
  };
}

/** Fills in the defaults: the root as anchor, the CA as intermediate, both CRLs, AT. */
export function material(k: Kit, m: Partial<Material> & { target: Issued }): Material {
  return { anchors: [k.root], intermediates: [k.ca], crls: [k.rootCrl, k.caCrl], at: AT, ...m };
}

// ---- helpers for names and extensions -------------------------------------------------------

type Rdn = [type: string, kind: "printableString" | "utf8String", value: string];
const CN = "2.5.4.3";
const O = "2.5.4.10";
const C = "2.5.4.6";
function dn(...rdns: Rdn[]): Name {
  return new Name(rdns.map(([type, kind, value]) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ [kind]: value }) })])));
}
function asnName(text: string): Name {
  return AsnConvert.parse(new x509.Name(text).toArrayBuffer(), Name);
}
const critical = (oid = UNKNOWN_OID) => new x509.Extension(oid, true, new Uint8Array([0x05, 0x00]));
const nonCritical = () => new x509.Extension(UNKNOWN_OID, false, new Uint8Array([0x05, 0x00]));
function idp(fields: Partial<IssuingDistributionPoint>): x509.Extension {
  return extension("2.5.29.28", true, new IssuingDistributionPoint(fields));
}
const uriPoint = (uri: string) => new DistributionPointName({ fullName: [new GeneralName({ uniformResourceIdentifier: uri })] });
function reasons(flags: number): Reason {
  const r = new Reason();
  r.fromNumber(flags);
  return r;
}
const delta = () => new x509.Extension("2.5.29.27", true, new Uint8Array([0x02, 0x01, 0x01]));
function policies(...ids: string[]): x509.Extension {
  return extension("2.5.29.32", false, new CertificatePolicies(ids.map((policyIdentifier) => new PolicyInformation({ policyIdentifier }))));
}
function nameConstraints(kind: "permittedSubtrees" | "excludedSubtrees", base: GeneralName): x509.Extension {
  return extension("2.5.29.30", true, new NameConstraints({ [kind]: new GeneralSubtrees([new GeneralSubtree({ base })]) }));
}
const revokedEntry = (who: Issued, o: Partial<{ revocationDate: Date; reason: X509CrlReason; invalidity: Date; extensions: x509.Extension[] }> = {}) => ({
  serialNumber: who.serialNumber,
  revocationDate: BEFORE,
  ...o,
});

const PASS = { indication: "PASSED" } as const;
const fail = (code: ErrorCode) => ({ indication: "FAILED" as const, code });
const unknown = (code: ErrorCode = "signature.revocation_unknown") => ({ indication: "INDETERMINATE" as const, code });

export const PATH_CASES: PathCase[] = [
  // ---- valid paths ----
  { name: "valid: root, CA, signer", expect: PASS, build: async (k) => ({ target: await k.ee(k.ca) }) },
  { name: "valid: the root issues the signer directly", expect: PASS, build: async (k) => ({ target: await k.ee(k.root) }) },
  {
    name: "valid: two intermediates under pathLenConstraint 1",
    expect: PASS,
    build: async (k) => {
      const mid = await k.sub(k.root, "CN=Mid CA, O=Test, C=VN", { pathLength: 1 });
      const low = await k.sub(mid, "CN=Low CA, O=Test, C=VN");
      return { target: await k.ee(low), intermediates: [mid, low], crls: [k.rootCrl, await k.crl(mid), await k.crl(low)] };
    },
  },
  {
    name: "valid: issuer name differs from the CA's subject in case only (§7.1)",
    expect: PASS,
    build: async (k) => {
      const ee = await k.b.resign(await k.ee(k.ca), k.ca.keys.privateKey, (tbs) => (tbs.issuer = asnName("CN=CONFORMANCE ca, O=TEST, C=vn")));
      return { target: ee };
    },
  },
  {
    name: "valid: issuer name differs in insignificant spaces (RFC 4518 §2.6.1)",
    expect: PASS,
    build: async (k) => {
      const spaced = dn([CN, "utf8String", "  Conformance    CA "], [O, "utf8String", "Test "], [C, "printableString", "VN"]);
      return { target: await k.b.resign(await k.ee(k.ca), k.ca.keys.privateKey, (tbs) => (tbs.issuer = spaced)) };
    },
  },
  {
    name: "valid: issuer name as UTF8String, the CA's subject as PrintableString",
    expect: PASS,
    build: async (k) => {
      const ca = await k.b.resign(k.ca, k.root.keys.privateKey, (tbs) => (tbs.subject = dn([CN, "printableString", "Conformance CA"], [O, "printableString", "Test"], [C, "printableString", "VN"])));
      const ee = await k.ee(ca);
      const utf8 = await k.b.resign(ee, ca.keys.privateKey, (tbs) => (tbs.issuer = dn([CN, "utf8String", "Conformance CA"], [O, "utf8String", "Test"], [C, "printableString", "VN"])));
      return { target: utf8, intermediates: [ca] };
    },
  },
  {
    name: "valid: CRL issuer name spelt in another case than the CA's subject",
    expect: PASS,
    build: async (k) => {
      const crl = await k.b.createCrl(k.ca, CRL_WINDOW);
      const renamed = await k.b.resignCrl(crl.crl, k.ca.keys.privateKey, (tbs) => (tbs.issuer = asnName("CN=conformance ca, O=test, C=VN")));
      return { target: await k.ee(k.ca), crls: [k.rootCrl, renamed.pem] };
    },
  },
  {
    name: "valid: a self-issued intermediate (CA key rollover) does not count against pathLenConstraint 0",
    expect: PASS,
    build: async (k) => {
      const ca0 = await k.sub(k.root, "CN=Rollover CA, O=Test, C=VN", { pathLength: 0 });
      // NewWithOld: the CA's new key certified by its old key, same name.
      const newWithOld = await k.sub(ca0, ca0.subject, {});
      const ee = await k.ee(newWithOld);
      const crl = await k.crl(ca0, { signingKeys: ca0.keys });
      return { target: ee, intermediates: [ca0, newWithOld], crls: [k.rootCrl, crl] };
    },
  },
  {
    name: "valid: after a CA re-key the CRL is signed by the CA's new certificate under the same root",
    expect: PASS,
    build: async (k) => {
      const oldKey = await k.sub(k.root, "CN=Rekeyed CA, O=Test, C=VN");
      const newKey = await k.sub(k.root, "CN=Rekeyed CA, O=Test, C=VN");
      const ee = await k.ee(oldKey);
      return { target: ee, intermediates: [oldKey, newKey], crls: [k.rootCrl, await k.crl(newKey)] };
    },
  },
  {
    name: "valid: separate certificate-signing and CRL-signing keys of one CA (PKITS 4.4.19 shape)",
    expect: PASS,
    build: async (k) => {
      const certSigner = await k.sub(k.root, "CN=Split CA, O=Test, C=VN", { keyUsage: x509.KeyUsageFlags.keyCertSign });
      const crlSigner = await k.sub(k.root, "CN=Split CA, O=Test, C=VN", { keyUsage: x509.KeyUsageFlags.cRLSign });
      return { target: await k.ee(certSigner), intermediates: [certSigner, crlSigner], crls: [k.rootCrl, await k.crl(crlSigner)] };
    },
  },
  {
    name: "valid: root key rollover, CRL by the new root key, its NewWithOld cleared by the old key's ARL",
    expect: PASS,
    build: async (k) => {
      const newKeys = await k.b.generateKeys(EC_P256);
      const newWithOld = await k.b.createIntermediateCa(k.root, { subject: k.root.subject, keys: newKeys, ...CA_WINDOW });
      const ee = await k.ee(k.root);
      const byNewKey = await k.crl(k.root, { signingKeys: newKeys, extensions: [idp({ onlyContainsUserCerts: true })] });
      const arl = await k.crl(k.root, { extensions: [idp({ onlyContainsCACerts: true })] });
      return { target: ee, intermediates: [newWithOld], crls: [byNewKey, arl] };
    },
  },
  {
    name: "valid: re-keyed root: two anchors with the same name, the path ends at the second",
    expect: PASS,
    build: async (k) => {
      const root2 = await k.b.createRootCa({ subject: k.root.subject, key: EC_P256, ...CA_WINDOW });
      const ca2 = await k.sub(root2, "CN=Second CA, O=Test, C=VN");
      return { target: await k.ee(ca2), anchors: [k.root, root2], intermediates: [ca2], crls: [await k.crl(root2), await k.crl(ca2)] };
    },
  },
  {
    name: "valid: revoked only after the signing time",
    expect: PASS,
    build: async (k) => {
      const ee = await k.ee(k.ca);
      return { target: ee, crls: [k.rootCrl, await k.crl(k.ca, { revoked: [revokedEntry(ee, { revocationDate: AFTER })] })] };
    },
  },
  {
    name: "valid: a CRL entry with reason removeFromCRL is not a revocation",
    expect: PASS,
    build: async (k) => {
      const ee = await k.ee(k.ca);
      return { target: ee, crls: [k.rootCrl, await k.crl(k.ca, { revoked: [revokedEntry(ee, { reason: X509CrlReason.removeFromCRL })] })] };
    },
  },
  {
    name: "valid: the signer's CRL is scoped onlyContainsUserCerts",
    expect: PASS,
    build: async (k) => ({ target: await k.ee(k.ca), crls: [k.rootCrl, await k.crl(k.ca, { extensions: [idp({ onlyContainsUserCerts: true })] })] }),
  },
  {
    name: "valid: the IDP's distribution point is the certificate's CRL distribution point",
    expect: PASS,
    build: async (k) => ({
      target: await k.ee(k.ca, { crlUrl: CRL_URL }),
      crls: [k.rootCrl, await k.crl(k.ca, { extensions: [idp({ distributionPoint: uriPoint(CRL_URL) })] })],
    }),
  },
  {
    name: "valid: two CRLs partitioned by reasons together cover every reason",
    expect: PASS,
    build: async (k) => {
      const key = ReasonFlags.keyCompromise | ReasonFlags.cACompromise;
      const rest = 0b1_1111_1110 & ~key;
      return {
        target: await k.ee(k.ca),
        crls: [k.rootCrl, await k.crl(k.ca, { extensions: [idp({ onlySomeReasons: reasons(key) })] }), await k.crl(k.ca, { extensions: [idp({ onlySomeReasons: reasons(rest) })] })],
      };
    },
  },
  { name: "valid: an unknown non-critical certificate extension", expect: PASS, build: async (k) => ({ target: await k.ee(k.ca, { extensions: [nonCritical()] }) }) },
  {
    name: "valid: an unknown non-critical CRL extension",
    expect: PASS,
    build: async (k) => ({ target: await k.ee(k.ca), crls: [k.rootCrl, await k.crl(k.ca, { extensions: [nonCritical()] })] }),
  },
  {
    name: "valid: a negative serial number, not revoked",
    expect: PASS,
    build: async (k) => ({ target: await k.b.resign(await k.ee(k.ca), k.ca.keys.privateKey, (tbs) => (tbs.serialNumber = new Uint8Array([0xff, 0x12]).buffer)) }),
  },
  {
    name: "valid: name constraints permit the signer's subject",
    expect: PASS,
    build: async (k) => {
      const ca = await k.sub(k.root, "CN=Constrained CA, O=Test, C=VN", { extensions: [nameConstraints("permittedSubtrees", new GeneralName({ directoryName: asnName("C=VN") }))] });
      return { target: await k.ee(ca, { subject: SUBJECT_C_FIRST }), intermediates: [ca], crls: [k.rootCrl, await k.crl(ca)] };
    },
  },
  {
    name: "valid: requireExplicitPolicy satisfied by the signer's policy",
    expect: PASS,
    build: async (k) => {
      const ca = await k.sub(k.root, "CN=Policy CA, O=Test, C=VN", { extensions: [policies(POLICY_A), extension("2.5.29.36", true, new PolicyConstraints({ requireExplicitPolicy: new Uint8Array([0]).buffer }))] });
      return { target: await k.ee(ca, { extensions: [policies(POLICY_A)] }), intermediates: [ca], crls: [k.rootCrl, await k.crl(ca)] };
    },
  },
  {
    name: "valid: a policy mapped by the CA satisfies requireExplicitPolicy",
    expect: PASS,
    build: async (k) => {
      const mapping = extension("2.5.29.33", true, new PolicyMappings([Object.assign(new PolicyMapping(), { issuerDomainPolicy: POLICY_A, subjectDomainPolicy: POLICY_B })]));
      const ca = await k.sub(k.root, "CN=Mapping CA, O=Test, C=VN", { extensions: [policies(POLICY_A), mapping, extension("2.5.29.36", true, new PolicyConstraints({ requireExplicitPolicy: new Uint8Array([0]).buffer }))] });
      return { target: await k.ee(ca, { extensions: [policies(POLICY_B)] }), intermediates: [ca], crls: [k.rootCrl, await k.crl(ca)] };
    },
  },
  {
    name: "valid: an indirect CRL (indirectCRL, the certificate's cRLIssuer) from another CA of the same root",
    expect: PASS,
    build: async (k) => {
      const crlIssuer = await k.sub(k.root, "CN=Revocation Service, O=Test, C=VN", { keyUsage: x509.KeyUsageFlags.cRLSign });
      const dp = new DistributionPoint({ cRLIssuer: [new GeneralName({ directoryName: asnName(crlIssuer.subject) })] });
      const ee = await k.ee(k.ca, { extensions: [extension("2.5.29.31", false, new CRLDistributionPoints([dp]))] });
      const other = await k.ee(k.ca, { subject: "CN=Someone else", keys: undefined, key: EC_P256 });
      const entries = [{ ...revokedEntry(other), extensions: [extension("2.5.29.29", true, new CertificateIssuer([new GeneralName({ directoryName: asnName(k.ca.subject) })]))] }];
      const indirect = await k.crl(crlIssuer, { extensions: [idp({ indirectCRL: true })], revoked: entries });
      return { target: ee, intermediates: [k.ca, crlIssuer], crls: [k.rootCrl, indirect] };
    },
  },

  // ---- the chain ----
  { name: "expired signer", expect: fail("signature.certificate_expired"), build: async (k) => ({ target: await k.ee(k.ca, { notBefore: new Date("2023-01-01"), notAfter: new Date("2025-01-01") }) }) },
  { name: "signer not yet valid", expect: fail("signature.certificate_not_yet_valid"), build: async (k) => ({ target: await k.ee(k.ca, { notBefore: new Date("2025-08-01"), notAfter: new Date("2027-01-01") }) }) },
  {
    name: "expired intermediate",
    expect: fail("signature.certificate_expired"),
    build: async (k) => {
      const old = await k.sub(k.root, "CN=Old CA, O=Test, C=VN", { notBefore: new Date("2020-01-01"), notAfter: new Date("2025-06-01") });
      return { target: await k.ee(old), intermediates: [old], crls: [k.rootCrl, await k.crl(old)] };
    },
  },
  {
    name: "look-alike CA: the CA's name with another key",
    expect: fail("signature.untrusted_root"),
    build: async (k) => {
      const fake = await k.sub(k.root, k.ca.subject);
      const forged = await k.b.resign(await k.ee(fake), (await k.b.generateKeys(EC_P256)).privateKey, () => undefined);
      return { target: forged, intermediates: [k.ca] };
    },
  },
  { name: "missing intermediate", expect: fail("signature.chain_incomplete"), build: async (k) => ({ target: await k.ee(k.ca), intermediates: [] }) },
  {
    name: "untrusted self-signed root",
    expect: fail("signature.untrusted_root"),
    build: async (k) => {
      const other = await k.b.createRootCa({ subject: "CN=Self-made Root, C=VN", key: EC_P256, ...CA_WINDOW });
      return { target: await k.ee(other), intermediates: [other, k.ca] };
    },
  },
  {
    name: "names differ in RDN order",
    expect: fail("signature.chain_incomplete"),
    build: async (k) => ({ target: await k.b.resign(await k.ee(k.ca), k.ca.keys.privateKey, (tbs) => (tbs.issuer = asnName("C=VN, O=Test, CN=Conformance CA"))) }),
  },
  {
    name: "names differ by a letter, not by case",
    expect: fail("signature.chain_incomplete"),
    build: async (k) => ({ target: await k.b.resign(await k.ee(k.ca), k.ca.keys.privateKey, (tbs) => (tbs.issuer = asnName("CN=Conformance CB, O=Test, C=VN"))) }),
  },
  {
    name: "intermediate with basicConstraints cA false",
    expect: fail("signature.issuer_not_ca"),
    build: async (k) => {
      const notCa = await k.b.createEndEntity(k.root, { subject: "CN=Not a CA, O=Test, C=VN", key: EC_P256, keyUsage: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, ...CA_WINDOW });
      return { target: await k.ee(notCa), intermediates: [notCa], crls: [k.rootCrl, await k.crl(notCa)] };
    },
  },
  {
    name: "intermediate without basicConstraints",
    expect: fail("signature.issuer_not_ca"),
    build: async (k) => {
      const bare = await k.sub(k.root, "CN=Bare CA, O=Test, C=VN", { ca: false });
      return { target: await k.ee(bare), intermediates: [bare], crls: [k.rootCrl, await k.crl(bare)] };
    },
  },
  {
    name: "intermediate whose keyUsage lacks keyCertSign",
    expect: fail("signature.issuer_key_usage"),
    build: async (k) => {
      const ca = await k.sub(k.root, "CN=CRL-only CA, O=Test, C=VN", { keyUsage: x509.KeyUsageFlags.cRLSign });
      return { target: await k.ee(ca), intermediates: [ca], crls: [k.rootCrl, await k.crl(ca)] };
    },
  },
  {
    name: "pathLenConstraint 0 exceeded by a sub-CA",
    expect: fail("signature.path_length_exceeded"),
    build: async (k) => {
      const top = await k.sub(k.root, "CN=Top CA, O=Test, C=VN", { pathLength: 0 });
      const below = await k.sub(top, "CN=Below CA, O=Test, C=VN");
      return { target: await k.ee(below), intermediates: [top, below], crls: [k.rootCrl, await k.crl(top), await k.crl(below)] };
    },
  },
  {
    name: "the anchor's pathLenConstraint 0 forbids an intermediate",
    expect: fail("signature.path_length_exceeded"),
    build: async (k) => {
      const root = await k.b.createRootCa({ subject: "CN=Flat Root, O=Test, C=VN", key: EC_P256, pathLength: 0, ...CA_WINDOW });
      const ca = await k.sub(root, "CN=Under Flat Root, O=Test, C=VN");
      return { target: await k.ee(ca), anchors: [root], intermediates: [ca], crls: [await k.crl(root), await k.crl(ca)] };
    },
  },
  { name: "signer carries an unknown critical extension", expect: fail("signature.unsupported_critical_extension"), build: async (k) => ({ target: await k.ee(k.ca, { extensions: [critical()] }) }) },
  {
    name: "intermediate carries an unknown critical extension",
    expect: fail("signature.unsupported_critical_extension"),
    build: async (k) => {
      const ca = await k.sub(k.root, "CN=Odd CA, O=Test, C=VN", { extensions: [critical()] });
      return { target: await k.ee(ca), intermediates: [ca], crls: [k.rootCrl, await k.crl(ca)] };
    },
  },
  {
    name: "name constraints: the signer is in an excluded subtree",
    expect: fail("signature.name_constraints"),
    build: async (k) => {
      const ca = await k.sub(k.root, "CN=Excluding CA, O=Test, C=VN", { extensions: [nameConstraints("excludedSubtrees", new GeneralName({ directoryName: asnName("C=VN, O=UBND Phuong 1") }))] });
      return { target: await k.ee(ca, { subject: SUBJECT_C_FIRST }), intermediates: [ca], crls: [k.rootCrl, await k.crl(ca)] };
    },
  },
  {
    name: "name constraints: the signer's e-mail is outside the permitted domain",
    expect: fail("signature.name_constraints"),
    build: async (k) => {
      const ca = await k.sub(k.root, "CN=Mail CA, O=Test, C=VN", { extensions: [nameConstraints("permittedSubtrees", new GeneralName({ rfc822Name: ".gov.vn" }))] });
      return { target: await k.ee(ca, { email: "someone@example.com" }), intermediates: [ca], crls: [k.rootCrl, await k.crl(ca)] };
    },
  },
  {
    name: "requireExplicitPolicy with a signer asserting no acceptable policy",
    expect: fail("signature.policy_constraints"),
    build: async (k) => {
      const ca = await k.sub(k.root, "CN=Strict Policy CA, O=Test, C=VN", { extensions: [policies(POLICY_A), extension("2.5.29.36", true, new PolicyConstraints({ requireExplicitPolicy: new Uint8Array([0]).buffer }))] });
      return { target: await k.ee(ca, { extensions: [policies(POLICY_B)] }), intermediates: [ca], crls: [k.rootCrl, await k.crl(ca)] };
    },
  },
  {
    name: "signer certificate signed with SHA-1",
    expect: fail("signature.unsupported_algorithm"),
    build: async (k) => ({ target: await k.ee(k.ca, { signatureHash: "SHA-1" }) }),
  },

  // ---- revocation ----
  {
    name: "revoked signer",
    expect: fail("signature.certificate_revoked"),
    build: async (k) => {
      const ee = await k.ee(k.ca);
      return { target: ee, crls: [k.rootCrl, await k.crl(k.ca, { revoked: [revokedEntry(ee, { reason: X509CrlReason.keyCompromise })] })] };
    },
  },
  {
    name: "revoked signer whose serial is negative in DER (ff12)",
    expect: fail("signature.certificate_revoked"),
    build: async (k) => {
      const ee = await k.b.resign(await k.ee(k.ca), k.ca.keys.privateKey, (tbs) => (tbs.serialNumber = new Uint8Array([0xff, 0x12]).buffer));
      const crl = await k.b.createCrl(k.ca, { ...CRL_WINDOW, revoked: [{ serialNumber: "01", revocationDate: BEFORE }] });
      const listed = await k.b.resignCrl(crl.crl, k.ca.keys.privateKey, (tbs) => (tbs.revokedCertificates![0]!.userCertificate = new Uint8Array([0xff, 0x12]).buffer));
      return { target: ee, crls: [k.rootCrl, listed.pem] };
    },
  },
  {
    name: "revoked signer with a 20-byte serial",
    expect: fail("signature.certificate_revoked"),
    build: async (k) => {
      const ee = await k.ee(k.ca, { serialNumber: "7f".repeat(20) });
      return { target: ee, crls: [k.rootCrl, await k.crl(k.ca, { revoked: [revokedEntry(ee)] })] };
    },
  },
  {
    name: "revoked intermediate",
    expect: fail("signature.certificate_revoked"),
    build: async (k) => ({ target: await k.ee(k.ca), crls: [await k.crl(k.root, { revoked: [revokedEntry(k.ca, { reason: X509CrlReason.cACompromise })] }), k.caCrl] }),
  },
  {
    name: "revoked from an invalidityDate before the signing time, recorded after it",
    expect: fail("signature.certificate_revoked"),
    build: async (k) => {
      const ee = await k.ee(k.ca);
      return { target: ee, crls: [k.rootCrl, await k.crl(k.ca, { revoked: [revokedEntry(ee, { revocationDate: new Date("2025-07-05T00:00:00Z"), invalidity: new Date("2025-07-01T00:00:00Z") })] })] };
    },
  },
  {
    name: "a newer CRL scoped to CA certificates does not clear the signer the full CRL revokes",
    expect: fail("signature.certificate_revoked"),
    build: async (k) => {
      const ee = await k.ee(k.ca);
      const full = await k.crl(k.ca, { thisUpdate: new Date("2025-07-02T00:00:00Z"), revoked: [revokedEntry(ee, { revocationDate: new Date("2025-07-01T00:00:00Z") })] });
      const scoped = await k.crl(k.ca, { thisUpdate: new Date("2025-07-08T00:00:00Z"), extensions: [idp({ onlyContainsCACerts: true })] });
      return { target: ee, crls: [k.rootCrl, scoped, full] };
    },
  },
  {
    name: "signer on hold (certificateHold)",
    expect: unknown("signature.certificate_on_hold"),
    build: async (k) => {
      const ee = await k.ee(k.ca);
      return { target: ee, crls: [k.rootCrl, await k.crl(k.ca, { revoked: [revokedEntry(ee, { reason: X509CrlReason.certificateHold })] })] };
    },
  },
  { name: "CRL with an unknown critical CRL extension", expect: unknown(), build: async (k) => ({ target: await k.ee(k.ca), crls: [k.rootCrl, await k.crl(k.ca, { extensions: [critical()] })] }) },
  {
    name: "CRL with an unknown critical entry extension",
    expect: unknown(),
    build: async (k) => {
      const other = await k.ee(k.ca, { subject: "CN=Someone else", keys: undefined, key: EC_P256 });
      return { target: await k.ee(k.ca), crls: [k.rootCrl, await k.crl(k.ca, { revoked: [revokedEntry(other, { extensions: [critical()] })] })] };
    },
  },
  { name: "the signer's only CRL is scoped onlyContainsCACerts", expect: unknown(), build: async (k) => ({ target: await k.ee(k.ca), crls: [k.rootCrl, await k.crl(k.ca, { extensions: [idp({ onlyContainsCACerts: true })] })] }) },
  { name: "the CA's only CRL is scoped onlyContainsUserCerts", expect: unknown(), build: async (k) => ({ target: await k.ee(k.ca), crls: [await k.crl(k.root, { extensions: [idp({ onlyContainsUserCerts: true })] }), k.caCrl] }) },
  {
    name: "the only CRL covers some reasons (onlySomeReasons keyCompromise)",
    expect: unknown(),
    build: async (k) => ({ target: await k.ee(k.ca), crls: [k.rootCrl, await k.crl(k.ca, { extensions: [idp({ onlySomeReasons: reasons(ReasonFlags.keyCompromise) })] })] }),
  },
  {
    name: "the IDP names another distribution point than the certificate's",
    expect: unknown(),
    build: async (k) => ({ target: await k.ee(k.ca, { crlUrl: CRL_URL }), crls: [k.rootCrl, await k.crl(k.ca, { extensions: [idp({ distributionPoint: uriPoint("http://crl.test.vn/other.crl") })] })] }),
  },
  {
    name: "an indirect CRL from another CA that is not marked indirectCRL",
    expect: unknown(),
    build: async (k) => {
      const crlIssuer = await k.sub(k.root, "CN=Revocation Service, O=Test, C=VN", { keyUsage: x509.KeyUsageFlags.cRLSign });
      const dp = new DistributionPoint({ cRLIssuer: [new GeneralName({ directoryName: asnName(crlIssuer.subject) })] });
      const ee = await k.ee(k.ca, { extensions: [extension("2.5.29.31", false, new CRLDistributionPoints([dp]))] });
      return { target: ee, intermediates: [k.ca, crlIssuer], crls: [k.rootCrl, await k.crl(crlIssuer)] };
    },
  },
  { name: "stale CRL (nextUpdate before the signing time)", expect: unknown(), build: async (k) => ({ target: await k.ee(k.ca), crls: [k.rootCrl, await k.crl(k.ca, { thisUpdate: new Date("2025-06-01"), nextUpdate: new Date("2025-07-01") })] }) },
  { name: "CRL published after the signing time", expect: unknown(), build: async (k) => ({ target: await k.ee(k.ca), crls: [k.rootCrl, await k.crl(k.ca, { thisUpdate: new Date("2025-07-11"), nextUpdate: new Date("2025-08-11") })] }) },
  { name: "CRL signed by a key that is not the CA's", expect: unknown(), build: async (k) => ({ target: await k.ee(k.ca), crls: [k.rootCrl, await k.crl(k.ca, { signingKeys: await k.b.generateKeys(EC_P256) })] }) },
  {
    name: "CRL signed by a CA certificate without cRLSign",
    expect: unknown(),
    build: async (k) => {
      const ca = await k.sub(k.root, "CN=No CRL Sign CA, O=Test, C=VN", { keyUsage: x509.KeyUsageFlags.keyCertSign });
      return { target: await k.ee(ca), intermediates: [ca], crls: [k.rootCrl, await k.crl(ca)] };
    },
  },
  { name: "no CRL for the intermediate", expect: unknown(), build: async (k) => ({ target: await k.ee(k.ca), crls: [k.caCrl] }) },
  { name: "only a delta CRL", expect: unknown(), build: async (k) => ({ target: await k.ee(k.ca), crls: [k.rootCrl, await k.crl(k.ca, { extensions: [delta()] })] }) },
  {
    name: "CRL signed by a same-named CA under another anchor",
    expect: unknown(),
    build: async (k) => {
      const other = await k.b.createRootCa({ subject: "CN=Other Root, O=Test, C=VN", key: EC_P256, ...CA_WINDOW });
      const twin = await k.sub(other, k.ca.subject);
      return { target: await k.ee(k.ca), anchors: [k.root, other], intermediates: [k.ca, twin], crls: [k.rootCrl, await k.crl(other), await k.crl(twin)] };
    },
  },
  {
    name: "after a CA key rollover, the new key's certificate is revoked",
    expect: unknown(),
    build: async (k) => {
      const oldKey = await k.sub(k.root, "CN=Rekeyed CA, O=Test, C=VN");
      const newKey = await k.sub(k.root, "CN=Rekeyed CA, O=Test, C=VN");
      const rootCrl = await k.crl(k.root, { revoked: [revokedEntry(newKey, { reason: X509CrlReason.keyCompromise })] });
      return { target: await k.ee(oldKey), intermediates: [oldKey, newKey], crls: [rootCrl, await k.crl(newKey)] };
    },
  },
];
