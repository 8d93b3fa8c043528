// Proof verification per RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency).
// Every argument may come from an attacker: sizes, indexes and proofs are checked, and any
// malformed input yields false, never an exception.
// A proof binds the tree size only through the root: a proof for size n can also pass for a
// nearby size whose path has the same shape. Always take (size, root) together from one
// verified checkpoint, never a size from one source and a root from another.
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from "./merkle.js";

function isHash(h: unknown): h is Uint8Array {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

function isProof(p: unknown): p is Uint8Array[] {
  // 64 levels is beyond any tree a safe-integer size can describe (2^53 leaves). An indexed loop,
  // not every(), so a sparse array's holes are checked too.
  if (!Array.isArray(p) || p.length > 64) return false;
  for (let i = 0; i < p.length; i++) if (!isHash(p[i])) return false;
  return true;
}

function isSize(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

// Plain arithmetic, not bitwise operators: JS bit operations truncate to 32 bits, and tree
// sizes and indexes may be up to 2^53.
const lsb = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/** True iff `proof` shows the leaf with hash `leafHash` at `index` in the tree of `treeSize` with `root`. */
export function verifyInclusion(leafHash: Uint8Array, index: number, treeSize: number, proof: Uint8Array[], root: Uint8Array): boolean {
  if (!isHash(leafHash) || !isHash(root) || !isProof(proof) || !isSize(index) || !isSize(treeSize)) return false;
  if (index >= treeSize) return false; // step 1; also rejects treeSize 0
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false; // proof longer than the path
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      // fn on the right edge with no sibling at these levels: climb past them
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(r, root); // sn !== 0: proof shorter than the path
}

/** True iff `proof` shows the tree of `oldSize` with `oldRoot` is a prefix of the tree of `newSize` with `newRoot`. */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: Uint8Array[]): boolean {
  if (!isSize(oldSize) || !isSize(newSize) || !isHash(oldRoot) || !isHash(newRoot) || !isProof(proof)) return false;
  if (oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && equal(oldRoot, newRoot);
  // the empty tree is a prefix of every tree; its root is fixed by §2.1.1
  if (oldSize === 0) return proof.length === 0 && equal(oldRoot, EMPTY_ROOT);
  if (proof.length === 0) return false;

  // Step 1: when the old tree is a complete subtree, its root is the proof's implicit first node.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1; // step 2
  let sn = newSize - 1;
  // step 3
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!; // step 4
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    // step 5
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(fr, oldRoot) && equal(sr, newRoot); // step 6
}

function isPowerOfTwo(n: number): boolean {
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
}
