/**
 * Which stored nodes make up an inclusion proof, a consistency proof or a tree head.
 *
 * A log stores the hash of every *perfect* subtree once it is complete: node `(level, index)`
 * covers leaves `[index·2^level, (index+1)·2^level)`. Any proof element of RFC 9162 §2.1.3.1 and
 * §2.1.4.1 is the hash `MTH(D[a:b])` of an aligned range, which is a right-to-left fold of at most
 * one perfect node per level. A plan lists those nodes so a store can fetch them in one round trip;
 * {@link assemblePlan} then folds them into the proof. Planning is pure integer arithmetic.
 */
import { bitLength, isTreeSize, largestPowerOfTwoBelow, trailingZeros } from './bits.js';
import type { MerkleHasher } from './hasher.js';

/** A perfect subtree: `2^level` leaves starting at leaf `index·2^level`. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Nodes to fetch, and how many consecutive nodes fold into each proof element. */
export interface ProofPlan {
  readonly nodes: readonly NodeId[];
  readonly groups: readonly number[];
}

/**
 * The perfect nodes covering `[a, b)`, left to right (largest first). `a` must be a multiple of
 * `BIT_CEIL(b - a)`, which holds for every range RFC 9162's recursions produce.
 */
export function rangeNodes(a: number, b: number, out: NodeId[] = []): NodeId[] {
  while (a < b) {
    // Largest level that is both aligned at `a` and fits before `b`.
    const level = Math.min(trailingZeros(a), bitLength(b - a) - 1);
    out.push({ level, index: a / 2 ** level });
    a += 2 ** level;
  }
  return out;
}

function planOf(ranges: readonly (readonly [number, number])[]): ProofPlan {
  const nodes: NodeId[] = [];
  const groups: number[] = [];
  for (const [a, b] of ranges) {
    const before = nodes.length;
    rangeNodes(a, b, nodes);
    groups.push(nodes.length - before);
  }
  return { nodes, groups };
}

/** The nodes whose fold is the root of the tree of `size` leaves (empty for size 0). */
export function rootPlan(size: number): ProofPlan {
  return size === 0 ? { nodes: [], groups: [] } : planOf([[0, size]]);
}

/** `PATH(index, D[0:size])` of RFC 9162 §2.1.3.1, bottom-up; requires index < size. */
export function inclusionPlan(index: number, size: number): ProofPlan {
  if (!isTreeSize(index) || !isTreeSize(size) || index >= size) throw new RangeError(`no inclusion proof for leaf ${index} in a tree of size ${size}`);
  const siblings: [number, number][] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (index < lo + k) {
      siblings.push([lo + k, hi]);
      hi = lo + k;
    } else {
      siblings.push([lo, lo + k]);
      lo += k;
    }
  }
  return planOf(siblings.reverse());
}

/** `PROOF(first, D[0:second])` of RFC 9162 §2.1.4.1, bottom-up; requires 0 < first <= second. */
export function consistencyPlan(first: number, second: number): ProofPlan {
  if (!isTreeSize(first) || !isTreeSize(second) || first === 0 || first > second) {
    throw new RangeError(`no consistency proof from size ${first} to size ${second}`);
  }
  const parts: [number, number][] = [];
  let lo = 0;
  let hi = second;
  // `whole` is SUBPROOF's flag b: true while [lo, hi) is still a prefix the verifier knows the root of.
  let whole = true;
  while (first !== hi) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (first - lo <= k) {
      parts.push([lo + k, hi]);
      hi = lo + k;
    } else {
      parts.push([lo, lo + k]);
      lo += k;
      whole = false;
    }
  }
  if (!whole) parts.push([lo, hi]);
  return planOf(parts.reverse());
}

/** Folds fetched node hashes (in plan order) into proof elements. */
export function assemblePlan(hasher: MerkleHasher, plan: ProofPlan, hashes: readonly Uint8Array[]): Uint8Array[] {
  if (hashes.length !== plan.nodes.length) throw new RangeError(`plan needs ${plan.nodes.length} hashes, got ${hashes.length}`);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const n of plan.groups) {
    let h = hashes[at + n - 1]!;
    for (let i = at + n - 2; i >= at; i--) h = hasher.node(hashes[i]!, h);
    out.push(h);
    at += n;
  }
  return out;
}

/** The root of the tree of `size` leaves from the fetched nodes of {@link rootPlan}. */
export function assembleRoot(hasher: MerkleHasher, size: number, hashes: readonly Uint8Array[]): Uint8Array {
  return size === 0 ? hasher.emptyRoot : assemblePlan(hasher, rootPlan(size), hashes)[0]!;
}
