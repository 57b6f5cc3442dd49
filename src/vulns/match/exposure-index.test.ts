import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CveId, VulnerabilityRecord } from '../record.js';
import type { AssetProducts } from './asset-products.js';
import { createExposureIndex, type ExposureIndex } from './exposure-index.js';
import { naiveMatch } from './naive-match.js';
import { assets as assetLists, records as recordLists, replacement } from './testing/arbitraries.js';
import { realVersions } from './testing/comparator.js';
import { configuration, cpe, criterion, node, nvdRecord } from './testing/records.js';

/** Everything the index says, for comparison with the naive match. */
function contents(index: ExposureIndex, assets: readonly AssetProducts[]) {
  const byRef = [...assets].sort((a, b) => a.ref - b.ref);
  return { findings: [...index.matchAll()], undecided: byRef.flatMap((a) => index.undecidedForAsset(a.ref)) };
}

/** The naive match of the same assets and records, in the index's order (assets by ref, records by id). */
function naive(assets: readonly AssetProducts[], records: readonly VulnerabilityRecord[]) {
  const byRef = [...assets].sort((a, b) => a.ref - b.ref);
  const byId = [...records].sort((a, b) => a.id.localeCompare(b.id));
  return naiveMatch(byRef, byId, realVersions);
}

describe('the exposure index', () => {
  it('gives the findings and undecided pairs of the naive match, whatever the order things are put in', () => {
    fc.assert(
      fc.property(assetLists, recordLists, fc.boolean(), fc.constantFrom('one by one', 'in a batch', 'in a direct batch'), (assets, records, assetsFirst, how) => {
        // A direct batch matches record by record; a batch, asset by asset through the version tables.
        const index = createExposureIndex(realVersions, { directBatch: how === 'in a batch' ? 0 : 8 });
        if (assetsFirst) for (const a of assets) index.putAsset(a);
        if (how === 'one by one') for (const r of records) index.putRecord(r);
        else index.putRecords(records);
        if (!assetsFirst) for (const a of assets) index.putAsset(a);
        const expected = naive(assets, records);
        expect(contents(index, assets)).toEqual(expected);
        for (const r of records) expect(index.findingsForRecord(r.id)).toEqual(expected.findings.filter((f) => f.recordId === r.id));
        expect(index.stats()).toEqual({ records: records.length, assets: assets.length, findings: expected.findings.length, undecided: expected.undecided.length });
      }),
      { numRuns: 300 },
    );
  });

  it('stays equal to the naive match as records and assets are replaced and removed', () => {
    const change = fc.oneof(
      fc.record({ kind: fc.constant('putAsset' as const), at: fc.nat(), asset: assetLists.filter((list) => list.length > 0).map((list) => list[0] as AssetProducts) }),
      fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), body: replacement }),
      fc.record({ kind: fc.constant('refresh' as const) }),
      fc.record({ kind: fc.constant('replaceMany' as const), changes: fc.array(fc.tuple(fc.nat(), replacement), { minLength: 2, maxLength: 4 }) }),
      fc.record({ kind: fc.constant('removeRecord' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('removeAsset' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(assetLists, recordLists, fc.array(change, { maxLength: 6 }), fc.constantFrom(0, 1, 8), (initialAssets, initialRecords, changes, directBatch) => {
        const index = createExposureIndex(realVersions, { directBatch });
        let assets = initialAssets;
        let records = initialRecords;
        for (const a of assets) index.putAsset(a);
        for (const r of records) index.putRecord(r);
        for (const c of changes) {
          if (c.kind === 'refresh') {
            // Every record again, as a full feed would give them.
            index.putRecords(records);
          } else if (c.kind === 'replaceMany') {
            // A page of a feed: some records, perhaps one twice (the last one given stands).
            const page = c.changes.map(([at, body]) => body(at % 8));
            index.putRecords(page);
            for (const record of page) records = [...records.filter((r) => r.id !== record.id), record];
          } else if (c.kind === 'replace') {
            const record = c.body(c.at % 8);
            index.putRecord(record);
            records = [...records.filter((r) => r.id !== record.id), record];
          } else if (c.kind === 'removeRecord') {
            const id = `CVE-2024-${1000 + (c.at % 8)}` as CveId;
            expect(index.removeRecord(id)).toBe(records.some((r) => r.id === id));
            records = records.filter((r) => r.id !== id);
          } else if (c.kind === 'putAsset') {
            const asset = { ...c.asset, ref: c.at % 8 };
            index.putAsset(asset);
            assets = [...assets.filter((a) => a.ref !== asset.ref), asset];
          } else {
            const ref = c.at % 8;
            expect(index.removeAsset(ref)).toBe(assets.some((a) => a.ref === ref));
            assets = assets.filter((a) => a.ref !== ref);
          }
          const expected = naive(assets, records);
          expect(contents(index, assets)).toEqual(expected);
          expect(index.stats()).toEqual({ records: records.length, assets: assets.length, findings: expected.findings.length, undecided: expected.undecided.length });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a malformed asset whole and keeps what it had', () => {
    const index = createExposureIndex(realVersions);
    const record = nvdRecord('CVE-2024-0001', [configuration('OR', [node('OR', [criterion(cpe('a', 'acme', 'lib'))])])]);
    index.putRecord(record);
    expect(index.putAsset({ ref: 0, cpes: [cpe('a', 'acme', 'lib', '1.0')] }).ok).toBe(true);
    const refusals = [
      { ref: 0, cpes: [cpe('a', 'acme', 'lib', '2.0'), 'cpe:2.3:a:acme'] },
      { ref: 0, cpes: [cpe('a', 'acme', 'lib', '2.*')] },
      { ref: 0, cpes: [], purl: 'pkg:npm' },
    ];
    expect(refusals.map((asset) => index.putAsset(asset)).map((r) => (r.ok ? 'accepted' : r.error.code))).toEqual([
      'SAKIMORI_ERR_CPE_MALFORMED',
      'SAKIMORI_ERR_CPE_MALFORMED',
      'SAKIMORI_ERR_PURL_MALFORMED',
    ]);
    expect(index.findingsForAsset(0).map((f) => f.why)).toEqual(['lib 1.0 matches cpe:2.3:a:acme:lib:*:… (configuration 1, node 1)']);
    expect(() => index.putAsset({ ref: -1, cpes: [] })).toThrow(RangeError);
  });

  it('tries a record whose criterion has vendor ANY against every asset', () => {
    const index = createExposureIndex(realVersions);
    for (const [ref, vendor] of ['acme', 'globex', 'initech'].entries()) index.putAsset({ ref, cpes: [cpe('a', vendor, 'gateway', '1.0')] });
    index.putRecord(nvdRecord('CVE-2024-0002', [configuration('OR', [node('OR', [criterion(cpe('a', '*', 'gateway'), { endExcluding: '2.0' })])])]));
    expect(index.findingsForRecord('CVE-2024-0002' as CveId).map((f) => [f.assetRef, f.why])).toEqual([
      [0, 'gateway 1.0 is in (*, 2.0) of cpe:2.3:a:*:gateway:*:… (configuration 1, node 1)'],
      [1, 'gateway 1.0 is in (*, 2.0) of cpe:2.3:a:*:gateway:*:… (configuration 1, node 1)'],
      [2, 'gateway 1.0 is in (*, 2.0) of cpe:2.3:a:*:gateway:*:… (configuration 1, node 1)'],
    ]);
    index.putAsset({ ref: 3, cpes: [cpe('a', 'umbrella', 'gateway', '1.5')] });
    expect(index.findingsForAsset(3).map((f) => f.recordId)).toEqual(['CVE-2024-0002']);
  });

  it('lists an asset’s findings by CVE number and forgets them with the record', () => {
    const index = createExposureIndex(realVersions);
    index.putAsset({ ref: 0, cpes: [cpe('a', 'acme', 'lib', '1.0')] });
    for (const id of ['CVE-2024-10000', 'CVE-2023-5', 'CVE-2024-999']) index.putRecord(nvdRecord(id, [configuration('OR', [node('OR', [criterion(cpe('a', 'acme', 'lib'))])])]));
    expect(index.findingsForAsset(0).map((f) => f.recordId)).toEqual(['CVE-2023-5', 'CVE-2024-999', 'CVE-2024-10000']);
    expect(index.removeRecord('CVE-2024-999' as CveId)).toBe(true);
    expect(index.removeRecord('CVE-2024-999' as CveId)).toBe(false);
    expect(index.findingsForAsset(0).map((f) => f.recordId)).toEqual(['CVE-2023-5', 'CVE-2024-10000']);
    expect(index.findingsForRecord('CVE-2024-999' as CveId)).toEqual([]);
  });
});
