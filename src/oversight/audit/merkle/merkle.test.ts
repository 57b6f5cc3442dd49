import { describe, expect, it } from 'vitest';
import { nodeMerkleHasher } from '../node-crypto.js';
import { CompactRange } from './compact-range.js';
import { equalHashes, type MerkleHasher } from './hasher.js';
import { assemblePlan, assembleRoot, consistencyPlan, inclusionPlan, rootPlan, type ProofPlan } from './proof-plan.js';
import { verifySubtreeConsistency, verifySubtreeInclusion } from './subtree-verify.js';
import type { Verdict } from './verdict.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

const h = nodeMerkleHasher();
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fromHex = (s: string): Uint8Array => Buffer.from(s, 'hex');

// The eight leaves and successive roots of the RFC 6962 reference tree used by
// certificate-transparency and transparency-dev/merkle (cmd/proofgen).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(fromHex);
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** MTH straight from the RFC 9162 §2.1.1 definition, as an independent reference. */
function mth(hasher: MerkleHasher, leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return hasher.emptyRoot;
  if (leaves.length === 1) return hasher.leaf(leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hasher.node(mth(hasher, leaves.slice(0, k)), mth(hasher, leaves.slice(k)));
}

/** A tree whose every completed node is kept in a map, as a log's store keeps them. */
function buildTree(leafData: readonly Uint8Array[]): { range: CompactRange; fetch: (plan: ProofPlan) => Uint8Array[] } {
  const nodes = new Map<string, Uint8Array>();
  const range = new CompactRange(h);
  for (const d of leafData) range.append(h.leaf(d), (level, index, hash) => nodes.set(`${level}/${index}`, hash));
  return { range, fetch: (plan) => plan.nodes.map((n) => nodes.get(`${n.level}/${n.index}`)!) };
}

const leavesOf = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => new TextEncoder().encode(`entry ${i}`));

