import { describe, expect, it } from 'vitest';
import { mergeFacts } from './merge.js';
import type { CveId, Cve5Facts, EpssScore, JvnFacts, KevEntry, NvdFacts } from './record.js';

const id = 'CVE-2023-27997' as CveId;
const cpe = 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*';
const nvd: NvdFacts = {
  id,
  published: '2023-06-13T09:15:16.023',
  lastModified: '2024-11-21T07:51:40.000',
  vulnStatus: 'Modified',
  description: 'A heap-based buffer overflow in FortiOS SSL-VPN (NVD copy)',
  cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, scoredBy: 'nvd@nist.gov', type: 'Primary' }],
  cwes: ['CWE-122'],
  configurations: [{ operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ criteria: cpe, vulnerable: true, startIncluding: '7.2.0', endExcluding: '7.2.5' }] }] }],
  references: ['https://fortiguard.com/psirt/FG-IR-23-097'],
  cisa: {
    exploitAdd: '2023-06-13',
    actionDue: '2023-07-04',
    requiredAction: 'Apply updates per vendor instructions.',
    vulnerabilityName: 'Fortinet FortiOS and FortiProxy SSL-VPN Heap-Based Buffer Overflow Vulnerability',
  },
};
const cve5: Cve5Facts = {
  id,
  state: 'PUBLISHED',
  datePublished: '2023-06-13T08:41:00.000Z',
  dateUpdated: '2025-01-10T10:00:00.000Z',
  description: 'A heap-based buffer overflow vulnerability [CWE-122] in FortiOS (CNA text)',
  affected: [
    {
      container: 'cna',
      product: { vendor: 'Fortinet', product: 'FortiOS', cpes: [], defaultStatus: 'unaffected', affected: [{ startIncluding: '7.2.0', endIncluding: '7.2.4' }], unaffected: [], versionType: 'semver' },
    },
    {
      container: 'adp:CISA-ADP',
      product: { vendor: 'fortinet', product: 'fortios', cpes: [cpe], defaultStatus: 'unknown', affected: [{ startIncluding: '7.2.0', endExcluding: '7.2.5' }], unaffected: [] },
    },
  ],
  cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.2, scoredBy: 'fortinet' }],
  cwes: ['CWE-122', 'CWE-787'],
  references: ['https://fortiguard.com/psirt/FG-IR-23-097', 'https://example.org/adp'],
};
const kev: KevEntry = {
  cveId: id,
  vendorProject: 'Fortinet',
  product: 'FortiOS and FortiProxy SSL-VPN',
  vulnerabilityName: 'Fortinet FortiOS and FortiProxy SSL-VPN Heap-Based Buffer Overflow Vulnerability',
  dateAdded: '2023-06-13',
  shortDescription: 'heap-based buffer overflow',
  requiredAction: 'Apply updates per vendor instructions.',
  dueDate: '2023-07-04',
  knownRansomwareCampaignUse: 'Known',
  notes: '',
  cwes: ['CWE-122'],
};
const epss: EpssScore = { cve: id, epss: 0.97, percentile: 0.999, modelVersion: 'v2025.03.14', scoreDate: '2025-08-25' };
const jvn: JvnFacts = {
  id: 'JVNDB-2023-001234',
  title: 'FortiOS におけるヒープベースのバッファオーバーフロー',
  cves: [id],
  modified: '2025-02-01T09:00:00+09:00',
  affected: [{ vendor: 'フォーティネット', product: 'FortiOS', cpes: [cpe], defaultStatus: 'unknown', affected: [{ endIncluding: '7.2.4' }], unaffected: [], versionText: ['7.2.0 から 7.2.4'] }],
  cvss: [],
  references: ['https://jvndb.jvn.jp/ja/contents/2023/JVNDB-2023-001234.html'],
};

describe('mergeFacts', () => {
  it('keeps every source with its provenance and prefers the CNA for text', () => {
    const record = mergeFacts(id, { nvd, cve5, kev, epss, jvn: [jvn] });
    expect(record.description).toEqual({ source: 'cve5', detail: 'cna', at: cve5.dateUpdated, value: cve5.description });
    expect(record.published).toEqual({ source: 'cve5', detail: 'cna', at: cve5.dateUpdated, value: cve5.datePublished });
    // The latest of the sources' times: the JVN entry was modified last.
    expect(record.lastModified).toEqual({ source: 'jvn', detail: jvn.id, at: jvn.modified, value: jvn.modified });
    expect(record.nvdStatus).toBe('Modified');
    expect(record.configurations).toEqual({ source: 'nvd', at: nvd.lastModified, value: nvd.configurations });
    expect(record.affected.map((a) => [a.source, a.detail])).toEqual([
      ['cve5', 'cna'],
      ['cve5', 'adp:CISA-ADP'],
      ['jvn', jvn.id],
    ]);
    expect(record.cvss.map((c) => [c.source, c.detail, c.value.baseScore])).toEqual([
      ['nvd', 'nvd@nist.gov', 9.8],
      ['cve5', 'fortinet', 9.2],
    ]);
    expect(record.cwes).toEqual(['CWE-122', 'CWE-787']);
    expect(record.kev).toEqual({ source: 'kev', at: '2023-06-13', value: kev });
    expect(record.epss).toEqual({ source: 'epss', detail: 'v2025.03.14', at: '2025-08-25', value: epss });
    expect(record.jvnIds).toEqual([jvn.id]);
    expect(record.references).toEqual(['https://fortiguard.com/psirt/FG-IR-23-097', 'https://example.org/adp', jvn.references[0]]);
  });

  it('falls back to NVD for text and to NVD’s copy of the KEV fields', () => {
    const record = mergeFacts(id, { nvd });
    expect(record.description).toEqual({ source: 'nvd', at: nvd.lastModified, value: nvd.description });
    expect(record.kev?.source).toBe('nvd');
    expect(record.kev?.value).toMatchObject({ cveId: id, dateAdded: '2023-06-13', dueDate: '2023-07-04', knownRansomwareCampaignUse: 'Unknown' });
    expect(record.affected).toEqual([]);
  });

  it('reads a record NVD has not analysed from the CVE record alone', () => {
    const record = mergeFacts(id, { cve5 });
    expect(record.configurations).toBeUndefined();
    expect(record.nvdStatus).toBeUndefined();
    expect(record.affected).toHaveLength(2);
    expect(record.kev).toBeUndefined();
  });
});
