// Merkle Tree Hash and proof generation per RFC 9162 §2.1 (same tree as RFC 6962 §2.1),
// so our roots and proofs interoperate with existing transparency-log verifiers.
// Verification lives in merkle-verify.ts; this file is what the log server runs.
import { sha256 } from "@noble/hashes/sha2.js";

export const HASH_SIZE = 32;

/** MTH({}) = SHA-256() — RFC 9162 §2.1.1. */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** MTH({d}) = SHA-256(0x00 || d). The 0x00/0x01 prefixes keep a leaf from posing as a node. */
export function leafHash(data: Uint8Array): Uint8Array {
  const buf = new Uint8Array(1 + data.length);
  buf[0] = 0x00;
  buf.set(data, 1);
  return sha256(buf);
}

const nodeBuf = new Uint8Array(1 + 2 * HASH_SIZE);
/** SHA-256(0x01 || left || right) — RFC 9162 §2.1.1. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  nodeBuf[0] = 0x01;
  nodeBuf.set(left, 1);
  nodeBuf.set(right, 1 + HASH_SIZE);
  return sha256(nodeBuf);
}

/** Largest power of two strictly less than n (n >= 2): where RFC 9162 §2.1.1 splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Read access to a log's leaf hashes (already leafHash()ed), e.g. backed by PostgreSQL.
 * A source that caches hashes of subtrees may provide `subtree(start, end)` = MTH(D[start:end]);
 * otherwise proofs rehash the needed leaves (O(n) per call).
 */
export interface LeafSource {
  readonly size: number;
  leaf(i: number): Uint8Array;
  subtree?(start: number, end: number): Uint8Array;
}

/** MTH(D[start:end]) straight from the leaves, O(end - start) hashes, O(log n) stack. */
function hashLeaves(source: LeafSource, start: number, end: number): Uint8Array {
  if (end - start === 1) {
    const h = source.leaf(start);
    if (h.length !== HASH_SIZE) throw new TypeError(`leaf hash ${start} is not 32 bytes`);
    return h.slice(); // a copy: the caller may hand it out
  }
  const k = splitPoint(end - start);
  return nodeHash(hashLeaves(source, start, start + k), hashLeaves(source, start + k, end));
}

function subtreeOf(source: LeafSource, start: number, end: number): Uint8Array {
  return source.subtree ? source.subtree(start, end) : hashLeaves(source, start, end);
}

function checkSize(source: LeafSource, size: number): void {
  if (!Number.isSafeInteger(size) || size < 0 || size > source.size) {
    throw new RangeError(`tree size ${size} outside 0..${source.size}`);
  }
}

/** Root hash of the first `size` leaves. */
export function rootAt(source: LeafSource, size: number = source.size): Uint8Array {
  checkSize(source, size);
  return size === 0 ? EMPTY_ROOT.slice() : subtreeOf(source, 0, size);
}

/** Root of a list of leaf hashes, for small in-memory trees. */
export function rootFromLeafHashes(hashes: readonly Uint8Array[]): Uint8Array {
  return rootAt({ size: hashes.length, leaf: (i) => hashes[i]! });
}

/** Audit path PATH(m, D[n]) for leaf `index` in the tree of `treeSize` leaves — RFC 9162 §2.1.3.1. */
export function inclusionProof(source: LeafSource, index: number, treeSize: number = source.size): Uint8Array[] {
  checkSize(source, treeSize);
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    throw new RangeError(`leaf index ${index} outside 0..${treeSize - 1}`);
  }
  const proof: Uint8Array[] = [];
  // Recursion on the subtree D[start:end] that contains m; the RFC appends the sibling after
  // the inner path, so collecting top-down and reversing yields leaf-to-root order.
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      proof.push(subtreeOf(source, start + k, end));
      end = start + k;
    } else {
      proof.push(subtreeOf(source, start, start + k));
      start += k;
    }
  }
  return proof.reverse();
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) — RFC 9162 §2.1.4.1. Empty when m = 0 or m = n. */
export function consistencyProof(source: LeafSource, oldSize: number, newSize: number = source.size): Uint8Array[] {
  checkSize(source, newSize);
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > newSize) {
    throw new RangeError(`old size ${oldSize} outside 0..${newSize}`);
  }
  const proof: Uint8Array[] = [];
  if (oldSize === 0) return proof;
  // SUBPROOF(m, D[start:end], b), unrolled: `complete` is the RFC's b flag.
  let m = oldSize;
  let start = 0;
  let end = newSize;
  let complete = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      proof.push(subtreeOf(source, start + k, end));
      end = start + k;
    } else {
      proof.push(subtreeOf(source, start, start + k));
      m -= k;
      start += k;
      complete = false;
    }
  }
  if (!complete) proof.push(subtreeOf(source, start, end));
  return proof.reverse();
}