describe('Merkle tree', () => {
  it('reproduces the roots of the RFC 6962 reference tree at every size', () => {
    const range = new CompactRange(h);
    expect(hex(range.root())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    LEAVES.forEach((leaf, i) => {
      range.append(h.leaf(leaf));
      expect(hex(range.root())).toBe(ROOTS[i]);
    });
  });

  it('generates the inclusion and consistency proofs published with the reference tree', () => {
    const { fetch } = buildTree(LEAVES);
    // transparency-dev/merkle testdata: inclusion of leaf 5 in size 8, consistency 6 → 8.
    expect(assemblePlan(h, inclusionPlan(5, 8), fetch(inclusionPlan(5, 8))).map(hex)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(assemblePlan(h, consistencyPlan(6, 8), fetch(consistencyPlan(6, 8))).map(hex)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });

  it('produces proofs that verify, and roots equal to MTH, for every size up to 70', () => {
    const data = leavesOf(70);
    const { fetch } = buildTree(data);
    for (let n = 1; n <= 70; n++) {
      const root = assembleRoot(h, n, fetch(rootPlan(n)));
      expect(equalHashes(root, mth(h, data.slice(0, n)))).toBe(true);
      for (let i = 0; i < n; i++) {
        const proof = assemblePlan(h, inclusionPlan(i, n), fetch(inclusionPlan(i, n)));
        expect(verifyInclusion(h, i, n, h.leaf(data[i]!), proof, root)).toEqual({ ok: true });
      }
      for (let m = 1; m <= n; m++) {
        const old = assembleRoot(h, m, fetch(rootPlan(m)));
        const proof = assemblePlan(h, consistencyPlan(m, n), fetch(consistencyPlan(m, n)));
        expect(verifyConsistency(h, m, n, old, root, proof)).toEqual({ ok: true });
      }
    }
  });

  it('rejects a proof checked against the wrong tree size or leaf', () => {
    const data = leavesOf(13);
    const { fetch } = buildTree(data);
    const root13 = assembleRoot(h, 13, fetch(rootPlan(13)));
    const root12 = assembleRoot(h, 12, fetch(rootPlan(12)));
    const incl = assemblePlan(h, inclusionPlan(4, 13), fetch(inclusionPlan(4, 13)));
    expect(verifyInclusion(h, 4, 12, h.leaf(data[4]!), incl, root12).ok).toBe(false);
    expect(verifyInclusion(h, 5, 13, h.leaf(data[4]!), incl, root13).ok).toBe(false);
    const cons = assemblePlan(h, consistencyPlan(5, 13), fetch(consistencyPlan(5, 13)));
    const root5 = assembleRoot(h, 5, fetch(rootPlan(5)));
    const root6 = assembleRoot(h, 6, fetch(rootPlan(6)));
    expect(verifyConsistency(h, 5, 13, root5, root13, cons)).toEqual({ ok: true });
    expect(verifyConsistency(h, 6, 13, root6, root13, cons).ok).toBe(false);
    expect(verifyConsistency(h, 5, 12, root5, root12, cons).ok).toBe(false);
  });

  it('hashes text leaves exactly as their UTF-8 bytes, whatever their length', () => {
    for (const text of ['', 'a', '事案 😀 ö', 'x'.repeat(5000), '€'.repeat(3000)]) {
      expect(hex(h.leafOfText(text))).toBe(hex(h.leaf(new TextEncoder().encode(text))));
    }
    expect(hex(h.leaf(new Uint8Array(0)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it('resumes a compact range from its edge', () => {
    const data = leavesOf(23);
    const whole = new CompactRange(h);
    for (const d of data) whole.append(h.leaf(d));
    const first = new CompactRange(h);
    for (const d of data.slice(0, 11)) first.append(h.leaf(d));
    const resumed = new CompactRange(h, 11, first.edge());
    for (const d of data.slice(11)) resumed.append(h.leaf(d));
    expect(hex(resumed.root())).toBe(hex(whole.root()));
    expect(() => new CompactRange(h, 11, first.edge().slice(1))).toThrow(RangeError);
  });

  it('plans proofs for trees beyond 2^32 leaves without 32-bit overflow', () => {
    const size = 2 ** 40 + 5;
    const plan = inclusionPlan(2 ** 40 + 3, size);
    // Leaf 2^40+2, the pair [2^40, 2^40+2), leaf 2^40+4, then the whole left 2^40 subtree.
    expect(plan.nodes).toEqual([
      { level: 0, index: 2 ** 40 + 2 },
      { level: 1, index: 2 ** 39 },
      { level: 0, index: 2 ** 40 + 4 },
      { level: 40, index: 0 },
    ]);
    expect(rootPlan(size).nodes).toEqual([
      { level: 40, index: 0 },
      { level: 2, index: 2 ** 38 },
      { level: 0, index: 2 ** 40 + 4 },
    ]);
  });
});

describe('Merkle proof verification refuses what is not a proof', () => {
  const data = leavesOf(13);
  const { fetch } = buildTree(data);
  const root = (n: number) => assembleRoot(h, n, fetch(rootPlan(n)));
  const incl = (i: number, n: number) => assemblePlan(h, inclusionPlan(i, n), fetch(inclusionPlan(i, n)));
  const cons = (m: number, n: number) => assemblePlan(h, consistencyPlan(m, n), fetch(consistencyPlan(m, n)));
  const leaf = (i: number) => h.leaf(data[i]!);
  const reason = (v: Verdict): string => (v.ok ? 'accepted' : v.reason);
  const concat = (a: Uint8Array, b: Uint8Array) => Uint8Array.from([...a, ...b]);

  it('rejects tree sizes and indices that are negative, fractional or 2^53 and above: a 2^63 size is rejected, not rounded', () => {
    const sizes = /must be non-negative safe integers/;
    // Fractional indices walk the same path as their integer part, so without the check a
    // leaf-4 proof would be accepted for index 4.5 (and a size of 2^63 would be read as 2^63 rounded).
    for (const bad of [-1, 4.5, 2 ** 53, 2 ** 63, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(reason(verifyInclusion(h, bad, 13, leaf(4), incl(4, 13), root(13)))).toMatch(sizes);
      expect(reason(verifyInclusion(h, 4, bad, leaf(4), incl(4, 13), root(13)))).toMatch(sizes);
      expect(reason(verifyConsistency(h, bad, 13, root(5), root(13), cons(5, 13)))).toMatch(sizes);
      expect(reason(verifyConsistency(h, 5, bad, root(5), root(13), cons(5, 13)))).toMatch(sizes);
      expect(reason(verifySubtreeInclusion(h, 4, bad, 8, leaf(4), incl(4, 8), root(8)))).toMatch(/subtree bounds must be non-negative safe integers/);
      expect(reason(verifySubtreeInclusion(h, 4, 0, bad, leaf(4), incl(4, 8), root(8)))).toMatch(/subtree bounds must be non-negative safe integers/);
      expect(reason(verifySubtreeInclusion(h, bad, 0, 8, leaf(4), incl(4, 8), root(8)))).toMatch(/outside the subtree/);
      expect(reason(verifySubtreeConsistency(h, 0, 8, bad, root(8), root(13), cons(8, 13)))).toMatch(/beyond tree size/);
    }
    expect(verifyInclusion(h, 4, 13, leaf(4), incl(4, 13), root(13))).toEqual({ ok: true });
    expect(verifyInclusion(h, 4.5, 13, leaf(4), incl(4, 13), root(13)).ok).toBe(false);
    expect(verifyConsistency(h, 5, 13, root(5), root(13), cons(5, 13))).toEqual({ ok: true });
    expect(verifySubtreeInclusion(h, 4, 0, 8, leaf(4), incl(4, 8), root(8))).toEqual({ ok: true });
    expect(verifySubtreeConsistency(h, 0, 8, 13, root(8), root(13), cons(8, 13))).toEqual({ ok: true });
  });

  it('rejects a truncated hash with a padded neighbour, which hash to the same root', () => {
    // Leaf 1 of a tree of 2: root = H(0x01 || leaf0 || leaf1). Moving one byte of leaf1 into the
    // sibling gives the same bytes to hash; only the 32-byte check tells the proof is not one.
    const two = assembleRoot(h, 2, fetch(rootPlan(2)));
    const shifted = concat(leaf(0), leaf(1).subarray(0, 1));
    expect(reason(verifyInclusion(h, 1, 2, leaf(1).subarray(1), [shifted], two))).toBe('leaf hash is 31 bytes, not 32');
    expect(reason(verifyInclusion(h, 1, 2, leaf(1), [shifted], two))).toBe('proof element 0 is 33 bytes, not 32');
    // A one-leaf tree whose root is the leaf: equal bytes of the wrong length are no hash.
    const short = leaf(0).subarray(0, 31);
    expect(reason(verifyInclusion(h, 0, 1, short, [], short))).toBe('leaf hash is 31 bytes, not 32');
    expect(reason(verifyInclusion(h, 0, 1, leaf(0), [], concat(leaf(0), new Uint8Array(1))))).toBe('root hash is 33 bytes, not 32');
    // Consistency 1 → 2: the old root padded, the proof element truncated.
    expect(reason(verifyConsistency(h, 1, 2, shifted, two, [leaf(1).subarray(1)]))).toBe('first root is 33 bytes, not 32');
    expect(reason(verifyConsistency(h, 1, 2, leaf(0), concat(two, new Uint8Array(1)), [leaf(1)]))).toBe('second root is 33 bytes, not 32');
    expect(reason(verifyConsistency(h, 1, 2, leaf(0), two, [shifted]))).toBe('proof element 0 is 33 bytes, not 32');
    expect(verifyConsistency(h, 1, 2, leaf(0), two, [leaf(1)])).toEqual({ ok: true });
  });

  it('rejects an index outside the tree, and paths longer or shorter than the tree needs', () => {
    expect(reason(verifyInclusion(h, 1, 1, leaf(0), [], leaf(0)))).toBe('leaf index 1 is not below tree size 1');
    expect(reason(verifyInclusion(h, 13, 13, leaf(4), incl(4, 13), root(13)))).toBe('leaf index 13 is not below tree size 13');
    expect(reason(verifyInclusion(h, 4, 13, leaf(4), [...incl(4, 13), leaf(0)], root(13)))).toBe('inclusion path is longer than a tree of size 13 needs');
    expect(reason(verifyInclusion(h, 4, 13, leaf(4), incl(4, 13).slice(0, -1), root(13)))).toBe('inclusion path is shorter than a tree of size 13 needs');
    expect(reason(verifyInclusion(h, 4, 13, leaf(5), incl(4, 13), root(13)))).toBe('inclusion path for leaf 4 leads to a root other than the expected one');
    expect(reason(verifyConsistency(h, 5, 13, root(5), root(13), [...cons(5, 13), leaf(0)]))).toBe('consistency path is longer than sizes 5 → 13 need');
    expect(reason(verifyConsistency(h, 5, 13, root(5), root(13), cons(5, 13).slice(0, -1)))).toBe('consistency path is shorter than sizes 5 → 13 need');
    expect(reason(verifyConsistency(h, 5, 13, root(5), root(13), []))).toBe('consistency path is empty');
    expect(reason(verifyConsistency(h, 5, 13, root(6), root(13), cons(5, 13)))).toBe('consistency path does not lead to the root of the tree of size 5');
    expect(reason(verifyConsistency(h, 5, 13, root(5), root(12), cons(5, 13)))).toBe('consistency path does not lead to the root of the tree of size 13');
    expect(reason(verifyConsistency(h, 13, 5, root(13), root(5), cons(5, 13)))).toBe('first tree size 13 is larger than second tree size 5');
    expect(reason(verifyConsistency(h, 0, 5, h.emptyRoot, root(5), cons(5, 13)))).toBe('a consistency proof from the empty tree is meaningless');
    expect(reason(verifyConsistency(h, 5, 5, root(5), root(5), [leaf(0)]))).toBe('tree sizes are equal (5) but the consistency path is not empty');
    expect(reason(verifyConsistency(h, 5, 5, root(5), root(6), []))).toBe('two different roots for the same tree size 5');
    expect(verifyConsistency(h, 5, 5, root(5), root(5), [])).toEqual({ ok: true });
  });
});
