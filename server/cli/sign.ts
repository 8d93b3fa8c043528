// `motcua sign`: signs a case's signing payload with a PEM private key (DEVELOPMENT and the README
// tour; officials normally sign with their own signing device or software). Output is the JSON
// `signature` object for POST /cases/:id/actions, plus the signed payload.
import { readFile } from "node:fs/promises";
import { createPrivateKey, sign as nodeSign } from "node:crypto";

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

export async function signCommand(args: string[]): Promise<number> {
  const payloadPath = arg(args, "--payload");
  const keyPath = arg(args, "--key");
  const certPath = arg(args, "--cert");
  const format = arg(args, "--format") ?? "jws";
  if (!payloadPath || !keyPath || !certPath || (format !== "jws" && format !== "raw")) {
    console.error("usage: motcua sign --payload <file|-> --key <key.pem> --cert <cert.pem> [--format jws|raw]");
    return 2;
  }
  const canonical = canonicalFrom(await readInput(payloadPath));
  const key = createPrivateKey(await readFile(keyPath, "utf8"));
  const certPem = await readFile(certPath, "utf8");
  const isEc = key.asymmetricKeyType === "ec";
  let signature: unknown;
  if (format === "raw") {
    // Same bytes as `openssl dgst -sha256 -sign key.pem payload.json` (DER ECDSA or PKCS#1 v1.5 RSA).
    signature = { format: "raw", signature: nodeSign("sha256", Buffer.from(canonical), key).toString("base64"), certificate: certPem };
  } else {
    const der = Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ""), "base64").toString("base64");
    const header = Buffer.from(JSON.stringify({ alg: isEc ? "ES256" : "RS256", x5c: [der] })).toString("base64url");
    const input = `${header}.${Buffer.from(canonical).toString("base64url")}`;
    const sig = nodeSign("sha256", Buffer.from(input), isEc ? { key, dsaEncoding: "ieee-p1363" } : key).toString("base64url");
    signature = { format: "jws", jws: `${header}..${sig}` };
  }
  console.log(JSON.stringify({ signature, signedPayload: canonical }));
  return 0;
}
