// The trust store: CA certificates and CRLs read from disk at start (and on demand), passed to
// the engine as data. Layout of a trust directory: anchors/*.pem, intermediates/*.pem, crls/*.pem|*.crl
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { TrustStore } from "../../engine/signature/types.js";

async function readAll(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.(pem|crt|crl)$/.test(n)).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) {
    const buf = await readFile(join(dir, n));
    // A .crl may be DER: keep it as base64 so the engine receives text either way.
    out.push(buf.includes("-----BEGIN") ? buf.toString("utf8") : buf.toString("base64"));
  }
  return out;
}

export async function readTrustDir(dir: string): Promise<TrustStore> {
  const [anchors, intermediates, crls] = await Promise.all([readAll(join(dir, "anchors")), readAll(join(dir, "intermediates")), readAll(join(dir, "crls"))]);
  return { anchors, intermediates, crls };
}

export function mergeTrust(...stores: TrustStore[]): TrustStore {
  return {
    anchors: stores.flatMap((s) => s.anchors),
    intermediates: stores.flatMap((s) => s.intermediates),
    crls: stores.flatMap((s) => s.crls),
  };
}

/** Re-reads the directories at most every `ttlMs`, so a new CRL is picked up without a restart. */
export function trustProvider(dirs: string[], ttlMs = 60_000): () => Promise<TrustStore> {
  let cached: { at: number; store: TrustStore } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < ttlMs) return cached.store;
    const store = mergeTrust(...(await Promise.all(dirs.map(readTrustDir))));
    cached = { at: Date.now(), store };
    return store;
  };
}
