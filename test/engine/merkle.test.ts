import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  EMPTY_ROOT,
  MerkleTree,
  consistencyProof,
  inclusionProof,
  leafHash,
  rootAt,
  rootFromLeafHashes,
  type LeafSource,
} from "../../engine/audit/merkle.js";
import { verifyConsistency, verifyInclusion } from "../../engine/audit/merkle-verify.js";

// ---- Reference: RFC 9162 §2.1 written out literally, with node:crypto, sharing nothing with engine/.
const H = (...parts: Uint8Array[]) => new Uint8Array(createHash("sha256").update(Buffer.concat(parts)).digest());
const refLeaf = (d: Uint8Array) => H(Uint8Array.of(0), d);
const k = (n: number) => 2 ** Math.floor(Math.log2(n - 1)); // largest power of two < n, n > 1
/** MTH over leaf hashes D[n] (leaf hashing done by the caller). */
function mth(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return H();
  if (d.length === 1) return d[0]!;
  return H(Uint8Array.of(1), mth(d.slice(0, k(d.length))), mth(d.slice(k(d.length))));
}
function path(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return [];
  const s = k(d.length);
  return m < s ? [...path(m, d.slice(0, s)), mth(d.slice(s))] : [...path(m - s, d.slice(s)), mth(d.slice(0, s))];
}
function subproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const s = k(d.length);
  return m <= s
    ? [...subproof(m, d.slice(0, s), b), mth(d.slice(s))]
    : [...subproof(m - s, d.slice(s), false), mth(d.slice(0, s))];
}

