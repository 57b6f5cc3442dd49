import { describe, expect, it } from 'vitest';
import { nodeMerkleHasher } from '../node-crypto.js';
import { CompactRange } from './compact-range.js';
import { equalHashes, type MerkleHasher } from './hasher.js';
import { assemblePlan, assembleRoot, consistencyPlan, inclusionPlan, rootPlan, type ProofPlan } from './proof-plan.js';
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
