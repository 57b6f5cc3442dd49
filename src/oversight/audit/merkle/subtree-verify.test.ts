/**
 * Subtree proofs checked against proofs built here straight from the definitions (MTH and PATH of
 * RFC 9162 §2.1), for subtrees the published vectors leave out: those that do not start at 0,
 * end inside the tree or at its right edge, perfect or not. Every valid proof must verify, and
 * every altered one must be rejected.
 */
import { describe, expect, it } from 'vitest';
import { nodeMerkleHasher } from '../node-crypto.js';
import type { MerkleHasher } from './hasher.js';
import { invalidSubtreeReason, verifySubtreeConsistency, verifySubtreeInclusion } from './subtree-verify.js';
import type { Verdict } from './verdict.js';

const h = nodeMerkleHasher();
const leaves = Array.from({ length: 40 }, (_, i) => h.leaf(new TextEncoder().encode(`entry ${i}`)));

/** MTH of leaf hashes (RFC 9162 §2.1.1). */
function mth(hasher: MerkleHasher, l: readonly Uint8Array[]): Uint8Array {
  if (l.length === 0) return hasher.emptyRoot;
  if (l.length === 1) return l[0]!;
  let k = 1;
  while (k * 2 < l.length) k *= 2;
  return hasher.node(mth(hasher, l.slice(0, k)), mth(hasher, l.slice(k)));
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1, bottom-up. */
function path(m: number, l: readonly Uint8Array[]): Uint8Array[] {
  if (l.length <= 1) return [];
  let k = 1;
  while (k * 2 < l.length) k *= 2;
  return m < k ? [...path(m, l.slice(0, k)), mth(h, l.slice(k))] : [...path(m - k, l.slice(k)), mth(h, l.slice(0, k))];
}

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;
const log2 = (n: number) => Math.round(Math.log2(n));

/** A valid proof that `[start, end)` is part of the tree of `size` leaves (start aligned; not the whole tree). */
function subtreeProof(start: number, end: number, size: number): Uint8Array[] {
  const tree = leaves.slice(0, size);
  const width = end - start;
  if (end === size && start > 0) {
    // At the right edge the subtree is a node of the tree: its left siblings, nearest first.
    const left: Uint8Array[] = [];
    for (let a = 0; a < start; ) {
      let w = 1;
      while (a % (w * 2) === 0 && a + w * 2 <= start) w *= 2;
      left.unshift(mth(h, tree.slice(a, a + w)));
      a += w;
    }
    return left;
  }
  if (isPow2(width)) return path(start, tree).slice(log2(width));
  // Inside the tree and not perfect: the rightmost perfect piece, then that piece's path.
  let piece = 1;
  while (width % (piece * 2) === 0) piece *= 2;
  return [mth(h, tree.slice(end - piece, end)), ...path(end - piece, tree).slice(log2(piece))];
}

/** Every aligned subtree of every tree up to 20 leaves, except the empty one and the whole tree. */
function* shapes(): Generator<[number, number, number]> {
  for (let size = 1; size <= 20; size++) {
    for (let start = 0; start < size; start++) {
      for (let end = start + 1; end <= size; end++) {
        if (invalidSubtreeReason(start, end) === undefined && !(start === 0 && end === size)) yield [start, end, size];
      }
    }
  }
}

const flip = (b: Uint8Array): Uint8Array => {
  const c = Uint8Array.from(b);
  c[7] = c[7]! ^ 1;
  return c;
};

describe('subtree proof verification', () => {
  it('accepts the proof of every aligned subtree that does not start at 0, or ends inside the tree, and rejects it altered', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [start, end, size] of shapes()) {
      const sub = mth(h, leaves.slice(start, end));
      const root = mth(h, leaves.slice(0, size));
      const proof = subtreeProof(start, end, size);
      const v = (s: Uint8Array, r: Uint8Array, p: readonly Uint8Array[]): Verdict => verifySubtreeConsistency(h, start, end, size, s, r, p);
      const at = `[${start}, ${end}) of ${size}`;
      if (!v(sub, root, proof).ok) wrong.push(`${at}: valid proof rejected: ${JSON.stringify(v(sub, root, proof))}`);
      // A rejection is exactly ok: false, with a reason.
      const rejected = (x: Verdict) => x.ok === false && x.reason.length > 0;
      if (!rejected(v(flip(sub), root, proof))) wrong.push(`${at}: wrong subtree hash accepted`);
      if (!rejected(v(sub, flip(root), proof))) wrong.push(`${at}: wrong root accepted`);
      for (let i = 0; i < proof.length; i++) {
        if (
          !rejected(
            v(
              sub,
              root,
              proof.map((p, j) => (j === i ? flip(p) : p)),
            ),
          )
        )
          wrong.push(`${at}: proof with element ${i} altered accepted`);
      }
      if (!rejected(v(sub, root, [...proof, root]))) wrong.push(`${at}: longer proof accepted`);
      if (proof.length > 0 && !rejected(v(sub, root, proof.slice(1)))) wrong.push(`${at}: shorter proof accepted`);
      checked++;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it('accepts the inclusion of every entry of a subtree, and rejects it at another index or with another leaf', () => {
    const wrong: string[] = [];
    for (const [start, end] of shapes()) {
      const sub = mth(h, leaves.slice(start, end));
      for (let i = start; i < end; i++) {
        const p = path(i - start, leaves.slice(start, end));
        if (!verifySubtreeInclusion(h, i, start, end, leaves[i]!, p, sub).ok) wrong.push(`${i} in [${start}, ${end}) rejected`);
        if (verifySubtreeInclusion(h, i, start, end, leaves[i === start ? i + 1 : i - 1]!, p, sub).ok && end - start > 1) wrong.push(`${i} in [${start}, ${end}) with another leaf accepted`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('says why a subtree is not one: reversed, or not starting at a multiple of its width rounded up to a power of two', () => {
    expect(invalidSubtreeReason(5, 3)).toBe('subtree start 5 is after its end 3');
    expect(invalidSubtreeReason(3, 5)).toBe('subtree [3, 5) does not start at a multiple of 2');
    expect(invalidSubtreeReason(6, 9)).toBe('subtree [6, 9) does not start at a multiple of 4');
    expect(invalidSubtreeReason(2, 5)).toBe('subtree [2, 5) does not start at a multiple of 4');
    for (const [start, end] of [
      [0, 7],
      [4, 7],
      [4, 8],
      [8, 14],
      [3, 3],
      [0, 0],
      [7, 8],
    ] as const) {
      expect(invalidSubtreeReason(start, end)).toBeUndefined();
    }
    expect(invalidSubtreeReason(-1, 3)).toBe('subtree bounds must be non-negative safe integers');
    const sub = mth(h, leaves.slice(4, 8));
    const root = mth(h, leaves.slice(0, 8));
    expect(verifySubtreeConsistency(h, 3, 5, 8, sub, root, subtreeProof(4, 8, 8))).toEqual({ ok: false, reason: 'subtree [3, 5) does not start at a multiple of 2' });
    expect(verifySubtreeConsistency(h, 5, 3, 8, sub, root, subtreeProof(4, 8, 8))).toEqual({ ok: false, reason: 'subtree start 5 is after its end 3' });
  });

  it('rejects an index outside the subtree, hashes of the wrong size and an empty proof', () => {
    const sub = mth(h, leaves.slice(8, 12));
    const p = path(1, leaves.slice(8, 12));
    expect(verifySubtreeInclusion(h, 9, 8, 12, leaves[9]!, p, sub)).toEqual({ ok: true });
    expect(verifySubtreeInclusion(h, 7, 8, 12, leaves[7]!, p, sub)).toEqual({ ok: false, reason: 'index 7 is outside the subtree [8, 12)' });
    expect(verifySubtreeInclusion(h, 12, 8, 12, leaves[12]!, p, sub)).toEqual({ ok: false, reason: 'index 12 is outside the subtree [8, 12)' });
    const root = mth(h, leaves.slice(0, 16));
    const proof = subtreeProof(8, 12, 16);
    expect(verifySubtreeConsistency(h, 8, 12, 16, sub, root, proof)).toEqual({ ok: true });
    expect(verifySubtreeConsistency(h, 8, 12, 16, sub.subarray(1), root, proof)).toEqual({ ok: false, reason: 'subtree hash is 31 bytes, not 32' });
    expect(verifySubtreeConsistency(h, 8, 12, 16, sub, Uint8Array.from([...root, 0]), proof)).toEqual({ ok: false, reason: 'tree root is 33 bytes, not 32' });
    expect(verifySubtreeConsistency(h, 8, 12, 16, sub, root, [])).toEqual({ ok: false, reason: 'consistency proof is empty' });
    expect(verifySubtreeConsistency(h, 8, 12, 11, sub, root, proof)).toEqual({ ok: false, reason: 'subtree end 12 is beyond tree size 11' });
    expect(verifySubtreeConsistency(h, 0, 16, 16, root, root, [])).toEqual({ ok: true });
    expect(verifySubtreeConsistency(h, 0, 16, 16, root, sub, [])).toEqual({ ok: false, reason: 'two different roots for the same tree size 16' });
    expect(verifySubtreeConsistency(h, 8, 12, 16, sub, mth(h, leaves.slice(0, 15)), proof)).toEqual({ ok: false, reason: 'consistency proof does not lead to the root of the tree of size 16' });
    // Not perfect, inside the tree: the first hash and the left siblings must rebuild the subtree's hash.
    const inner = mth(h, leaves.slice(8, 14));
    expect(verifySubtreeConsistency(h, 8, 14, 16, inner, root, subtreeProof(8, 14, 16))).toEqual({ ok: true });
    expect(verifySubtreeConsistency(h, 8, 14, 16, sub, root, subtreeProof(8, 14, 16))).toEqual({ ok: false, reason: 'consistency proof does not lead to the hash of the subtree [8, 14)' });
    // The empty subtree is part of every tree; only its own hash can be wrong.
    expect(verifySubtreeConsistency(h, 5, 5, 16, h.emptyRoot, root, [])).toEqual({ ok: true });
    expect(verifySubtreeConsistency(h, 5, 5, 16, h.emptyRoot, root, [root])).toEqual({ ok: false, reason: 'the subtree is empty but the proof is not' });
    expect(verifySubtreeConsistency(h, 5, 5, 16, root, root, [])).toEqual({ ok: false, reason: 'the subtree is empty but its hash is not the empty-tree hash' });
    // The proof's length is fixed by the shape: at the right edge one hash per left sibling.
    const edge = mth(h, leaves.slice(8, 14));
    const tree14 = mth(h, leaves.slice(0, 14));
    expect(verifySubtreeConsistency(h, 8, 14, 14, edge, tree14, subtreeProof(8, 14, 14))).toEqual({ ok: true });
    expect(verifySubtreeConsistency(h, 8, 14, 14, edge, tree14, [...subtreeProof(8, 14, 14), edge])).toEqual({ ok: false, reason: 'consistency proof has 2 hashes, 1 expected' });
    expect(verifySubtreeConsistency(h, 8, 14, 16, edge, root, subtreeProof(8, 14, 16).slice(1))).toEqual({ ok: false, reason: 'consistency proof has 3 hashes, 4 expected' });
    expect(verifySubtreeConsistency(h, 0, 16, 16, root, root, proof)).toEqual({ ok: false, reason: 'the subtree is the whole tree of size 16 but the proof is not empty' });
  });
});