/**
 * Append-only tree that caches the hash of every complete subtree (perfect, power-of-two
 * aligned). A complete subtree never changes once its last leaf is in, so the cache is never
 * invalidated, and the root, an inclusion proof or a consistency proof at any size <= `size` is
 * O(log n) cached lookups plus at most O(log n) hashes of the ragged right edge.
 *
 * Memory: level L holds floor(n / 2^L) hashes of 32 bytes, about 2·n·32 bytes in all (64 MB at
 * 1,000,000 leaves), plus up to the same again in slack because each level's buffer doubles as
 * it grows. The buffers are ArrayBuffers, counted in process.memoryUsage().arrayBuffers rather
 * than heapUsed. Appending costs one hash amortised (plus one per completed subtree).
 */
export class MerkleTree implements LeafSource {
  private readonly levels: Uint8Array[] = [];
  private readonly counts: number[] = [];

  static from(leafHashes: Iterable<Uint8Array>): MerkleTree {
    const tree = new MerkleTree();
    for (const h of leafHashes) tree.append(h);
    return tree;
  }

  get size(): number {
    return this.counts[0] ?? 0;
  }

  /** Appends a leaf hash (see leafHash) and returns its index. */
  append(hash: Uint8Array): number {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) throw new TypeError("leaf hash must be 32 bytes");
    let h = hash;
    for (let level = 0; ; level++) {
      const idx = this.push(level, h);
      if (idx % 2 === 0) break; // a left child: its parent is not complete yet
      h = nodeHash(this.at(level, idx - 1), this.at(level, idx));
    }
    return this.size - 1;
  }

  leaf(i: number): Uint8Array {
    if (!Number.isSafeInteger(i) || i < 0 || i >= this.size) throw new RangeError(`leaf index ${i} outside 0..${this.size - 1}`);
    return this.at(0, i).slice();
  }

  /** MTH(D[start:end]): a cached lookup when the range is a complete subtree, else split per §2.1.1. */
  subtree(start: number, end: number): Uint8Array {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start || end > this.size) {
      throw new RangeError(`subtree [${start}, ${end}) outside 0..${this.size}`);
    }
    const len = end - start;
    let width = 1;
    let level = 0;
    while (width < len) {
      width *= 2;
      level++;
    }
    if (width === len && start % width === 0) return this.at(level, start / width).slice();
    const k = splitPoint(len);
    return nodeHash(this.subtree(start, start + k), this.subtree(start + k, end));
  }

  rootAt(size: number = this.size): Uint8Array {
    return rootAt(this, size);
  }

  inclusionProof(index: number, treeSize: number = this.size): Uint8Array[] {
    return inclusionProof(this, index, treeSize);
  }

  consistencyProof(oldSize: number, newSize: number = this.size): Uint8Array[] {
    return consistencyProof(this, oldSize, newSize);
  }

  private at(level: number, index: number): Uint8Array {
    const off = index * HASH_SIZE;
    return this.levels[level]!.subarray(off, off + HASH_SIZE);
  }

  private push(level: number, hash: Uint8Array): number {
    const count = this.counts[level] ?? 0;
    let buf = this.levels[level];
    if (!buf || (count + 1) * HASH_SIZE > buf.length) {
      const grown = new Uint8Array(Math.max(64, 2 * count) * HASH_SIZE);
      if (buf) grown.set(buf.subarray(0, count * HASH_SIZE));
      this.levels[level] = buf = grown;
    }
    buf.set(hash, count * HASH_SIZE);
    this.counts[level] = count + 1;
    return count;
  }
}
