// The log's Ed25519 key: signs checkpoints and seals each committed record. Development: generated
// under DATA_DIR/secrets at first start. Production: LOG_KEY_FILE names a PKCS#8 PEM kept off the database host.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, webcrypto, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { createOnce } from "../secrets.js";

export interface LogKey {
  /** Key name in signed notes, e.g. "motcua.example/log". */
  name: string;
  privateKey: KeyObject;
  publicKeyPem: string;
  /** Raw 32-byte Ed25519 public key. */
  publicKeyRaw: Uint8Array;
  /** WebCrypto handles for the engine's checkpoint code. */
  cryptoKeys: { privateKey: CryptoKey; publicKey: CryptoKey };
  seal(message: Uint8Array): string;
}

export async function logKeyFrom(privateKey: KeyObject, name: string): Promise<LogKey> {
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const spki = publicKey.export({ type: "spki", format: "der" });
  const publicKeyRaw = new Uint8Array(spki.subarray(spki.length - 32));
  const subtle = webcrypto.subtle;
  const cryptoKeys = {
    privateKey: await subtle.importKey("pkcs8", privateKey.export({ type: "pkcs8", format: "der" }), { name: "Ed25519" }, true, ["sign"]),
    publicKey: await subtle.importKey("raw", publicKeyRaw, { name: "Ed25519" }, true, ["verify"]),
  } as unknown as LogKey["cryptoKeys"];
  return { name, privateKey, publicKeyPem, publicKeyRaw, cryptoKeys, seal: (m) => sign(null, m, privateKey).toString("base64") };
}

export function generateLogKey(name: string): Promise<LogKey> {
  return logKeyFrom(generateKeyPairSync("ed25519").privateKey, name);
}

/** Reads the key file, creating it (development) when absent. */
export function loadOrCreateLogKey(file: string, name: string): Promise<LogKey> {
  createOnce(file, () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }) as string);
  return logKeyFrom(createPrivateKey(readFileSync(file, "utf8")), name);
}
