import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEqual, isSuperset, parseCpe, type Wfn } from '../cpe/index.js';
import type { VersionRange, VersionScheme } from '../record.js';
import { versionArbitrary } from '../versions/testing/version-arbitraries.js';
import { compileAssetCpe, compileName, covers } from './compiled-name.js';
import { KeyInterner } from './product-keys.js';
import { realVersions } from './testing/comparator.js';
import { cachedRange, cachedVersion, versionInRange } from './version-cache.js';

function wfn(text: string): Wfn {
  const r = parseCpe(text);
  if (!r.ok) throw r.error;
  return r.value;
}

const value = (...values: string[]) => fc.constantFrom(...values);
const criterionText = fc
  .tuple(value('a', 'o', '*'), value('acme', 'Acme', 'ac*', '*'), value('lib', 'lib2', '*'), value('1.2', '1.20', '1.2.1', '1.*', '?.2', '*', '-'), value('sp1', 'SP1', '*', '-'))
  .map((a) => `cpe:2.3:${a.join(':')}:*:*:*:*:*:*`);
const assetText = fc
  .tuple(value('a', 'o'), value('acme', 'Acme'), value('lib', 'lib2'), value('1.2', '1.20', '1.2.1', '12', '*', '-'), value('sp1', 'SP1', 'sp2', '*', '-'))
  .map((a) => `cpe:2.3:${a.join(':')}:*:*:*:*:*:*`);

describe('covers', () => {
  it('agrees with NISTIR 7696 superset-or-equal, except that a value without wildcards names only itself', () => {
    fc.assert(
      fc.property(criterionText, assetText, (c, a) => {
        const keys = new KeyInterner();
        const name = compileName(c, keys);
        const asset = compileAssetCpe(a, keys);
        if (!name.ok || !asset.ok) throw new Error('unparsable fixture');
        const keyed = name.value.key < 0 || name.value.key === asset.value.key;
        const ours = keyed && covers(name.value, asset.value);
        const nistir = isSuperset(wfn(c), wfn(a)) || isEqual(wfn(c), wfn(a));
        // Never looser than the specification; stricter only on the escape-counting slack (`1\.2` over `1\.20`).
        if (ours) expect(nistir).toBe(true);
        if (nistir && !ours) expect([c, a].map((x) => x.split(':')[5])).toEqual(['1.2', '1.20']);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('versionInRange', () => {
  const schemes: VersionScheme[] = ['generic', 'semver', 'debian', 'rpm'];
  it.each(schemes)('agrees with inRange in %s, parsed versions cached across calls', (scheme) => {
    const bound = fc.option(fc.oneof(versionArbitrary(scheme), fc.constant('1..0')), { nil: undefined });
    const rangeArb = fc
      .record({ startIncluding: bound, startExcluding: bound, endIncluding: bound, endExcluding: bound })
      .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as VersionRange);
    fc.assert(
      fc.property(fc.array(fc.oneof(versionArbitrary(scheme), fc.constant('*')), { minLength: 1, maxLength: 4 }), rangeArb, (versions, range) => {
        const cached = cachedRange(range, scheme);
        for (const v of versions) {
          const version = cachedVersion(v);
          expect([versionInRange(realVersions, version, cached), versionInRange(realVersions, version, cached)]).toEqual(Array(2).fill(realVersions.inRange(v, range, scheme)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
