// A real PKCS#11 token for tests: SoftHSM2 (Debian's softhsm2) with its token store in a temp
// folder. The key pair is generated on the token, so the test never holds the private key either.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as Graphene from "graphene-pk11";
import { pkcs11 } from "../../server/cli/token.js";
import type { X509Certificate } from "@peculiar/x509";

export const SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so";

/** Why token tests cannot run here, or undefined when SoftHSM2 is installed. */
export function softHsmMissing(): string | undefined {
  try {
    pkcs11();
  } catch (e) {
    return (e as Error).message;
  }
  if (!existsSync(SOFTHSM_MODULE)) return `softhsm2 is not installed (no ${SOFTHSM_MODULE}; apt-get install softhsm2)`;
  try {
    execFileSync("softhsm2-util", ["--version"], { stdio: "ignore" });
  } catch {
    return "softhsm2 is not installed (no softhsm2-util on PATH; apt-get install softhsm2)";
  }
  return undefined;
}

export interface SoftToken {
  /** SOFTHSM2_CONF for every process that opens the token. */
  conf: string;
  slot: bigint;
  pin: string;
}

/** Initialises a fresh token in `dir`; SoftHSM2 moves it to a new slot ID, which it prints. */
export function createSoftToken(dir: string, label = "motcua-test"): SoftToken {
  const tokens = join(dir, "tokens");
  mkdirSync(tokens, { recursive: true });
  const conf = join(dir, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const pin = "246810";
  const out = execFileSync("softhsm2-util", ["--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "13579111"], { env: { ...process.env, SOFTHSM2_CONF: conf }, encoding: "utf8" });
  const slot = /reassigned to slot (\d+)/.exec(out)?.[1];
  if (!slot) throw new Error(`softhsm2-util: no slot in ${JSON.stringify(out)}`);
  return { conf, slot: BigInt(slot), pin };
}

function withSession<T>(token: SoftToken, use: (session: Graphene.Session) => T): T {
  // SoftHSM2 reads SOFTHSM2_CONF when the module is initialised.
  process.env.SOFTHSM2_CONF = token.conf;
  const mod = pkcs11().Module.load(SOFTHSM_MODULE);
  mod.initialize();
  try {
    const slots = mod.getSlots(true);
    const slot = Array.from({ length: slots.length }, (_, i) => slots.items(i)).find((s) => s.getToken().label.trim() !== "");
    if (!slot) throw new Error("no initialised SoftHSM2 token");
    const session = slot.open(pkcs11().SessionFlag.SERIAL_SESSION | pkcs11().SessionFlag.RW_SESSION);
    session.login(token.pin, pkcs11().UserType.USER);
    try {
      return use(session);
    } finally {
      session.logout();
      session.close();
    }
  } finally {
    mod.finalize();
  }
}

/** P-256 SubjectPublicKeyInfo prefix (id-ecPublicKey, prime256v1), followed by the 65-byte point. */
const P256_SPKI_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex");

/** Generates a P-256 key pair on the token (private key sensitive, not extractable); returns the public key as SPKI DER. */
export function generateTokenKey(token: SoftToken, label: string): Uint8Array<ArrayBuffer> {
  return withSession(token, (session) => {
    const id = Buffer.from(label);
    const keys = session.generateKeyPair(
      pkcs11().KeyGenMechanism.EC,
      { keyType: pkcs11().KeyType.EC, token: true, label, id, verify: true, paramsEC: pkcs11().NamedCurve.getByName("secp256r1").value },
      { keyType: pkcs11().KeyType.EC, token: true, private: true, label, id, sign: true, sensitive: true, extractable: false },
    );
    // CKA_EC_POINT is a DER OCTET STRING around the uncompressed point (04 || x || y).
    const point = keys.publicKey.getAttribute({ pointEC: null }).pointEC as Buffer;
    return new Uint8Array(Buffer.concat([P256_SPKI_PREFIX, point.subarray(point.length - 65)]));
  });
}

/** Stores the certificate issued for the key on the token under the same label, as a token is delivered. */
export function storeTokenCertificate(token: SoftToken, label: string, cert: X509Certificate): void {
  withSession(token, (session) => {
    session.create({ class: pkcs11().ObjectClass.CERTIFICATE, certType: pkcs11().CertificateType.X_509, token: true, label, id: Buffer.from(label), value: Buffer.from(cert.rawData), subject: Buffer.from(cert.subjectName.toArrayBuffer()) });
  });
}
