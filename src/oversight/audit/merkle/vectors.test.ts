/**
 * The transparency-dev/merkle proof vectors (../shared/fixtures/merkle): every valid proof must
 * verify and every corrupted one must be rejected, for RFC 9162 inclusion and consistency proofs
 * and their subtree variants.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { describeExternal, missingFixtures, sharedFixture } from '../../../testing/external.js';
import { nodeMerkleHasher } from '../node-crypto.js';
import { verifySubtreeConsistency, verifySubtreeInclusion } from './subtree-verify.js';
import type { Verdict } from './verdict.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

interface Probe {
  readonly desc: string;
  readonly wantErr: boolean;
  readonly proof: string[] | null;
  readonly [k: string]: unknown;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.json') ? [p] : [];
  });
}

const b64 = (s: unknown): Uint8Array => Buffer.from(String(s), 'base64');
const num = (v: unknown): number => Number(v);

const hasher = nodeMerkleHasher();

const checks: Record<string, (p: Probe) => Verdict> = {
  inclusion: (p) => verifyInclusion(hasher, num(p.leafIdx), num(p.treeSize), b64(p.leafHash), (p.proof ?? []).map(b64), b64(p.root)),
  consistency: (p) => verifyConsistency(hasher, num(p.size1), num(p.size2), b64(p.root1), b64(p.root2), (p.proof ?? []).map(b64)),
  subtreeinclusion: (p) => verifySubtreeInclusion(hasher, num(p.leafIdx), num(p.start), num(p.end), b64(p.leafHash), (p.proof ?? []).map(b64), b64(p.root)),
  subtreeconsistency: (p) => verifySubtreeConsistency(hasher, num(p.start), num(p.end), num(p.size), b64(p.root1), b64(p.root2), (p.proof ?? []).map(b64)),
};

describeExternal('transparency-dev/merkle proof vectors', missingFixtures(), () => {
  // Files are listed inside the tests: the describe body also runs when the block is skipped for
  // want of fixtures.
  const root = sharedFixture('merkle');
  const vectorFiles = (kind: string): string[] => filesUnder(join(root, kind)).sort();
  for (const [kind, check] of Object.entries(checks)) {
    it(`${kind}: every vector gives the expected verdict`, () => {
      const files = vectorFiles(kind);
      const wrong: string[] = [];
      let valid = 0;
      for (const f of files) {
        const probe = JSON.parse(readFileSync(f, 'utf8')) as Probe;
        const verdict = check(probe);
        // A verdict is exactly ok: true or ok: false; anything else is as wrong as the opposite answer.
        if (verdict.ok !== !probe.wantErr) wrong.push(`${relative(root, f)} (${probe.desc}): ${verdict.ok ? 'accepted' : `rejected: ${verdict.reason}`}`);
        if (!probe.wantErr) valid++;
      }
      expect(wrong).toEqual([]);
      expect(valid).toBeGreaterThan(0);
    });
  }
  it('covers the 518 published vectors', () => {
    expect(Object.keys(checks).reduce((n, kind) => n + vectorFiles(kind).length, 0)).toBe(518);
  });
});
