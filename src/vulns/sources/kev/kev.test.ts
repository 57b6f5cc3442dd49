/**
 * The real catalogue: release 2025.08.25 in its JSON and CSV forms must give the same 1404 entries,
 * and the diff from release 2025.07.20 must be the one in the fixtures.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeExternal, missingFixtures, sharedFixture } from '../../../testing/external.js';
import type { KevCatalogue } from './index.js';
import { diffKev, readKevCsv, readKevJson } from './index.js';

const text = (name: string): string => readFileSync(sharedFixture('vuln', 'kev', name), 'utf8');

function value(r: ReturnType<typeof readKevJson>): KevCatalogue {
  if (!r.ok) throw r.error;
  return r.value;
}

describeExternal('KEV catalogue fixtures', missingFixtures(), () => {
  it('reads the 2025.08.25 JSON catalogue whole, every field of its newest entry', () => {
    const august = value(readKevJson(text('known_exploited_vulnerabilities.json')));
    expect(august.catalogVersion).toBe('2025.08.25');
    expect(august.dateReleased).toBe('2025-08-25T17:04:19.9796Z');
    expect(august.entries).toHaveLength(1404);
    expect(august.skipped).toEqual([]);
    expect(august.entries[0]).toEqual({
      cveId: 'CVE-2025-48384',
      vendorProject: 'Git',
      product: 'Git',
      vulnerabilityName: 'Git Link Following Vulnerability',
      dateAdded: '2025-08-25',
      shortDescription: 'Git contains a link following vulnerability that stems from Git’s inconsistent handling of carriage return characters in configuration files.',
      requiredAction: 'Apply mitigations per vendor instructions, follow applicable BOD 22-01 guidance for cloud services, or discontinue use of the product if mitigations are unavailable.',
      dueDate: '2025-09-15',
      knownRansomwareCampaignUse: 'Unknown',
      notes:
        'This vulnerability affects a common open-source component, third-party library, or a protocol used by different products. For more information, please see: https://github.com/git/git/security/advisories/GHSA-vwqx-4fm8-6qc9 ; https://access.redhat.com/errata/RHSA-2025:13933 ; https://alas.aws.amazon.com/AL2/ALAS2-2025-2941.html ; https://linux.oracle.com/errata/ELSA-2025-11534.html ; https://msrc.microsoft.com/update-guide/vulnerability/CVE-2025-48384 ; https://nvd.nist.gov/vuln/detail/CVE-2025-48384',
      cwes: ['CWE-59', 'CWE-436'],
    });
    // 152 entries have no CWE and 4 have three; the counts pin the list handling in both forms.
    expect(august.entries.filter((e) => e.cwes.length === 0)).toHaveLength(152);
    expect(august.entries.filter((e) => e.cwes.length === 3)).toHaveLength(4);
    expect(august.entries.filter((e) => e.knownRansomwareCampaignUse === 'Known')).toHaveLength(293);
  });

  it('gives the same entries from the CSV form of the same release, spaces CISA left in included', () => {
    const json = value(readKevJson(text('known_exploited_vulnerabilities.json')));
    const csv = value(readKevCsv(text('known_exploited_vulnerabilities-2025.08.25.csv')));
    expect(csv.skipped).toEqual([]);
    expect(csv.catalogVersion).toBeUndefined();
    expect(csv.entries).toHaveLength(1404);
    expect(csv.entries).toEqual(json.entries);
    expect(csv.entries.find((e) => e.cveId === 'CVE-2025-54309')?.vulnerabilityName).toBe(' CrushFTP Unprotected Alternate Channel Vulnerability');
  });

  it('reads the 2025.07.20 release', () => {
    const july = value(readKevJson(text('known_exploited_vulnerabilities-2025.07.20.json')));
    expect([july.catalogVersion, july.entries.length, july.skipped.length]).toEqual(['2025.07.20', 1382, 0]);
  });

  it('finds exactly the expected difference between 2025.07.20 and 2025.08.25', () => {
    const expected = JSON.parse(text('expected-diff-2025.07.20-to-2025.08.25.json')) as { from: string; to: string; added: string[]; removed: string[]; modified: string[] };
    const july = value(readKevJson(text('known_exploited_vulnerabilities-2025.07.20.json')));
    const august = value(readKevJson(text('known_exploited_vulnerabilities.json')));
    const d = diffKev(july, august);
    const ids = (entries: readonly { cveId: string }[]): string[] => entries.map((e) => e.cveId).sort();
    expect({ from: july.catalogVersion, to: august.catalogVersion, added: ids(d.added), removed: ids(d.removed), modified: ids(d.changed.map((c) => c.after)) }).toEqual(expected);
    expect(d.added).toHaveLength(22);
    expect(d.added.every((e) => e.dateAdded >= '2025-07-20')).toBe(true);
    const byId = Object.fromEntries(d.changed.map((c) => [c.after.cveId, c]));
    expect(byId['CVE-2025-5777']?.fields).toEqual(['knownRansomwareCampaignUse']);
    // The SharePoint entry changed more than its ransomware flag: CISA rewrote its text too.
    expect(byId['CVE-2025-53770']?.fields).toEqual(['shortDescription', 'requiredAction', 'knownRansomwareCampaignUse', 'notes']);
    for (const c of d.changed) expect([c.before.knownRansomwareCampaignUse, c.after.knownRansomwareCampaignUse]).toEqual(['Unknown', 'Known']);
  });

  it('finds no difference between the two forms of one release, nor of a release with itself', () => {
    const json = value(readKevJson(text('known_exploited_vulnerabilities.json')));
    const csv = value(readKevCsv(text('known_exploited_vulnerabilities-2025.08.25.csv')));
    expect(diffKev(json, csv)).toEqual({ added: [], changed: [], removed: [] });
    const july = value(readKevJson(text('known_exploited_vulnerabilities-2025.07.20.json')));
    const back = diffKev(json, july);
    expect([back.added.length, back.removed.length, back.changed.length]).toEqual([0, 22, 2]);
  });
});
