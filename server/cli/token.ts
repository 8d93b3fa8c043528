// A signing key on a PKCS#11 token (the USB token an official holds; SoftHSM2 in tests). The
// token computes the signature: the private key is never read, only used through the module.
import { createHash, X509Certificate } from "node:crypto";
import { createRequire } from "node:module";
import type * as Graphene from "graphene-pk11";

export interface TokenOptions {
  /** Path of the vendor's PKCS#11 module (.so / .dll). */
  module: string;
  /** Slot ID as the vendor tool prints it (softhsm2-util --show-slots, pkcs11-tool -L). */
  slot: bigint;
  /** CKA_LABEL of the private key; the certificate, when the token holds one, has the same label. */
  label: string;
  pin: string;
}

export interface TokenKey {
  isEc: boolean;
  /** The certificate stored on the token under the same label, PEM, if there is one. */
  certificatePem?: string;
  /** SHA-256 then sign on the token: r||s (IEEE P1363) for EC, PKCS#1 v1.5 for RSA. */
  sign(data: Uint8Array): Buffer;
  close(): void;
}

export class TokenError extends Error {}

const require = createRequire(import.meta.url);

/**
 * graphene-pk11 is an optional dependency: its native part (pkcs11js) is compiled at `npm install`
 * and needs a C++ compiler and Node's headers. Without it everything but token signing works.
 */
export function pkcs11(): typeof Graphene {
  try {
    return require("graphene-pk11") as typeof Graphene;
  } catch {
    throw new TokenError("PKCS#11 support is not installed: the optional package graphene-pk11 (native pkcs11js) did not build at npm install; install a C++ compiler and Node's headers (Debian: build-essential) and run npm install again");
  }
}

/** PKCS#11 handles are native-endian CK_ULONGs; compare slots by their numeric ID. */
function handleId(handle: Buffer): bigint {
  return BigInt(`0x${Buffer.from(handle).reverse().toString("hex") || "0"}`);
}

function first(session: Graphene.Session, template: Graphene.ITemplate): Graphene.SessionObject | undefined {
  const found = session.find(template);
  return found.length > 0 ? found.items(0) : undefined;
}

export function openTokenKey(opts: TokenOptions): TokenKey {
  const mod = pkcs11().Module.load(opts.module);
  mod.initialize();
  try {
    const slots = mod.getSlots(true);
    const ids: bigint[] = [];
    let slot: Graphene.Slot | undefined;
    for (let i = 0; i < slots.length; i++) {
      const s = slots.items(i);
      // SoftHSM2 and some readers always show one empty, uninitialised token: not worth naming.
      if (!(s.getToken().flags & pkcs11().TokenFlag.TOKEN_INITIALIZED)) continue;
      ids.push(handleId(s.handle));
      if (handleId(s.handle) === opts.slot) slot = s;
    }
    if (!slot) throw new TokenError(`no token in slot ${opts.slot} (initialised tokens are in slots: ${ids.join(", ") || "none"})`);
    const session = slot.open(pkcs11().SessionFlag.SERIAL_SESSION);
    try {
      session.login(opts.pin, pkcs11().UserType.USER);
    } catch (e) {
      session.close();
      throw new TokenError(`the token refused the PIN: ${(e as Error).message}`);
    }
    const key = first(session, { class: pkcs11().ObjectClass.PRIVATE_KEY, label: opts.label })?.toType<Graphene.PrivateKey>();
    if (!key) {
      session.close();
      throw new TokenError(`no private key labelled "${opts.label}" on the token in slot ${opts.slot}`);
    }
    const isEc = key.type === pkcs11().KeyType.EC;
    const cert = first(session, { class: pkcs11().ObjectClass.CERTIFICATE, label: opts.label })?.toType<Graphene.X509Certificate>();
    const certificatePem = cert ? new X509Certificate(cert.value).toString() : undefined;
    return {
      isEc,
      certificatePem,
      sign(data) {
        if (isEc) {
          // CKM_ECDSA signs a digest given to it; every token implements it (not all have ECDSA_SHA256).
          return session.createSign("ECDSA", key).once(createHash("sha256").update(data).digest());
        }
        return session.createSign("SHA256_RSA_PKCS", key).once(Buffer.from(data));
      },
      close() {
        session.logout();
        session.close();
        mod.finalize();
      },
    };
  } catch (e) {
    mod.finalize();
    throw e;
  }
}
