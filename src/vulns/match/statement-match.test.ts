import { describe, expect, it } from 'vitest';
import type { Finding, StatementMatch } from './finding.js';
import { findingsOf, match } from './testing/match.js';
import { configuration, cpe, criterion, node, nvdRecord, statement, statementRecord } from './testing/records.js';

const LODASH = 'pkg:npm/lodash';

/** The finding of an asset (ref 0 unless said) through one statement alone. */
function statementFinding(id: string, m: StatementMatch, assetRef = 0): Finding {
  return { recordId: id as Finding['recordId'], assetRef, certainty: m.certainty, basis: 'affected-statement', why: m.why, matches: [m] };
}

describe('by package URL', () => {
  const record = statementRecord('CVE-2021-23337', [
    statement({ vendor: 'lodash', product: 'lodash', purl: 'pkg:npm/lodash', versionType: 'semver', affected: [{ endExcluding: '4.17.21' }], unaffected: [{ startIncluding: '4.17.21' }] }),
  ]);

  it('finds a package version in an affected range, compared in the scheme of its purl type', () => {
    const why = 'pkg:npm/lodash@4.17.20 is in (*, 4.17.21) of lodash lodash per cve5 cna (statement 1)';
    expect(match([{ ref: 0, cpes: [], purl: `${LODASH}@4.17.20` }], [record]).findings).toEqual([
      statementFinding('CVE-2021-23337', {
        basis: 'affected-statement',
        statement: 0,
        source: 'cve5',
        detail: 'cna',
        certainty: 'confirmed',
        by: 'purl',
        asset: `${LODASH}@4.17.20`,
        version: { version: '4.17.20', scheme: 'semver' },
        range: { endExcluding: '4.17.21' },
        why,
      }),
    ]);
  });

  it('ignores qualifiers and another namespace, and a version outside the ranges', () => {
    expect(findingsOf([], record)).toEqual([]);
    const assets = [
      { ref: 0, cpes: [], purl: `${LODASH}@4.17.21` },
      { ref: 1, cpes: [], purl: `${LODASH}@4.17.4?repository_url=https://registry.example` },
      { ref: 2, cpes: [], purl: 'pkg:npm/%40types/lodash@4.17.4' },
      { ref: 3, cpes: [], purl: LODASH },
    ];
    expect(match(assets, [record]).findings.map((f) => [f.assetRef, f.why])).toEqual([[1, 'pkg:npm/lodash@4.17.4 is in (*, 4.17.21) of lodash lodash per cve5 cna (statement 1)']]);
  });

  it('lets an unaffected range exclude a version the default status would take as affected', () => {
    const kernel = statementRecord('CVE-2024-26925', [
      statement({
        vendor: 'Linux',
        product: 'Linux',
        purl: 'pkg:deb/debian/linux',
        defaultStatus: 'affected',
        unaffected: [{ endExcluding: '5.4' }, { startIncluding: '6.1.85-1', endExcluding: '6.2' }],
      }),
    ]);
    const assets = ['6.1.85-1', '6.1.76-1', '5.3.0-1', '6.6.15-2'].map((v, ref) => ({ ref, cpes: [], purl: `pkg:deb/debian/linux@${v}` }));
    expect(match(assets, [kernel]).findings.map((f) => [f.assetRef, f.matches[0]?.certainty, f.why])).toEqual([
      [1, 'confirmed', 'pkg:deb/debian/linux@6.1.76-1 is in no unaffected range of Linux Linux, affected by default per cve5 cna (statement 1)'],
      [3, 'confirmed', 'pkg:deb/debian/linux@6.6.15-2 is in no unaffected range of Linux Linux, affected by default per cve5 cna (statement 1)'],
    ]);
    const why = 'pkg:deb/debian/linux@6.1.76-1 is in no unaffected range of Linux Linux, affected by default per cve5 cna (statement 1)';
    expect(match(assets.slice(1, 2), [kernel]).findings).toEqual([
      statementFinding(
        'CVE-2024-26925',
        {
          basis: 'affected-statement',
          statement: 0,
          source: 'cve5',
          detail: 'cna',
          certainty: 'confirmed',
          by: 'purl',
          asset: 'pkg:deb/debian/linux@6.1.76-1',
          version: { version: '6.1.76-1', scheme: 'debian' },
          why,
        },
        1,
      ),
    ]);
  });
});

