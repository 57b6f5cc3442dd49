import { beforeEach, expect, it } from 'vitest';
import type { CveId, EpssScore, JvnFacts, KevEntry, NvdFacts } from '../../vulns/record.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { createVulnStore, type FactsRow, type VulnStore } from './vuln-store.js';

const cve = (n: number): CveId => `CVE-2024-${String(n).padStart(5, '0')}` as CveId;

function nvd(id: CveId, description = `flaw in product ${id}`): NvdFacts {
  return {
    id,
    published: '2024-01-02T03:04:05.000',
    lastModified: '2024-02-03T04:05:06.000',
    vulnStatus: 'Analyzed',
    description,
    cvss: [],
    cwes: [],
    configurations: [
      { operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ criteria: 'cpe:2.3:a:acme:gadget:*:*:*:*:*:*:*:*', vulnerable: true, endExcluding: '2.0' }] }] },
    ],
    references: [],
  };
}

const kev = (id: CveId, ransomware: 'Known' | 'Unknown'): KevEntry => ({
  cveId: id,
  vendorProject: 'Acme',
  product: 'Gadget',
  vulnerabilityName: 'Acme Gadget flaw',
  dateAdded: '2024-03-01',
  shortDescription: '',
  requiredAction: 'Apply updates.',
  dueDate: '2024-03-22',
  knownRansomwareCampaignUse: ransomware,
  notes: '',
  cwes: [],
});

const epss = (id: CveId, score: number): EpssScore => ({ cve: id, epss: score, percentile: 0.5, modelVersion: 'v2025.03.14', scoreDate: '2025-08-25' });
const jvn = (id: CveId, jvnId: string): JvnFacts => ({ id: jvnId, title: 'Acme Gadget の脆弱性', cves: [id], affected: [], cvss: [], references: [] });

describeStorage('vulnerability store', (ctx) => {
  let store: VulnStore;
  beforeEach(async () => {
    await ctx.reset();
    store = createVulnStore(ctx.db, { clock: ctx.clock });
  });

  it('merges every source of a CVE and reports only what changed', async () => {
    const id = cve(1);
    const first = await store.putFacts([
      { source: 'nvd', cve: id, facts: nvd(id) },
      { source: 'kev', cve: id, facts: kev(id, 'Unknown') },
      { source: 'epss', cve: id, facts: epss(id, 0.2) },
      { source: 'jvn', cve: id, key: 'JVNDB-2024-000001', facts: jvn(id, 'JVNDB-2024-000001') },
      { source: 'jvn', cve: id, key: 'JVNDB-2024-000002', facts: jvn(id, 'JVNDB-2024-000002') },
    ]);
    expect(first).toEqual({ changed: [id], unchanged: 0 });
    const again = await store.putFacts([
      { source: 'nvd', cve: id, facts: nvd(id) },
      { source: 'kev', cve: id, facts: kev(id, 'Unknown') },
    ]);
    expect(again).toEqual({ changed: [], unchanged: 2 });
    const changed = await store.putFacts([{ source: 'kev', cve: id, facts: kev(id, 'Known') }]);
    expect(changed).toEqual({ changed: [id], unchanged: 0 });
    const record = await store.record(id);
    expect(record?.kev?.value.knownRansomwareCampaignUse).toBe('Known');
    expect(record?.epss?.value.epss).toBe(0.2);
    expect(record?.jvnIds).toEqual(['JVNDB-2024-000001', 'JVNDB-2024-000002']);
    expect(record?.configurations?.value).toEqual(nvd(id).configurations);
    expect(await store.record(cve(2))).toBeUndefined();
  });

  it('keeps the last of repeated rows in one batch, as row by row would', async () => {
    const id = cve(3);
    await store.putFacts([
      { source: 'nvd', cve: id, facts: nvd(id, 'first') },
      { source: 'nvd', cve: id, facts: nvd(id, 'second') },
    ]);
    expect((await store.record(id))?.description?.value).toBe('second');
  });

  it('pages every record in CVE order across page boundaries that split a CVE', async () => {
    const rows: FactsRow[] = [];
    for (let n = 1; n <= 23; n += 1) {
      rows.push({ source: 'nvd', cve: cve(n), facts: nvd(cve(n)) });
      if (n % 2 === 0) rows.push({ source: 'epss', cve: cve(n), facts: epss(cve(n), n / 100) });
      if (n % 3 === 0) rows.push({ source: 'jvn', cve: cve(n), key: `JVNDB-2024-0000${n}`, facts: jvn(cve(n), `JVNDB-2024-0000${n}`) });
    }
    await store.putFacts(rows);
    const seen = [];
    for await (const record of store.records(4)) seen.push(record);
    expect(seen.map((r) => r.id)).toEqual(Array.from({ length: 23 }, (_, i) => cve(i + 1)));
    expect(seen.filter((r) => r.epss !== undefined)).toHaveLength(11);
    expect(seen.filter((r) => r.jvnIds.length === 1)).toHaveLength(7);
    expect(await store.count()).toBe(23);
    expect(await store.cvesOf('epss')).toHaveLength(11);
  });

  it('removes one source’s facts and keeps the others', async () => {
    const id = cve(4);
    await store.putFacts([
      { source: 'nvd', cve: id, facts: nvd(id) },
      { source: 'kev', cve: id, facts: kev(id, 'Unknown') },
    ]);
    expect(await store.removeFacts('kev', [id, cve(5)])).toEqual([id]);
    const record = await store.record(id);
    expect(record?.kev).toBeUndefined();
    expect(record?.nvdStatus).toBe('Analyzed');
  });

  it('keeps import state and runs', async () => {
    expect(await store.sourceState('nvd')).toBeUndefined();
    await store.setSourceState('nvd', { lastModStartDate: '2024-01-01T00:00:00.000Z' });
    await store.setSourceState('nvd', { lastModStartDate: '2024-02-01T00:00:00.000Z' });
    expect(await store.sourceState('nvd')).toEqual({ lastModStartDate: '2024-02-01T00:00:00.000Z' });
    const run = await store.recordRun({
      source: 'kev',
      mode: 'file',
      origin: 'kev.json',
      started_at: 1,
      finished_at: 2,
      outcome: 'partial',
      read: 3,
      changed: 2,
      unchanged: 0,
      skipped: 1,
      problems: [{ code: 'SAKIMORI_ERR_VULN_RECORD_MALFORMED' }],
    });
    expect(await store.runs(5)).toEqual([run]);
  });
});
