// `motcua sign`: signs a case's signing payload with a PEM private key (DEVELOPMENT and the README
// tour) or with the key on an official's PKCS#11 token. Output is the JSON `signature` object for
// POST /cases/:id/actions, plus the signed payload.
import { readFile } from "node:fs/promises";
import { createPrivateKey, sign as nodeSign } from "node:crypto";
import { ecdsaRawToDer } from "../../engine/signature/algorithms.js";
import { openTokenKey, TokenError } from "./token.js";

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function readInput(path: string): Promise<string> {
  if (path !== "-") return readFile(path, "utf8");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Accepts either the canonical payload itself or the whole GET /signing-payload response. */
export function canonicalFrom(text: string): string {
  const parsed = JSON.parse(text) as { canonical?: unknown };
  return typeof parsed.canonical === "string" ? parsed.canonical : text.trim();
}

const USAGE = [
  "usage: motcua sign --payload <file|-> --key <key.pem> --cert <cert.pem> [--format jws|raw]",
  "       motcua sign --payload <file|-> --pkcs11 <module.so> --slot <id> --key-label <label> [--pin-env <VAR>] [--cert <cert.pem>] [--format jws|raw]",
  "",
  "The first form signs with a key file (development). The second asks a PKCS#11 token (an official's",
  "USB token) to sign: the private key never leaves it. The PIN is read from the environment variable",
  "named by --pin-env (default MOTCUA_PIN), never from the command line where other users could see it.",
  "Without --cert the certificate stored on the token under the same label is used.",
].join("\n");

/** Signs bytes the way the chosen format needs: EC as r||s (JWS) or DER (raw), RSA as PKCS#1 v1.5. */
interface Signer {
  isEc: boolean;
  certificatePem: string;
  /** SHA-256 signature; EC in IEEE P1363 (r||s). */
  sign(data: Uint8Array): Buffer;
  close(): void;
}

async function fileSigner(keyPath: string, certPath: string): Promise<Signer> {
  const key = createPrivateKey(await readFile(keyPath, "utf8"));
  const isEc = key.asymmetricKeyType === "ec";
  return {
    isEc,
    certificatePem: await readFile(certPath, "utf8"),
    sign: (data) => nodeSign("sha256", data, isEc ? { key, dsaEncoding: "ieee-p1363" } : key),
    close: () => undefined,
  };
}

async function tokenSigner(args: string[], certPath: string | undefined): Promise<Signer> {
  const slot = arg(args, "--slot");
  const label = arg(args, "--key-label");
  if (!slot || !/^\d+$/.test(slot) || !label) throw new TokenError("--pkcs11 needs --slot <numeric slot id> and --key-label <label>");
  const pinVar = arg(args, "--pin-env") ?? "MOTCUA_PIN";
  const pin = process.env[pinVar];
  if (pin === undefined) throw new TokenError(`set the token PIN in the environment variable ${pinVar}`);
  const key = openTokenKey({ module: arg(args, "--pkcs11")!, slot: BigInt(slot), label, pin });
  const certificatePem = certPath ? await readFile(certPath, "utf8") : key.certificatePem;
  if (!certificatePem) {
    key.close();
    throw new TokenError(`the token holds no certificate labelled "${label}": pass --cert <cert.pem>`);
  }
  return { isEc: key.isEc, certificatePem, sign: (data) => key.sign(data), close: () => key.close() };
}

function signWith(signer: Signer, canonical: string, format: "jws" | "raw"): unknown {
  if (format === "raw") {
    // Same bytes as `openssl dgst -sha256 -sign key.pem payload.json` (DER ECDSA or PKCS#1 v1.5 RSA).
    const sig = signer.sign(Buffer.from(canonical));
    return { format: "raw", signature: Buffer.from(signer.isEc ? ecdsaRawToDer(sig) : sig).toString("base64"), certificate: signer.certificatePem };
  }
  const der = Buffer.from(signer.certificatePem.replace(/-----[^-]+-----|\s/g, ""), "base64").toString("base64");
  const header = Buffer.from(JSON.stringify({ alg: signer.isEc ? "ES256" : "RS256", x5c: [der] })).toString("base64url");
  const input = `${header}.${Buffer.from(canonical).toString("base64url")}`;
  return { format: "jws", jws: `${header}..${signer.sign(Buffer.from(input)).toString("base64url")}` };
}

export async function signCommand(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const payloadPath = arg(args, "--payload");
  const keyPath = arg(args, "--key");
  const certPath = arg(args, "--cert");
  const format = arg(args, "--format") ?? "jws";
  const token = args.includes("--pkcs11");
  if (!payloadPath || (format !== "jws" && format !== "raw") || (token ? !arg(args, "--pkcs11") : !keyPath || !certPath)) {
    console.error(USAGE);
    return 2;
  }
  const canonical = canonicalFrom(await readInput(payloadPath));
  let signer: Signer;
  try {
    signer = token ? await tokenSigner(args, certPath) : await fileSigner(keyPath!, certPath!);
  } catch (e) {
    if (!(e instanceof TokenError)) throw e;
    console.error(`motcua sign: ${e.message}`);
    return 1;
  }
  try {
    console.log(JSON.stringify({ signature: signWith(signer, canonical, format), signedPayload: canonical }));
  } finally {
    signer.close();
  }
  return 0;
}