/** Length of PATH(m, D[n]) and of PROOF(m, D[n]): depends only on the sizes. */
function pathLength(m: number, n: number): number {
  if (n === 1) return 0;
  const s = k(n);
  return 1 + (m < s ? pathLength(m, s) : pathLength(m - s, n - s));
}
function proofLength(m: number, n: number, b = true): number {
  if (m === n) return b ? 0 : 1;
  const s = k(n);
  return 1 + (m <= s ? proofLength(m, s, b) : proofLength(m - s, n - s, false));
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const hexes = (bs: Uint8Array[]) => bs.map(hex);
const data = (i: number) => new Uint8Array(createHash("sha256").update(`leaf ${i}`).digest());

const N = 1000;
const leaves = Array.from({ length: N }, (_, i) => refLeaf(data(i)));
const tree = MerkleTree.from(Array.from({ length: N }, (_, i) => leafHash(data(i))));
const refRoots = [H(), ...leaves.map((_, i) => mth(leaves.slice(0, i + 1)))];
const sampleSizes = [...Array.from({ length: 64 }, (_, i) => i + 1), 100, 127, 128, 129, 255, 256, 257, 511, 512, 513, 777, 999, 1000];
const spread = (n: number) => (n <= 64 ? Array.from({ length: n }, (_, i) => i) : [...new Set([0, 1, 2, n >> 2, n >> 1, n - 3, n - 2, n - 1, Math.floor(n / 3), Math.floor((n * 7) / 10), 37 % n])]);

describe("Merkle tree hash (RFC 9162 §2.1.1)", () => {
  it("known answers: empty tree, one leaf, three leaves by hand", () => {
    expect(hex(EMPTY_ROOT)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex(new MerkleTree().rootAt())).toBe(hex(EMPTY_ROOT));
    expect(hex(rootFromLeafHashes([]))).toBe(hex(EMPTY_ROOT));
    // leaf "" -> SHA-256(0x00), the RFC 6962 test vector 6e340b9c...
    expect(hex(leafHash(new Uint8Array(0)))).toBe("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    const [a, b, c] = ["a", "b", "c"].map((s) => new TextEncoder().encode(s)) as [Uint8Array, Uint8Array, Uint8Array];
    const la = H(Uint8Array.of(0), a), lb = H(Uint8Array.of(0), b), lc = H(Uint8Array.of(0), c);
    // D[3] splits at k = 2: MTH = H(1 || H(1 || la || lb) || lc)
    const expected = H(Uint8Array.of(1), H(Uint8Array.of(1), la, lb), lc);
    expect(hex(rootFromLeafHashes([leafHash(a), leafHash(b), leafHash(c)]))).toBe(hex(expected));
  });

  it("rootAt matches the naive recursive definition for every size 0..1000", () => {
    for (let n = 0; n <= N; n++) expect(hex(tree.rootAt(n)), `size ${n}`).toBe(hex(refRoots[n]!));
  });

  it("works over a plain leaf source without a subtree cache", () => {
    const source: LeafSource = { size: N, leaf: (i) => leaves[i]! };
    for (const n of [1, 2, 3, 17, 64, 999]) {
      expect(hex(rootAt(source, n))).toBe(hex(refRoots[n]!));
      expect(hexes(inclusionProof(source, n - 1, n))).toEqual(hexes(tree.inclusionProof(n - 1, n)));
      expect(hexes(consistencyProof(source, n >> 1, n))).toEqual(hexes(tree.consistencyProof(n >> 1, n)));
    }
  });

  it("refuses out-of-range generation requests", () => {
    expect(() => tree.rootAt(N + 1)).toThrow(RangeError);
    expect(() => tree.inclusionProof(5, 5)).toThrow(RangeError);
    expect(() => tree.inclusionProof(-1, 5)).toThrow(RangeError);
    expect(() => tree.consistencyProof(6, 5)).toThrow(RangeError);
    expect(() => tree.leaf(N)).toThrow(RangeError);
    expect(() => tree.append(new Uint8Array(31))).toThrow(TypeError);
  });
});

describe("inclusion proofs (RFC 9162 §2.1.3)", () => {
  it("equal the RFC's PATH and verify, for all indexes up to size 64 and a spread above", () => {
    for (const n of sampleSizes) {
      for (const i of spread(n)) {
        const proof = tree.inclusionProof(i, n);
        if (n <= 300) expect(hexes(proof), `PATH(${i}, D[${n}])`).toEqual(hexes(path(i, leaves.slice(0, n))));
        expect(verifyInclusion(leaves[i]!, i, n, proof, refRoots[n]!), `${i} in ${n}`).toBe(true);
      }
    }
  });

  it("tampered proofs fail", () => {
    for (const n of [2, 3, 5, 8, 13, 64, 100, 257, 1000]) {
      for (const i of spread(n)) {
        const proof = tree.inclusionProof(i, n);
        const root = refRoots[n]!;
        const ok = (p: Uint8Array[], idx = i, size = n, leaf = leaves[i]!, r = root) => verifyInclusion(leaf, idx, size, p, r);
        proof.forEach((_, j) => expect(ok(flip(proof, j))).toBe(false));
        expect(ok(proof.slice(0, -1))).toBe(false);
        expect(ok([...proof, leaves[0]!])).toBe(false);
        if (i + 1 < n) expect(ok(proof, i + 1)).toBe(false);
        if (i > 0) expect(ok(proof, i - 1)).toBe(false);
        expect(ok(proof, i, i)).toBe(false); // index >= size
        // The proof binds the size only through its shape (the checkpoint binds size and root):
        // a size whose path has another length must fail.
        for (const m of [n - 1, n + 1, 2 * n + 1]) {
          if (m > i && pathLength(i, m) !== proof.length) {
            expect(ok(proof, i, m)).toBe(false);
          }
        }
        expect(ok(proof, i, n, leaves[(i + 1) % n]!)).toBe(n === 1);
        expect(ok(proof, i, n, leaves[i]!, refRoots[n - 1]!)).toBe(false);
      }
    }
  });

  it("never throws on hostile input", () => {
    const proof = tree.inclusionProof(3, 10);
    const bad: unknown[][] = [
      [leaves[3], -1, 10, proof, refRoots[10]],
      [leaves[3], 3, 0, [], EMPTY_ROOT],
      [leaves[3], 0, 0, [], EMPTY_ROOT],
      [leaves[3], 2 ** 53, 2 ** 53 + 2, proof, refRoots[10]],
      [leaves[3], 3, Number.MAX_SAFE_INTEGER, proof, refRoots[10]],
      [leaves[3], 3.5, 10, proof, refRoots[10]],
      [leaves[3], NaN, 10, proof, refRoots[10]],
      [leaves[3], 3, Infinity, proof, refRoots[10]],
      [leaves[3], 3, 10, null, refRoots[10]],
      [leaves[3], 3, 10, [new Uint8Array(31), ...proof.slice(1)], refRoots[10]],
      [leaves[3], 3, 10, Array(10_000).fill(leaves[0]), refRoots[10]],
      [leaves[3], 3, 10, proof, new Uint8Array(0)],
      [undefined, 3, 10, proof, refRoots[10]],
      [leaves[3], "3", 10, proof, refRoots[10]],
    ];
    const verify = verifyInclusion as (...a: unknown[]) => boolean;
    for (const args of bad) expect(verify(...args)).toBe(false);
  });
});

describe("consistency proofs (RFC 9162 §2.1.4)", () => {
  const pairs: [number, number][] = [];
  for (let n = 1; n <= 40; n++) for (let m = 0; m <= n; m++) pairs.push([m, n]);
  for (const n of [63, 64, 65, 100, 127, 128, 129, 500, 512, 513, 999, 1000])
    for (const m of [1, 2, 3, 7, 8, 9, 31, 32, 33, 63, 64, 65, 99, 127, 128, 129, 300, 511, 512, 513, 998, 999]) if (m <= n) pairs.push([m, n]);

  it("equal the RFC's PROOF and verify, for many (m, n)", () => {
    for (const [m, n] of pairs) {
      const proof = tree.consistencyProof(m, n);
      if (m > 0 && m < n && n <= 300) expect(hexes(proof), `PROOF(${m}, D[${n}])`).toEqual(hexes(subproof(m, leaves.slice(0, n), true)));
      if (m === 0 || m === n) expect(proof).toEqual([]);
      expect(verifyConsistency(m, n, refRoots[m]!, refRoots[n]!, proof), `${m} -> ${n}`).toBe(true);
    }
  });

  it("tampered proofs fail", () => {
    for (const [m, n] of pairs.filter(([m, n]) => m > 0 && m < n && (n <= 20 || n % 100 === 0 || n === 129))) {
      const proof = tree.consistencyProof(m, n);
      const ok = (p: Uint8Array[], a = m, b = n, ra = refRoots[m]!, rb = refRoots[n]!) => verifyConsistency(a, b, ra, rb, p);
      proof.forEach((_, j) => expect(ok(flip(proof, j)), `flip ${j} of ${m} -> ${n}`).toBe(false));
      expect(ok(proof.slice(0, -1))).toBe(false);
      expect(ok(proof.slice(1))).toBe(false);
      expect(ok([...proof, leaves[0]!])).toBe(false);
      expect(ok([])).toBe(false);
      if (m > 1) expect(ok(proof, m - 1)).toBe(false);
      if (m + 1 < n) expect(ok(proof, m + 1)).toBe(false);
      expect(ok(proof, n, m)).toBe(false);
      expect(ok(proof, m, n, refRoots[m - 1]!)).toBe(false);
      expect(ok(proof, m, n, refRoots[m]!, refRoots[n - 1]!)).toBe(false);
      expect(ok(proof, m, n, refRoots[n]!, refRoots[m]!)).toBe(false);
      // as with inclusion, the new size is bound by its root; a size with another proof shape must fail
      for (const b of [n + 1, n + 7, 2 * n + 1]) if (proofLength(m, b) !== proof.length) expect(ok(proof, m, b)).toBe(false);
    }
  });

  it("handles the trivial cases and never throws on hostile input", () => {
    expect(verifyConsistency(0, 5, EMPTY_ROOT, refRoots[5]!, [])).toBe(true);
    expect(verifyConsistency(0, 5, refRoots[1]!, refRoots[5]!, [])).toBe(false);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, refRoots[5]!, [leaves[0]!])).toBe(false);
    expect(verifyConsistency(5, 5, refRoots[5]!, refRoots[5]!, [])).toBe(true);
    expect(verifyConsistency(5, 5, refRoots[5]!, refRoots[4]!, [])).toBe(false);
    expect(verifyConsistency(5, 5, refRoots[5]!, refRoots[5]!, [leaves[0]!])).toBe(false);
    const proof = tree.consistencyProof(3, 10);
    const verify = verifyConsistency as (...a: unknown[]) => boolean;
    const bad: unknown[][] = [
      [-1, 10, refRoots[3], refRoots[10], proof],
      [3, -10, refRoots[3], refRoots[10], proof],
      [3, 2 ** 60, refRoots[3], refRoots[10], proof],
      [2 ** 53, 2 ** 53 + 2, refRoots[3], refRoots[10], proof],
      [3, Number.MAX_SAFE_INTEGER, refRoots[3], refRoots[10], proof],
      [NaN, 10, refRoots[3], refRoots[10], proof],
      [3.5, 10, refRoots[3], refRoots[10], proof],
      [3, 10, refRoots[3], refRoots[10], "proof"],
      [3, 10, refRoots[3], refRoots[10], [null]],
      [3, 10, refRoots[3], refRoots[10], new Array(proof.length)], // sparse
      [3, 10, refRoots[3], refRoots[10], Array(100_000).fill(leaves[0])],
      [3, 10, null, refRoots[10], proof],
      [3, 10, refRoots[3], new Uint8Array(33), proof],
    ];
    for (const args of bad) expect(verify(...args)).toBe(false);
  });
});

describe("MerkleTree cache", () => {
  it("gives the same answers while growing as when rebuilt", () => {
    const growing = new MerkleTree();
    for (let n = 1; n <= 300; n++) {
      growing.append(leafHash(data(n - 1)));
      expect(hex(growing.rootAt())).toBe(hex(refRoots[n]!));
      expect(hexes(growing.inclusionProof(n - 1))).toEqual(hexes(tree.inclusionProof(n - 1, n)));
      expect(hexes(growing.consistencyProof(n >> 1))).toEqual(hexes(tree.consistencyProof(n >> 1, n)));
    }
  });

  it("hands out copies, so callers cannot corrupt the cache", () => {
    const t = MerkleTree.from(leaves.slice(0, 8));
    t.rootAt().fill(0);
    t.inclusionProof(0).forEach((p) => p.fill(0));
    t.leaf(0).fill(0);
    expect(hex(t.rootAt())).toBe(hex(refRoots[8]!));
  });
});

function flip(proof: Uint8Array[], j: number): Uint8Array[] {
  return proof.map((p, i) => {
    const copy = p.slice();
    if (i === j) copy[j % 32] = copy[j % 32]! ^ 0x01;
    return copy;
  });
}
