import { readFileSync } from 'node:fs';
import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import type { CveId } from '../../vulns/record.js';
import { importVulnDocument, type VulnDocument } from './vuln-import.js';
import { createVulnStore, type VulnStore } from './vuln-store.js';

const demo = (name: string) => readFileSync(new URL(`../../../scenarios/demo-vulns/${name}`, import.meta.url), 'utf8');
const epssTestdata = (name: string) => readFileSync(new URL(`../../vulns/sources/epss/testdata/${name}`, import.meta.url), 'utf8');
const fixture = (...parts: string[]) => readFileSync(sharedFixture('vuln', ...parts), 'utf8');

async function refused(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isSakimoriError(e)) return e.code;
    throw e;
  }
  throw new Error('not refused');
}

describeStorage('vulnerability import', (ctx) => {
  let store: VulnStore;
  const run = (doc: VulnDocument) => importVulnDocument(store, ctx.clock, doc);
  beforeEach(async () => {
    await ctx.reset();
    store = createVulnStore(ctx.db, { clock: ctx.clock });
  });

  it('imports the demo sample and merges NVD, KEV and EPSS per CVE', async () => {
    const nvd = await run({ kind: 'nvd', text: demo('nvd-page.json'), origin: 'nvd-page.json' });
    expect(nvd.run).toMatchObject({ source: 'nvd', outcome: 'ok', read: 5, changed: 5, skipped: 0 });
    const kev = await run({ kind: 'kev-json', text: demo('kev.json'), origin: 'kev.json' });
    expect(kev.kevAdded).toHaveLength(5);
    await run({ kind: 'epss', text: demo('epss.csv'), origin: 'epss.csv' });
    const record = await store.record('CVE-2023-27997' as CveId);
    expect(record?.kev?.source).toBe('kev');
    expect(record?.kev?.value.knownRansomwareCampaignUse).toBe('Known');
    expect(record?.epss?.value.epss).toBe(0.9);
    expect(record?.configurations?.value[0]?.nodes[0]?.cpeMatch).toHaveLength(5);
    // The same documents again change nothing.
    const again = await run({ kind: 'nvd', text: demo('nvd-page.json'), origin: 'nvd-page.json' });
    expect(again.run).toMatchObject({ changed: 0, unchanged: 5 });
    expect(again.changed).toEqual([]);
    expect((await store.sourceState('kev')) as unknown).toEqual({ catalogVersion: '2025.08.25', dateReleased: expect.any(String), count: 5 });
  });

  it('refuses a document that cannot be read as a whole, stores nothing and records the refusal', async () => {
    expect(
      await refused(
        run({
          kind: 'nvd',
          text: '{"resultsPerPage": 2, "startIndex": 0, "totalResults": 5, "format": "NVD_CVE", "version": "2.0", "timestamp": "2025-01-01T00:00:00.000", "vulnerabilities": [] }',
          origin: 'short.json',
        }),
      ),
    ).toBe('SAKIMORI_ERR_VULN_SOURCE_MALFORMED');
    expect(await refused(run({ kind: 'nvd', text: '{not json', origin: 'broken.json' }))).toBe('SAKIMORI_ERR_VULN_SOURCE_MALFORMED');
    expect(await refused(run({ kind: 'epss', text: epssTestdata('epss-scores-no-comment.csv'), origin: 'epss.csv' }))).toBe('SAKIMORI_ERR_VULN_SOURCE_MALFORMED');
    expect(await refused(run({ kind: 'jvn-rss', text: '<rdf:RDF><item>', origin: 'jvn.xml' }))).toBe('SAKIMORI_ERR_VULN_SOURCE_MALFORMED');
    expect(await store.count()).toBe(0);
    const runs = await store.runs(10);
    expect(runs.map((r) => r.outcome)).toEqual(['refused', 'refused', 'refused', 'refused']);
    expect(runs[0]?.problems).toEqual([expect.objectContaining({ code: 'SAKIMORI_ERR_VULN_SOURCE_MALFORMED' })]);
  });

  it('skips and counts bad records, keeps the good ones of the same document', async () => {
    const page = JSON.parse(demo('nvd-page.json')) as { vulnerabilities: { cve: Record<string, unknown> }[] };
    const [first, second] = page.vulnerabilities;
    if (first === undefined || second === undefined) throw new Error('demo page too short');
    first.cve['configurations'] = [{ nodes: [{ operator: 'XOR', negate: false, cpeMatch: [] }] }];
    const outcome = await run({ kind: 'nvd', text: JSON.stringify(page), origin: 'mixed.json' });
    expect(outcome.run).toMatchObject({ outcome: 'partial', read: 5, changed: 4, skipped: 1 });
    expect(outcome.run.problems[0]).toMatchObject({ code: 'SAKIMORI_ERR_VULN_RECORD_MALFORMED', details: expect.objectContaining({ source: 'nvd' }) });
    expect(await store.record('CVE-2023-27997' as CveId)).toBeUndefined();
    expect(await store.record(second.cve['id'] as CveId)).toBeDefined();

    const epss = await run({ kind: 'epss', text: epssTestdata('epss-scores-bad-rows.csv'), origin: 'bad-rows.csv' });
    expect(epss.run.outcome).toBe('partial');
    expect(epss.run.skipped).toBeGreaterThan(0);
  });

  describeExternal('vulnerability import of the shared fixtures', missingFixtures(), () => {
    it('gives identical KEV facts from the JSON and CSV forms, and a new release changes exactly its differences', async () => {
      const json = await run({ kind: 'kev-json', text: fixture('kev', 'known_exploited_vulnerabilities.json'), origin: 'kev.json' });
      expect(json.run).toMatchObject({ read: 1404, changed: 1404, skipped: 0 });
      const csv = await run({ kind: 'kev-csv', text: fixture('kev', 'known_exploited_vulnerabilities-2025.08.25.csv'), origin: 'kev.csv' });
      expect(csv.run).toMatchObject({ read: 1404, changed: 0, unchanged: 1404 });

      await ctx.reset();
      const older = await run({ kind: 'kev-json', text: fixture('kev', 'known_exploited_vulnerabilities-2025.07.20.json'), origin: 'kev-0720.json' });
      expect(older.run.skipped).toBe(0);
      const newer = await run({ kind: 'kev-csv', text: fixture('kev', 'known_exploited_vulnerabilities-2025.08.25.csv'), origin: 'kev-0825.csv' });
      const expected = JSON.parse(fixture('kev', 'expected-diff-2025.07.20-to-2025.08.25.json')) as { added: string[]; removed: string[]; modified: string[] };
      expect(new Set(newer.kevAdded)).toEqual(new Set(expected.added));
      expect(new Set(newer.changed)).toEqual(new Set([...expected.added, ...expected.modified, ...expected.removed]));
    });

    it('imports CVE 5 records and JVN entries beside NVD, each with its provenance', async () => {
      await run({ kind: 'cve5', text: fixture('cve5', 'osv-cvelistV5', 'CVE-2021-44228.json'), origin: 'log4shell.json' });
      await run({ kind: 'nvd', text: fixture('nvd-configurations', 'vunnel-full-page.json'), origin: 'page.json' });
      const log4shell = await store.record('CVE-2021-44228' as CveId);
      expect(log4shell?.affected.map((a) => `${a.source}:${a.detail}`)).toContain('cve5:cna');
      expect(log4shell?.description?.source).toBe('cve5');
      const rss = await run({ kind: 'jvn-rss', text: fixture('jvn', 'jvnrss-0.xml'), origin: 'jvnrss-0.xml' });
      expect(rss.run.read).toBeGreaterThan(0);
      const withJvn = await store.recordsOf(rss.changed);
      expect(withJvn.every((r) => r.jvnIds.length > 0)).toBe(true);
    });
  });
});
