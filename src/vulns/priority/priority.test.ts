import { describe, expect, it } from 'vitest';
import { mergeFacts } from '../merge.js';
import type { CveId, CvssMetric, KevEntry, Sourced, VulnerabilityRecord } from '../record.js';
import { chooseCvss, computeBaseScore } from './cvss-score.js';
import { prioritise } from './priority.js';

const id = 'CVE-2023-27997' as CveId;
const v31: CvssMetric = { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, scoredBy: 'nvd@nist.gov', type: 'Primary' };
const v40: CvssMetric = { version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', baseScore: 9.3, scoredBy: 'psirt@fortinet.com', type: 'Secondary' };
const kevEntry = (ransomware: 'Known' | 'Unknown'): KevEntry => ({
  cveId: id,
  vendorProject: 'Fortinet',
  product: 'FortiOS',
  vulnerabilityName: 'x',
  dateAdded: '2023-06-13',
  shortDescription: '',
  requiredAction: '',
  dueDate: '2023-07-04',
  knownRansomwareCampaignUse: ransomware,
  notes: '',
  cwes: [],
});

function record(over: Partial<VulnerabilityRecord> = {}): VulnerabilityRecord {
  return { ...mergeFacts(id, {}), ...over };
}
const nvdScore = (value: CvssMetric): Sourced<CvssMetric> => ({ source: 'nvd', detail: value.scoredBy, value });

describe('chooseCvss', () => {
  it('prefers the newest version, then NVD primary, then the CNA, and recomputes from the vector', () => {
    const cna: Sourced<CvssMetric> = { source: 'cve5', detail: 'cna', value: { ...v31, scoredBy: 'fortinet', baseScore: 1 } };
    expect(chooseCvss([cna, nvdScore(v31)])).toEqual({ version: '3.1', vector: v31.vector, baseScore: 9.8, scoredBy: 'nvd@nist.gov', vectorUnreadable: false });
    // The CNA wrote 1 beside a vector whose base score is 9.8: the vector wins.
    expect(chooseCvss([cna])?.baseScore).toBe(9.8);
    expect(chooseCvss([nvdScore(v31), nvdScore(v40)])?.version).toBe('4.0');
    expect(chooseCvss([])).toBeUndefined();
  });

  it('falls back to the source’s number when the calculator cannot read the vector', () => {
    const odd = nvdScore({ ...v31, vector: 'CVSS:3.1/AV:Q/AC:L', baseScore: 7.5 });
    expect(chooseCvss([odd])).toMatchObject({ baseScore: 7.5, vectorUnreadable: true });
    expect(computeBaseScore('not a vector')).toBeUndefined();
    expect(computeBaseScore('AV:N/AC:M/Au:N/C:N/I:P/A:N')).toBe(4.3);
  });
});

describe('prioritise', () => {
  const base = { certainty: 'confirmed' as const, role: 'vpn-gateway', exposure: undefined, sectorWeight: 5 };

  it('adds the five factors and shows each', () => {
    const p = prioritise({ ...base, record: record({ cvss: [nvdScore(v31)], kev: { source: 'kev', value: kevEntry('Unknown') } }), exposure: { inboundPorts: [443, 22] } });
    // 4 × 9.8 + 25 (KEV) + 15 (seen on 443, a VPN gateway's port) + 10 (VPN gateway) + 5 (sector).
    expect(p.score).toBe(Math.round(39.2 + 25 + 15 + 10 + 5));
    expect(p.band).toBe('critical');
    expect(p.factors.exposure).toEqual({ points: 15, servicePorts: [443, 500, 1194, 4433, 4500, 8443, 10443], seenPorts: [443, 22] });
    expect(p.factors.exploitation).toEqual({ points: 25, kev: true, ransomware: false, epss: null });
  });

  it('ranks known ransomware use above KEV, KEV above the best EPSS forecast', () => {
    const score = (r: VulnerabilityRecord) => prioritise({ ...base, record: r }).factors.exploitation.points;
    const epss = (p: number) => record({ epss: { source: 'epss', value: { cve: id, epss: p, percentile: 0.99, modelVersion: 'v1', scoreDate: '2025-01-01' } } });
    expect(score(record({ kev: { source: 'kev', value: kevEntry('Known') } }))).toBe(30);
    expect(score(record({ kev: { source: 'kev', value: kevEntry('Unknown') } }))).toBe(25);
    expect(score(epss(1))).toBe(20);
    expect(score(epss(0.5e-4))).toBe(0);
    expect(score(record())).toBe(0);
  });

  it('counts exposure on other ports lower, and no observation as none', () => {
    const points = (ports: number[] | undefined) => prioritise({ ...base, record: record(), exposure: ports === undefined ? undefined : { inboundPorts: ports } }).factors.exposure.points;
    expect(points([8080])).toBe(8);
    expect(points([])).toBe(0);
    expect(points(undefined)).toBe(0);
  });

  it('assumes a medium severity while no score is published, and scales by certainty', () => {
    const unscored = prioritise({ ...base, record: record(), role: 'workstation', sectorWeight: 0 });
    expect(unscored.factors.severity).toEqual({ points: 20, cvss: null });
    expect(unscored.score).toBe(23);
    const review = prioritise({ ...base, record: record(), role: 'workstation', sectorWeight: 0, certainty: 'needs-review' });
    expect(review.score).toBe(Math.round(23 * 0.6));
    expect(review.band).toBe('low');
  });

  it('keeps the sector weight within 0–5 and unknown roles at the lowest role points', () => {
    const p = prioritise({ ...base, record: record(), role: 'mainframe', sectorWeight: 99 });
    expect(p.factors.sector.points).toBe(5);
    expect(p.factors.role.points).toBe(3);
  });
});
