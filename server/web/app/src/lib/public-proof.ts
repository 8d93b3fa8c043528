// The public result's proof, checked here in the reader's browser (engine/audit/public-proof.ts):
// the verdict then rests on the log's key, which the page names so it can be compared with the
// one the province publishes, and not on this server's word.
import { verifyPublicProof, type PublicProof } from "../../../../../engine/audit/public-proof.js";
import { api } from "./api.js";

export type BrowserCheck = { state: "checking" } | { state: "none" } | { state: "ok"; keyId: string } | { state: "failed"; reason: string; keyId: string };

interface LogKeyResponse {
  name: string;
  publicKey: string;
  verifierKey: string;
}

export async function checkInBrowser(proof: PublicProof | null, digest: string): Promise<BrowserCheck> {
  if (!proof) return { state: "none" };
  const key = await api.get<LogKeyResponse>("/public/log-key");
  const raw = Uint8Array.from(atob(key.publicKey), (c) => c.charCodeAt(0));
  // name+keyid: what a reader compares with the key the province publishes.
  const keyId = key.verifierKey.split("+").slice(0, 2).join("+");
  const r = await verifyPublicProof(proof, digest, { name: key.name, publicKey: raw }, window.crypto);
  return r.ok ? { state: "ok", keyId } : { state: "failed", reason: r.reason, keyId };
}