describe('by CPE name', () => {
  const record = statementRecord('CVE-2024-0100', [
    statement({
      vendor: 'Acme',
      product: 'Gateway',
      cpes: [cpe('a', 'acme', 'gateway')],
      affected: [{ startIncluding: '3.0', endExcluding: '3.4.2' }],
      unaffected: [{ startIncluding: '3.3', endExcluding: '3.3.9' }],
    }),
  ]);

  it('uses the ranges of the statement as bounds and its unaffected ranges as exclusions', () => {
    const assets = ['3.1', '3.3.5', '3.4.2', '*'].map((v, ref) => ({ ref, cpes: [cpe('a', 'acme', 'gateway', v)] }));
    expect(match(assets, [record]).findings).toEqual([
      {
        recordId: 'CVE-2024-0100',
        assetRef: 0,
        certainty: 'confirmed',
        basis: 'affected-statement',
        why: 'gateway 3.1 is in [3.0, 3.4.2) of Acme Gateway per cve5 cna (statement 1)',
        matches: [
          {
            basis: 'affected-statement',
            statement: 0,
            source: 'cve5',
            detail: 'cna',
            certainty: 'confirmed',
            by: 'cpe',
            asset: cpe('a', 'acme', 'gateway', '3.1'),
            version: { version: '3.1', scheme: 'generic' },
            range: { startIncluding: '3.0', endExcluding: '3.4.2' },
            why: 'gateway 3.1 is in [3.0, 3.4.2) of Acme Gateway per cve5 cna (statement 1)',
          },
        ],
      },
    ]);
  });

  it('takes a version pinned in the statement CPE name as affected, unless an unaffected range holds it', () => {
    const pinned = statementRecord('CVE-2024-0101', [
      statement({ vendor: 'Acme', product: 'Gateway', cpes: [cpe('a', 'acme', 'gateway', '3.1'), cpe('a', 'acme', 'gateway', '3.3.5')], unaffected: [{ startIncluding: '3.3' }] }),
    ]);
    const assets = ['3.1', '3.3.5', '3.1.0'].map((v, ref) => ({ ref, cpes: [cpe('a', 'acme', 'gateway', v)] }));
    const why = 'gateway 3.1 matches cpe:2.3:a:acme:gateway:3.1:…, affected per cve5 cna (statement 1)';
    expect(match(assets, [pinned]).findings).toEqual([
      statementFinding('CVE-2024-0101', {
        basis: 'affected-statement',
        statement: 0,
        source: 'cve5',
        detail: 'cna',
        certainty: 'confirmed',
        by: 'cpe',
        asset: cpe('a', 'acme', 'gateway', '3.1'),
        version: { version: '3.1', scheme: 'generic' },
        why,
      }),
    ]);
  });

  it('adds statements to NVD configurations: one finding, the configuration first', () => {
    const both = nvdRecord('CVE-2024-0100', [configuration('OR', [node('OR', [criterion(cpe('a', 'acme', 'gateway'), { endExcluding: '3.2' })])])], record.affected);
    const [finding] = findingsOf([cpe('a', 'acme', 'gateway', '3.1')], both);
    expect(finding?.basis).toBe('nvd-configuration');
    expect(finding?.matches.map((m) => [m.basis, m.why])).toEqual([
      ['nvd-configuration', 'gateway 3.1 is in (*, 3.2) of cpe:2.3:a:acme:gateway:*:… (configuration 1, node 1)'],
      ['affected-statement', 'gateway 3.1 is in [3.0, 3.4.2) of Acme Gateway per cve5 cna (statement 1)'],
    ]);
  });
});

