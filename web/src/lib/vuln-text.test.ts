import { describe, expect, it } from 'vitest';
import type { PriorityFactors } from '../api/exposure-types.js';
import { sourceLabel } from './labels.js';
import { factorRows, parseCves, rangeText } from './vuln-text.js';

describe('vulnerability text', () => {
  it('writes ranges as people read them', () => {
    expect(rangeText({ startIncluding: '7.2.0', endExcluding: '7.2.5' })).toBe('≥ 7.2.0, < 7.2.5');
    expect(rangeText({ startIncluding: '7.2.4', endIncluding: '7.2.4' })).toBe('= 7.2.4');
    expect(rangeText({ startExcluding: '1', endIncluding: '2' })).toBe('> 1, ≤ 2');
    expect(rangeText({})).toBe('all versions');
  });

  it('reads the CVE ids an analyst types, with any separator and case, and names the rest', () => {
    expect(parseCves('cve-2023-27997, CVE-2024-21762\nCVE-2023-27997、CVE-2025-0282')).toEqual({ cves: ['CVE-2023-27997', 'CVE-2024-21762', 'CVE-2025-0282'], bad: [] });
    expect(parseCves('CVE-23-1 FortiOS')).toEqual({ cves: [], bad: ['CVE-23-1', 'FortiOS'] });
    expect(parseCves('  ')).toEqual({ cves: [], bad: [] });
  });

  it('names each source and its part', () => {
    expect(sourceLabel('nvd')).toBe('NVD');
    expect(sourceLabel('nvd', 'cisa')).toBe('NVD (CISA KEV fields)');
    expect(sourceLabel('cve5', 'cna')).toBe('CVE 5 CNA');
    expect(sourceLabel('cve5', 'adp:CISA-ADP')).toBe('CVE 5 ADP (CISA-ADP)');
    expect(sourceLabel('kev')).toBe('CISA KEV');
    expect(sourceLabel('epss', 'v2025.03.14')).toBe('FIRST EPSS');
    expect(sourceLabel('jvn', 'JVNDB-2023-000001')).toBe('JVN (JVNDB-2023-000001)');
  });

  it('explains each factor of a priority', () => {
    const f: PriorityFactors = {
      severity: { points: 39.2, cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, scoredBy: 'nvd@nist.gov', vectorUnreadable: false } },
      exploitation: { points: 25, kev: true, ransomware: false, epss: 0.9 },
      exposure: { points: 0, servicePorts: [443, 10443], seenPorts: [] },
      role: { points: 10, role: 'vpn-gateway' },
      sector: { points: 5 },
      certainty: { factor: 1, certainty: 'confirmed' },
    };
    expect(factorRows(f).map((r) => [r.factor, r.points])).toEqual([
      ['Severity', '39.2'],
      ['Exploitation', '25'],
      ['Exposure', '0'],
      ['Role', '10'],
      ['Sector', '5'],
      ['Certainty', '× 1'],
    ]);
    expect(factorRows(f)[0]!.basis).toContain('CVSS 3.1 base 9.8, scored by nvd@nist.gov');
    expect(factorRows(f)[1]!.basis).toBe('in CISA KEV (exploited in the wild)');
    expect(factorRows(f)[3]!.basis).toBe('VPN gateway');
    expect(factorRows({ ...f, exploitation: { points: 18, kev: false, ransomware: false, epss: 0.9 } })[1]!.basis).toBe('not in KEV; EPSS 90.0 % — 20 × probability');
  });
});
