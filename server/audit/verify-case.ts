// A stored case checked as an auditor would check its exported bundle: against the log's own key
// and the trust anchors configured now (a root withdrawn since no longer vouches for old signatures).
import { webcrypto } from "node:crypto";
import type { Database } from "../db/database.js";
import type { TrustStore } from "../../engine/signature/types.js";
import type { EvidenceBundle } from "../../engine/audit/bundle.js";
import { verifyBundle, type BundleReport } from "../../engine/audit/bundle-verify.js";
import type { TransparencyLog } from "./log.js";
import { buildBundle } from "./bundle.js";

export async function verifyStoredCase(
  d: { db: Database; tlog: TransparencyLog; cases: { trustStore(): Promise<TrustStore> } },
  caseId: string,
  now: string,
): Promise<{ bundle: EvidenceBundle; report: BundleReport }> {
  const bundle = await buildBundle(d.db, d.tlog, caseId, now);
  const report = await verifyBundle(bundle, {
    logKey: { name: d.tlog.key.name, publicKey: d.tlog.key.publicKeyRaw },
    anchors: (await d.cases.trustStore()).anchors,
    crypto: webcrypto as unknown as Crypto,
  });
  return { bundle, report };
}
