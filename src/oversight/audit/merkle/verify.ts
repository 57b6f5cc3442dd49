/**
 * Verification of RFC 9162 inclusion and consistency proofs, following the algorithms of
 * RFC 9162 §2.1.3.2 and §2.1.4.2 step by step (the step numbers below are the RFC's).
 *
 * Every hash handed in is checked to be 32 bytes first, so a truncated or padded element can never
 * be mistaken for a valid one (the one exception: two roots of the same tree size are compared as
 * bytes, whatever their length, as transparency-dev/merkle does and its vectors expect — no proof
 * is hashed there), and sizes must be safe integers (a 2^63 size is rejected, not rounded).
 */
import { isPowerOfTwo, isTreeSize, lsb } from './bits.js';
import { equalHashes, HASH_SIZE, type MerkleHasher } from './hasher.js';
import { fail, OK, type Verdict } from './verdict.js';

/** Checks that every hash has the SHA-256 size; returns the failure or undefined. */
export function checkHashSizes(named: Record<string, Uint8Array>, path: readonly Uint8Array[]): Verdict | undefined {
  for (const [name, h] of Object.entries(named)) {
    if (h.length !== HASH_SIZE) return fail(`${name} is ${h.length} bytes, not ${HASH_SIZE}`);
  }
  for (let i = 0; i < path.length; i++) {
    if (path[i]!.length !== HASH_SIZE) return fail(`proof element ${i} is ${path[i]!.length} bytes, not ${HASH_SIZE}`);
  }
  return undefined;
}

/**
 * Verifies that `leafHash` is the leaf at `leafIndex` of the tree of `treeSize` leaves whose root
 * is `rootHash`, given the inclusion path (RFC 9162 §2.1.3.2).
 */
export function verifyInclusion(hasher: MerkleHasher, leafIndex: number, treeSize: number, leafHash: Uint8Array, path: readonly Uint8Array[], rootHash: Uint8Array): Verdict {
  if (!isTreeSize(leafIndex) || !isTreeSize(treeSize)) return fail('leaf index and tree size must be non-negative safe integers');
  const sizes = checkHashSizes({ 'leaf hash': leafHash, 'root hash': rootHash }, path);
  if (sizes !== undefined) return sizes;
  // 1. leaf_index must be below tree_size.
  if (leafIndex >= treeSize) return fail(`leaf index ${leafIndex} is not below tree size ${treeSize}`);
  // 2.–3.
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  // 4.
  for (const p of path) {
    // 4a. A path longer than the tree is high cannot be right.
    if (sn === 0) return fail(`inclusion path is longer than a tree of size ${treeSize} needs`);
    if (lsb(fn) || fn === sn) {
      r = hasher.node(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hasher.node(r, p);
    }
    // 4c.
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5.
  if (sn !== 0) return fail(`inclusion path is shorter than a tree of size ${treeSize} needs`);
  if (!equalHashes(r, rootHash)) return fail(`inclusion path for leaf ${leafIndex} leads to a root other than the expected one`);
  return OK;
}

/**
 * Verifies that the tree of `first` leaves with root `firstHash` is a prefix of the tree of
 * `second` leaves with root `secondHash` (RFC 9162 §2.1.4.2).
 *
 * The RFC's algorithm is defined for `0 < first < second`; equal sizes are consistent exactly when
 * the roots are equal and the path is empty, and a proof from the empty tree proves nothing, so it
 * is refused (as transparency-dev/merkle does).
 */
export function verifyConsistency(hasher: MerkleHasher, first: number, second: number, firstHash: Uint8Array, secondHash: Uint8Array, path: readonly Uint8Array[]): Verdict {
  if (!isTreeSize(first) || !isTreeSize(second)) return fail('tree sizes must be non-negative safe integers');
  if (first > second) return fail(`first tree size ${first} is larger than second tree size ${second}`);
  if (first === 0) return fail('a consistency proof from the empty tree is meaningless');
  if (first === second) {
    if (path.length !== 0) return fail(`tree sizes are equal (${first}) but the consistency path is not empty`);
    // Same size: consistent exactly when the two roots are the same bytes, whatever they are.
    return equalHashes(firstHash, secondHash) ? OK : fail(`two different roots for the same tree size ${first}`);
  }
  const sizes = checkHashSizes({ 'first root': firstHash, 'second root': secondHash }, path);
  if (sizes !== undefined) return sizes;
  // 1.
  if (path.length === 0) return fail('consistency path is empty');
  // 2.
  const p = isPowerOfTwo(first) ? [firstHash, ...path] : path;
  // 3.
  let fn = first - 1;
  let sn = second - 1;
  // 4.
  while (lsb(fn)) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5.
  let fr = p[0]!;
  let sr = p[0]!;
  // 6.
  for (let i = 1; i < p.length; i++) {
    const c = p[i]!;
    // 6a.
    if (sn === 0) return fail(`consistency path is longer than sizes ${first} → ${second} need`);
    // 6b.
    if (lsb(fn) || fn === sn) {
      fr = hasher.node(c, fr);
      sr = hasher.node(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hasher.node(sr, c);
    }
    // 6c.
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 7.
  if (sn !== 0) return fail(`consistency path is shorter than sizes ${first} → ${second} need`);
  if (!equalHashes(fr, firstHash)) return fail(`consistency path does not lead to the root of the tree of size ${first}`);
  if (!equalHashes(sr, secondHash)) return fail(`consistency path does not lead to the root of the tree of size ${second}`);
  return OK;
}
