// Audit verification rate: entries per second through the offline bundle verifier (hash, link,
// server seal, inclusion proof; and the signature re-verification on signing steps).
import { webcrypto } from "node:crypto";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { generateLogKey } from "../server/audit/log-key.js";
import { MerkleTree } from "../engine/audit/merkle.js";
import { caseStream, entryLeafHash, sealMessage } from "../engine/audit/leaf.js";
import { formatCheckpoint, signCheckpoint } from "../engine/audit/checkpoint.js";
import { verifyBundle } from "../engine/audit/bundle-verify.js";
import { BUNDLE_FORMAT, type EvidenceBundle } from "../engine/audit/bundle.js";
import { verifyChain } from "../engine/audit/entry.js";
import { toHex } from "../engine/hash.js";
import type { AuditEntry, CaseState } from "../engine/case.js";
import { lifecycles } from "./support/lifecycles.js";

const crypto = webcrypto as unknown as Crypto;

export async function benchAudit(cases = 150): Promise<Record<string, string | number>> {
  const key = await generateLogKey("motcua.bench/log");
  const histories = await lifecycles(cases);
  const tree = new MerkleTree();
  const indexed = histories.map(({ c, entries }) => ({ c, entries: entries.map((e) => ({ e, index: tree.append(entryLeafHash(caseStream(e.caseId), e.seq, e.hash)) })) }));
  const size = tree.size;
  const note = await signCheckpoint(formatCheckpoint({ origin: key.name, size, rootHash: tree.rootAt(size) }), { name: key.name, privateKey: key.cryptoKeys.privateKey, publicKey: key.cryptoKeys.publicKey }, crypto);
  const bundles: EvidenceBundle[] = indexed.map(({ c, entries }) => bundleOf(c, entries, tree, note, key.name, key.publicKeyPem, (e) => key.seal(sealMessage(caseStream(e.caseId), e.seq, e.hash))));
  const total = bundles.reduce((n, b) => n + b.entries.length, 0);

  const t0 = performance.now();
  for (const b of bundles) {
    const r = await verifyBundle(b, { logKey: { name: key.name, publicKey: key.publicKeyRaw }, crypto });
    if (!r.ok) throw new Error(`bench bundle failed: ${r.firstFailure}`);
  }
  const full = performance.now() - t0;
  const t1 = performance.now();
  for (const h of histories) if (verifyChain(h.c.id, h.entries).length) throw new Error("chain");
  const chainOnly = performance.now() - t1;
  return {
    "audit entries verified/s (bundle: hash+link+seal+inclusion+signatures)": Math.round(total / (full / 1000)),
    "audit entries verified/s (hash chain only)": Math.round(total / (chainOnly / 1000)),
    "audit bench entries": total,
  };
}

function bundleOf(c: CaseState, entries: Array<{ e: AuditEntry; index: number }>, tree: MerkleTree, note: string, name: string, pem: string, seal: (e: AuditEntry) => string): EvidenceBundle {
  return {
    format: BUNDLE_FORMAT,
    exportedAt: c.receivedAt,
    case: c,
    procedure: { id: c.procedureId, version: c.procedureVersion, definition: null },
    entries: entries.map(({ e, index }) => ({ entry: e, seal: seal(e), logIndex: index, inclusionProof: tree.inclusionProof(index, tree.size).map(toHex) })),
    logged: entries.map(({ e, index }) => ({ seq: e.seq, index, leafHash: toHex(tree.leaf(index)), inclusionProof: [] })),
    checkpoint: { note },
    logKey: { name, publicKeyPem: pem },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await benchAudit());
}
