// Merkle log at 1,000,000 leaves: build cost, memory, and proof generation/verification times.
// Run alone with `npx tsx bench/merkle.ts` (add `--expose-gc` via NODE_OPTIONS for steadier
// memory figures), or through `npm run bench`.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { MerkleTree, leafHash } from "../engine/audit/merkle.js";
import { verifyConsistency, verifyInclusion } from "../engine/audit/merkle-verify.js";

const LEAVES = 1_000_000;
const SAMPLES = 1_000;

/** Deterministic PRNG (xorshift32) so runs are comparable. */
function rng(seed: number): (below: number) => number {
  let x = seed >>> 0 || 1;
  return (below) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % below;
  };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const us = (ms: number) => Math.round(ms * 1000 * 10) / 10;

function averageMs(run: (i: number) => void): number {
  const start = performance.now();
  for (let i = 0; i < SAMPLES; i++) run(i);
  return (performance.now() - start) / SAMPLES;
}

export async function benchMerkle(): Promise<Record<string, string | number>> {
  gc();
  const before = process.memoryUsage();
  const start = performance.now();
  const tree = new MerkleTree();
  const leaf = new Uint8Array(32);
  const view = new DataView(leaf.buffer);
  for (let i = 0; i < LEAVES; i++) {
    leaf.fill(0xa5);
    view.setUint32(0, i);
    tree.append(leafHash(leaf));
  }
  const buildMs = performance.now() - start;
  gc();
  const after = process.memoryUsage();

  const rand = rng(20240601);
  const indexes = Array.from({ length: SAMPLES }, () => rand(LEAVES));
  const sizes = indexes.map((i) => i + 1 + rand(LEAVES - i)); // size > index, <= LEAVES
  const olds = sizes.map((n) => 1 + rand(n)); // 1..n

  const root = tree.rootAt();
  const rootAtMs = averageMs((i) => tree.rootAt(sizes[i]!));
  const inclusionMs = averageMs((i) => tree.inclusionProof(indexes[i]!));
  const inclusionAnySizeMs = averageMs((i) => tree.inclusionProof(indexes[i]!, sizes[i]!));
  const consistencyMs = averageMs((i) => tree.consistencyProof(olds[i]!, sizes[i]!));

  const incProofs = indexes.map((i) => tree.inclusionProof(i));
  const leaves = indexes.map((i) => tree.leaf(i));
  const verifyInclusionMs = averageMs((i) => {
    if (!verifyInclusion(leaves[i]!, indexes[i]!, LEAVES, incProofs[i]!, root)) throw new Error("inclusion proof failed");
  });
  const consProofs = olds.map((m, i) => tree.consistencyProof(m, sizes[i]!));
  const oldRoots = olds.map((m) => tree.rootAt(m));
  const newRoots = sizes.map((n) => tree.rootAt(n));
  const verifyConsistencyMs = averageMs((i) => {
    if (!verifyConsistency(olds[i]!, sizes[i]!, oldRoots[i]!, newRoots[i]!, consProofs[i]!)) throw new Error("consistency proof failed");
  });

  return {
    "merkle.leaves": LEAVES,
    "merkle.build_ms": Math.round(buildMs),
    "merkle.append_us": us(buildMs / LEAVES),
    "merkle.heap_used_delta_mb": mb(after.heapUsed - before.heapUsed),
    "merkle.array_buffers_delta_mb": mb(after.arrayBuffers - before.arrayBuffers),
    "merkle.rss_delta_mb": mb(after.rss - before.rss),
    "merkle.gc_exposed": typeof (globalThis as { gc?: unknown }).gc === "function" ? "yes" : "no",
    "merkle.root_at_random_size_us": us(rootAtMs),
    "merkle.inclusion_proof_us": us(inclusionMs),
    "merkle.inclusion_proof_random_size_us": us(inclusionAnySizeMs),
    "merkle.consistency_proof_us": us(consistencyMs),
    "merkle.verify_inclusion_us": us(verifyInclusionMs),
    "merkle.verify_consistency_us": us(verifyConsistencyMs),
    "merkle.inclusion_proof_hashes": incProofs[0]!.length,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchMerkle();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(40)} ${v}`);
}
