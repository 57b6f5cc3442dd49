/**
 * Verification of *subtree* inclusion and consistency proofs: proofs about an aligned range of
 * entries `[start, end)` rather than a whole tree, as introduced by Merkle Tree Certificates
 * (draft-ietf-plants-merkle-tree-certs §4) and implemented by transparency-dev/merkle, whose test
 * vectors these functions pass. With `start = 0` they are ordinary RFC 9162 proofs.
 *
 * A subtree is valid when `start` is a multiple of `BIT_CEIL(end - start)`: it is then one node of
 * the tree (or, when `end` is the tree size, one node's left part).
 */
import { bitCeil, bitLength, isTreeSize, popCount, shr, trailingZeros, xor } from './bits.js';
import { equalHashes, type MerkleHasher } from './hasher.js';
import { fail, OK, type Verdict } from './verdict.js';
import { checkHashSizes, verifyInclusion } from './verify.js';

/** Returns why `[start, end)` is not a valid subtree, or undefined when it is. */
export function invalidSubtreeReason(start: number, end: number): string | undefined {
  if (!isTreeSize(start) || !isTreeSize(end)) return 'subtree bounds must be non-negative safe integers';
  if (start > end) return `subtree start ${start} is after its end ${end}`;
  if (start === 0 || start === end) return undefined;
  const align = bitCeil(end - start);
  if (start % align !== 0) return `subtree [${start}, ${end}) does not start at a multiple of ${align}`;
  return undefined;
}

/** Verifies that `leafHash` is entry `index` of the subtree `[start, end)` whose hash is `subtreeRoot`. */
export function verifySubtreeInclusion(hasher: MerkleHasher, index: number, start: number, end: number, leafHash: Uint8Array, path: readonly Uint8Array[], subtreeRoot: Uint8Array): Verdict {
  const invalid = invalidSubtreeReason(start, end);
  if (invalid !== undefined) return fail(invalid);
  if (!isTreeSize(index) || index < start || index >= end) return fail(`index ${index} is outside the subtree [${start}, ${end})`);
  // Within an aligned subtree the path is that of a tree of end - start leaves.
  return verifyInclusion(hasher, index - start, end - start, leafHash, path, subtreeRoot);
}

function chainInner(h: MerkleHasher, seed: Uint8Array, path: readonly Uint8Array[], index: number): Uint8Array {
  for (let i = 0; i < path.length; i++) seed = shr(index, i) % 2 === 0 ? h.node(seed, path[i]!) : h.node(path[i]!, seed);
  return seed;
}

/** Like chainInner but keeps only left siblings: the hash of the same node in the older tree. */
function chainInnerRight(h: MerkleHasher, seed: Uint8Array, path: readonly Uint8Array[], index: number): Uint8Array {
  for (let i = 0; i < path.length; i++) if (shr(index, i) % 2 === 1) seed = h.node(path[i]!, seed);
  return seed;
}

function chainBorderRight(h: MerkleHasher, seed: Uint8Array, path: readonly Uint8Array[]): Uint8Array {
  for (const p of path) seed = h.node(p, seed);
  return seed;
}

/**
 * Verifies that the subtree `[start, end)` with hash `subtreeRoot` is part of the tree of `size`
 * leaves whose root is `root`.
 */
export function verifySubtreeConsistency(hasher: MerkleHasher, start: number, end: number, size: number, subtreeRoot: Uint8Array, root: Uint8Array, path: readonly Uint8Array[]): Verdict {
  const invalid = invalidSubtreeReason(start, end);
  if (invalid !== undefined) return fail(invalid);
  if (!isTreeSize(size) || size < end) return fail(`subtree end ${end} is beyond tree size ${size}`);
  if (start === end) {
    // The empty subtree is part of every tree; only its own hash can be wrong.
    if (path.length !== 0) return fail('the subtree is empty but the proof is not');
    return equalHashes(subtreeRoot, hasher.emptyRoot) ? OK : fail('the subtree is empty but its hash is not the empty-tree hash');
  }
  if (start === 0 && end === size) {
    if (path.length !== 0) return fail(`the subtree is the whole tree of size ${size} but the proof is not empty`);
    return equalHashes(subtreeRoot, root) ? OK : fail(`two different roots for the same tree size ${size}`);
  }
  const sizes = checkHashSizes({ 'subtree hash': subtreeRoot, 'tree root': root }, path);
  if (sizes !== undefined) return sizes;
  if (path.length === 0) return fail('consistency proof is empty');
  const computed = end === size ? rootFromRightEdge(hasher, start, end, subtreeRoot, path) : rootFromInnerSubtree(hasher, start, end, size, subtreeRoot, path);
  if (!computed.ok) return computed;
  return equalHashes(computed.root, root) ? OK : fail(`consistency proof does not lead to the root of the tree of size ${size}`);
}

type Computed = { ok: true; root: Uint8Array } | { ok: false; reason: string };

/** The subtree ends where the tree ends: only left siblings above the subtree's node remain. */
function rootFromRightEdge(h: MerkleHasher, start: number, end: number, subtreeRoot: Uint8Array, path: readonly Uint8Array[]): Computed {
  const level = bitLength(xor(end - 1, start));
  const want = popCount(shr(start, level));
  if (path.length !== want) return { ok: false, reason: `consistency proof has ${path.length} hashes, ${want} expected` };
  return { ok: true, root: chainBorderRight(h, subtreeRoot, path) };
}

/**
 * The tree continues after the subtree. The proof starts at the rightmost perfect piece of the
 * subtree (omitted when the subtree is itself perfect) and continues as the inclusion path of that
 * piece in the larger tree; its left siblings inside the subtree must rebuild `subtreeRoot`.
 */
function rootFromInnerSubtree(h: MerkleHasher, start: number, end: number, size: number, subtreeRoot: Uint8Array, path: readonly Uint8Array[]): Computed {
  const forkLevel = bitLength(xor(end - 1, size - 1));
  const border = popCount(shr(end - 1, forkLevel));
  const shift = trailingZeros(end - start);
  const inner = forkLevel - shift;
  const perfect = end - start === 2 ** shift;
  const first = perfect ? 0 : 1;
  const want = first + inner + border;
  if (path.length !== want) return { ok: false, reason: `consistency proof has ${path.length} hashes, ${want} expected` };
  const seed = perfect ? subtreeRoot : path[0]!;
  const rest = path.slice(first);
  const mask = shr(end - 1, shift);
  if (!perfect) {
    const height = bitLength(xor(end - 1, start));
    const subInner = Math.min(height, forkLevel) - shift;
    const subBorder = Math.max(0, border - popCount(shr(end - 1, height)));
    let older = chainInnerRight(h, seed, rest.slice(0, subInner), mask);
    older = chainBorderRight(h, older, rest.slice(inner, inner + subBorder));
    if (!equalHashes(older, subtreeRoot)) return { ok: false, reason: `consistency proof does not lead to the hash of the subtree [${start}, ${end})` };
  }
  const grown = chainInner(h, seed, rest.slice(0, inner), mask);
  return { ok: true, root: chainBorderRight(h, grown, rest.slice(inner)) };
}
