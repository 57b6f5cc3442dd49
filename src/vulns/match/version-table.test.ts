import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCpe } from '../cpe/index.js';
import type { VersionRange } from '../record.js';
import { versionArbitrary } from '../versions/testing/version-arbitraries.js';
import { compileAssetCpe, NameCache } from './compiled-name.js';
import type { CompiledCriterion } from './compiled-record.js';
import { VersionTable } from './version-table.js';
import { KeyInterner } from './product-keys.js';
import { realVersions, uncachedVersions } from './testing/comparator.js';
import { cpe } from './testing/records.js';
import { cachedRange } from './version-cache.js';

const keys = new KeyInterner();
const names = new NameCache(keys);

function compiled(version: string, range: VersionRange): CompiledCriterion {
  const name = names.get(cpe('a', 'acme', 'lib', version));
  if (!name.ok) throw name.error;
  const bounded = Object.keys(range).length > 0;
  return { source: { criteria: name.value.text, vulnerable: true, ...range }, vulnerable: true, name: name.value, bounds: bounded ? cachedRange(range, 'generic') : undefined, node: 0, index: 0 };
}

/** Whether criterion `c` can hold for an asset of version `v` (`*` for ANY): true or undecided. */
function mightHold(c: CompiledCriterion, v: string): boolean {
  if (c.bounds !== undefined) return v !== '*' && realVersions.inRange(v, c.bounds.range, 'generic') !== false;
  const pinned = c.name?.exactVersion;
  return pinned === undefined || v.toLowerCase() === pinned.replace(/\\(.)/g, '$1');
}

/**
 * Whether the table may visit criterion `c` for version `v`: it might hold, or its bounds cannot be
 * read, or it gives two bounds on one side (the table keeps the inclusive one: never seen in NVD).
 */
function mayVisit(c: CompiledCriterion, v: string): boolean {
  const r = c.bounds?.range;
  if (r !== undefined && realVersions.inRange('1', r, 'generic') === undefined) return true;
  if (r !== undefined && ((r.startIncluding && r.startExcluding) || (r.endIncluding && r.endExcluding))) return true;
  return mightHold(c, v);
}

/** Generic versions that a CPE formatted string can hold unquoted. */
const version = fc.oneof(versionArbitrary('generic'), fc.constantFrom('1.0', '1.0.0', '2.0', '1..0', 'A1')).filter((v) => parseCpe(cpe('a', 'acme', 'lib', v)).ok);
const bound = fc.option(version, { nil: undefined });
const range = fc
  .record({ startIncluding: bound, startExcluding: bound, endIncluding: bound, endExcluding: bound })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as VersionRange);
const row = fc.record({ version: fc.oneof(fc.constant('*'), fc.constant('1.*'), version), range: fc.oneof(fc.constant({}), range) });

describe('VersionTable', () => {
  it.each([
    ['parsed', realVersions],
    ['uncached', uncachedVersions],
  ])('visits at least every record whose criterion might hold for the asset version (%s comparator)', (_, comparator) => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), fc.array(fc.oneof(version, fc.constant('*')), { minLength: 1, maxLength: 6 }), fc.nat(12), (rows, versions, removed) => {
        const generations = rows.map(() => 1);
        const table = new VersionTable(comparator, 'generic', generations);
        const criteria = rows.map((r) => compiled(Object.keys(r.range).length > 0 ? '*' : r.version, r.range));
        criteria.forEach((c, slot) => {
          if (c.bounds !== undefined) table.addRange(slot, c.bounds);
          else if (c.name?.exactVersion !== undefined) table.addExact(slot, c.name.exactVersion);
          else table.addAlways(slot);
        });
        // Removing a record moves its slot to a new generation.
        if (removed < generations.length) generations[removed] = 2;
        table.stale();
        for (const v of versions) {
          const asset = compileAssetCpe(cpe('a', 'acme', 'lib', v), keys);
          if (!asset.ok) throw asset.error;
          const visited = new Set<number>();
          table.visit(asset.value.version, asset.value.lower[3], (slot) => visited.add(slot));
          const expected = criteria.flatMap((c, slot) => (slot !== removed && mightHold(c, v) ? [slot] : []));
          expect([...visited].filter((s) => s === removed)).toEqual([]);
          for (const slot of expected) expect(visited.has(slot)).toBe(true);
          // With the parsed comparator the filter visits nothing else.
          if (comparator === realVersions) for (const slot of visited) expect(mayVisit(criteria[slot] as CompiledCriterion, v)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