describe('by vendor and product names', () => {
  const camera = statementRecord('CVE-2024-0200', [statement({ vendor: 'Acme Corp', product: 'Smart-Camera', defaultStatus: 'affected', affected: [] })]);

  it('matches names exactly after normalisation, every version when the default status is affected with no ranges', () => {
    const assets = [
      { ref: 0, cpes: [cpe('h', 'acme_corp', 'smart_camera', '-')] },
      { ref: 1, cpes: [cpe('o', 'acme_corp', 'smart_camera', '*')] },
    ];
    expect(match(assets, [camera]).findings.map((f) => [f.assetRef, f.why, (f.matches[0] as StatementMatch).by])).toEqual([
      [0, 'smart_camera: every version of Acme Corp Smart-Camera is affected per cve5 cna (statement 1)', 'name'],
      [1, 'smart_camera (version not stated): every version of Acme Corp Smart-Camera is affected per cve5 cna (statement 1)', 'name'],
    ]);
  });

  it('never matches a product that merely contains the name (a camera is not a camera app)', () => {
    const plain = statementRecord('CVE-2024-0201', [statement({ vendor: 'acme', product: 'camera', defaultStatus: 'affected' })]);
    expect(findingsOf([cpe('a', 'acme', 'camera_app', '1.0')], plain)).toEqual([]);
    expect(findingsOf([cpe('a', 'acme', 'camera', '1.0')], camera)).toEqual([]);
    expect(findingsOf([cpe('a', 'other', 'camera', '1.0')], plain)).toEqual([]);
  });

  it('does not fall back to names when the statement gives a CPE name or a purl', () => {
    const named = statementRecord('CVE-2024-0202', [statement({ vendor: 'acme', product: 'camera', cpes: [cpe('h', 'acme', 'cam_x1')], defaultStatus: 'affected' })]);
    expect(findingsOf([cpe('h', 'acme', 'camera', '-')], named)).toEqual([]);
  });

  it('takes nothing from a default status unknown with no ranges', () => {
    expect(findingsOf([cpe('a', 'acme', 'camera', '1.0')], statementRecord('CVE-2024-0203', [statement({ vendor: 'acme', product: 'camera' })]))).toEqual([]);
  });
});

describe('versions given only as text', () => {
  const jvn = statementRecord('CVE-2024-0300', [statement({ vendor: 'Acme', product: 'Router', versionText: ['firmware versions prior to Ver.1.0.8 (Japanese model)'] }, 'jvn', 'JVNDB-2024-000300')]);

  it('gives a needs-review finding when the product matches and its version is known', () => {
    const why = 'router 1.0.7: jvn JVNDB-2024-000300 gives the versions of Acme Router only as text ("firmware versions prior to Ver.1.0.8 (Japanese model)"), a person must read it (statement 1)';
    expect(findingsOf([cpe('o', 'acme', 'router', '1.0.7')], jvn)).toEqual([
      statementFinding('CVE-2024-0300', {
        basis: 'affected-statement',
        statement: 0,
        source: 'jvn',
        detail: 'JVNDB-2024-000300',
        certainty: 'needs-review',
        by: 'name',
        asset: cpe('o', 'acme', 'router', '1.0.7'),
        version: { version: '1.0.7', scheme: 'generic' },
        why,
      }),
    ]);
    expect(findingsOf([cpe('o', 'acme', 'router', '*')], jvn)).toEqual([]);
  });

  it('reports an undecidable statement range as undecided', () => {
    const record = statementRecord('CVE-2024-0301', [statement({ vendor: 'acme', product: 'router', affected: [{ endExcluding: '2.0' }] })]);
    expect(match([{ ref: 0, cpes: [cpe('o', 'acme', 'router', '1..0')] }], [record])).toEqual({
      findings: [],
      undecided: [
        {
          recordId: 'CVE-2024-0301',
          assetRef: 0,
          comparisons: [
            {
              basis: 'affected-statement',
              at: 0,
              asset: cpe('o', 'acme', 'router', '1..0'),
              version: '1..0',
              scheme: 'generic',
              range: { endExcluding: '2.0' },
              reason: 'the generic scheme cannot compare 1..0 with (*, 2.0)',
            },
          ],
        },
      ],
    });
  });
});
