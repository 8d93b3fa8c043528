// Test PKI: the reusable builder (server/pki/builder.ts) plus what only tests need: signing
// the way clients do (detached JWS, openssl-style raw signatures) and one fixed hierarchy
// with a certificate for every case the verifier must tell apart.
import { type CertificateOptions, EC_P256, type Issued, KeyUsageFlags, PkiBuilder, RSA_2048, X509CrlReason } from "../../server/pki/builder.js";
import { ecdsaRawToDer } from "../../engine/signature/algorithms.js";
import { encodeBase64, encodeBase64Url } from "../../engine/signature/encoding.js";
import type { SignatureSubmission, TrustStore } from "../../engine/signature/types.js";

export * from "../../server/pki/builder.js";

const crypto = globalThis.crypto;

/** Sign like `openssl dgst -sha256 -sign`: PKCS#1 v1.5 for RSA, DER-encoded ECDSA for EC (or r||s on request). */
export async function signRaw(signer: Issued, payload: Uint8Array, opts: { ecdsa?: "der" | "p1363" } = {}): Promise<string> {
  const key = signer.keys.privateKey;
  if (key.algorithm.name === "ECDSA") {
    const raw = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, payload as Uint8Array<ArrayBuffer>));
    return encodeBase64(opts.ecdsa === "p1363" ? raw : ecdsaRawToDer(raw));
  }
  return encodeBase64(new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, payload as Uint8Array<ArrayBuffer>)));
}

export function rawSubmission(signer: Issued, signature: string, chain: Issued[] = []): SignatureSubmission {
  return { format: "raw", signature, certificate: signer.pem, ...(chain.length ? { chain: chain.map((c) => c.pem) } : {}) };
}

export interface JwsOptions {
  /** Defaults: RS256 for RSA keys, ES256 for EC keys. ES384 signs with SHA-384 to test refusal. */
  alg?: string;
  /** Certificates after the signer in x5c. */
  chain?: Issued[];
  /** Extra or overriding protected-header members. */
  header?: Record<string, unknown>;
}

/** A detached compact JWS (RFC 7515 appendix F) with the chain in x5c. */
export async function signJws(signer: Issued, payload: Uint8Array, opts: JwsOptions = {}): Promise<string> {
  const key = signer.keys.privateKey;
  const alg = opts.alg ?? (key.algorithm.name === "ECDSA" ? "ES256" : "RS256");
  const x5c = [signer, ...(opts.chain ?? [])].map((c) => encodeBase64(new Uint8Array(c.certificate.rawData)));
  const header = encodeBase64Url(new TextEncoder().encode(JSON.stringify({ alg, x5c, ...opts.header })));
  const input = new TextEncoder().encode(`${header}.${encodeBase64Url(payload)}`);
  let signature: ArrayBuffer;
  if (key.algorithm.name === "ECDSA") {
    signature = await crypto.subtle.sign({ name: "ECDSA", hash: alg === "ES384" ? "SHA-384" : "SHA-256" }, key, input);
  } else if (alg === "PS256") {
    // WebCrypto binds a key to one scheme: re-import the same RSA key for PSS.
    const pkcs8 = await crypto.subtle.exportKey("pkcs8", key);
    const pss = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "RSA-PSS", hash: "SHA-256" }, false, ["sign"]);
    signature = await crypto.subtle.sign({ name: "RSA-PSS", saltLength: 32 }, pss, input);
  } else {
    signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, input);
  }
  return `${header}..${encodeBase64Url(new Uint8Array(signature))}`;
}

/** The signing time every fixture certificate is judged at. */
export const AT = "2025-07-10T03:00:00.000Z";

const d = (iso: string) => new Date(iso);

export interface TestPki {
  builder: PkiBuilder;
  root: Issued;
  /** Issuing CA in the trust store, with a CRL. */
  intermediate: Issued;
  /** Issuing CA in the trust store without any CRL of its own. */
  noCrlCa: Issued;
  /** Issuing CA under the root that the trust store does not know. */
  unlistedCa: Issued;
  /** A self-signed root nobody configured. */
  foreignRoot: Issued;
  officials: {
    rsa: Issued;
    ec: Issued;
    other: Issued;
    expired: Issued;
    notYetValid: Issued;
    revoked: Issued;
    revokedLater: Issued;
    certSignOnly: Issued;
    underNoCrlCa: Issued;
    underUnlistedCa: Issued;
    underForeignRoot: Issued;
    p384: Issued;
    rsa1024: Issued;
  };
  crls: { root: string; intermediate: string };
  trust: TrustStore;
}

/** Builds the hierarchy: ~3 RSA and ~9 EC key generations, well under a second or two. */
export async function createTestPki(): Promise<TestPki> {
  const builder = new PkiBuilder({ crypto, now: () => d(AT) });
  const ca = { notBefore: d("2021-01-01T00:00:00Z"), notAfter: d("2035-01-01T00:00:00Z") };
  const ee = { notBefore: d("2025-01-01T00:00:00Z"), notAfter: d("2027-01-01T00:00:00Z") };

  const root = await builder.createRootCa({ subject: "CN=Test Root CA G1, O=Ban Co yeu Chinh phu, C=VN", key: RSA_2048, ...ca });
  const [intermediate, noCrlCa, unlistedCa] = await Promise.all([
    builder.createIntermediateCa(root, { subject: "CN=Test Issuing CA, O=Ban Co yeu Chinh phu, C=VN", key: EC_P256, pathLength: 0, ...ca }),
    builder.createIntermediateCa(root, { subject: "CN=Test Issuing CA without CRL, C=VN", key: EC_P256, ...ca }),
    builder.createIntermediateCa(root, { subject: "CN=Test Unlisted Issuing CA, C=VN", key: EC_P256, ...ca }),
  ]);
  const foreignRoot = await builder.createRootCa({ subject: "CN=Self-made Root, C=VN", key: EC_P256, ...ca });

  const [rsaKeys, ecKeys] = await Promise.all([builder.generateKeys(RSA_2048), builder.generateKeys(EC_P256)]);
  const official = (subject: string, extra: Partial<CertificateOptions> = {}, issuer = intermediate) =>
    builder.createEndEntity(issuer, { subject, keys: ecKeys, ...ee, ...extra });
  const officials = {
    rsa: await official("CN=Nguyen Van An, O=UBND Phuong Ben Nghe, C=VN", { keys: rsaKeys }),
    ec: await official("CN=Tran Thi Binh, O=UBND Phuong Ben Nghe, C=VN"),
    other: await official("CN=Le Van Cuong, O=UBND Phuong Ben Nghe, C=VN", { key: EC_P256, keys: undefined }),
    expired: await official("CN=Tran Thi Binh (expired)", { notBefore: d("2023-01-01T00:00:00Z"), notAfter: d("2025-01-01T00:00:00Z") }),
    notYetValid: await official("CN=Tran Thi Binh (future)", { notBefore: d("2025-08-01T00:00:00Z") }),
    revoked: await official("CN=Tran Thi Binh (revoked)"),
    revokedLater: await official("CN=Tran Thi Binh (revoked later)"),
    certSignOnly: await official("CN=Tran Thi Binh (keyCertSign)", { keyUsage: KeyUsageFlags.keyCertSign }),
    underNoCrlCa: await official("CN=Pham Van Dung", {}, noCrlCa),
    underUnlistedCa: await official("CN=Hoang Thi Em", {}, unlistedCa),
    underForeignRoot: await official("CN=Tran Thi Binh (self-made)", {}, foreignRoot),
    p384: await official("CN=Vo Van Phuc (P-384)", { key: { type: "EC", namedCurve: "P-384" }, keys: undefined }),
    rsa1024: await official("CN=Vo Van Phuc (RSA-1024)", { key: { type: "RSA", modulusLength: 1024 }, keys: undefined }),
  };

  const rootCrl = await builder.createCrl(root, { thisUpdate: d("2025-07-01T00:00:00Z"), nextUpdate: d("2025-10-01T00:00:00Z") });
  const intermediateCrl = await builder.createCrl(intermediate, {
    thisUpdate: d("2025-07-05T00:00:00Z"),
    nextUpdate: d("2025-08-05T00:00:00Z"),
    revoked: [
      { serialNumber: officials.revoked.serialNumber, revocationDate: d("2025-07-03T08:30:00Z"), reason: X509CrlReason.keyCompromise },
      // Dated after AT: signatures made before it stay valid.
      { serialNumber: officials.revokedLater.serialNumber, revocationDate: d("2025-07-20T00:00:00Z"), reason: X509CrlReason.superseded },
    ],
  });
  const crls = { root: rootCrl.pem, intermediate: intermediateCrl.pem };
  return {
    builder,
    root,
    intermediate,
    noCrlCa,
    unlistedCa,
    foreignRoot,
    officials,
    crls,
    trust: { anchors: [root.pem], intermediates: [intermediate.pem, noCrlCa.pem], crls: [crls.root, crls.intermediate] },
  };
}
