import { describe, expect, it } from 'vitest';
import { isSuperset, parseCpe } from '../cpe/index.js';
import type { VersionRange } from '../record.js';
import type { Finding } from './finding.js';
import { findingsOf, match } from './testing/match.js';
import { configuration, cpe, criterion, node, nvdRecord } from './testing/records.js';

const FORTIOS = cpe('o', 'fortinet', 'fortios');
const FORTIOS_724 = cpe('o', 'fortinet', 'fortios', '7.2.4');

/** The finding of one asset (ref 0) through one criterion (configuration 1, node 1, criterion 1) with bounds. */
function boundedFinding(id: string, criteria: string, range: VersionRange, asset: string, version: string, why: string): Finding {
  const match = {
    basis: 'nvd-configuration' as const,
    configuration: 0,
    certainty: 'confirmed' as const,
    matched: [{ node: 0, index: 0, criterion: { criteria, vulnerable: true, ...range }, cpe: asset, version: { version, scheme: 'generic' as const } }],
    platforms: [],
    unstatedNodes: [],
    why,
  };
  return { recordId: id as Finding['recordId'], assetRef: 0, certainty: 'confirmed', basis: 'nvd-configuration', why, matches: [match] };
}

describe('version bounds', () => {
  it('finds an asset whose version is inside the bounds of a vulnerable criterion', () => {
    const record = nvdRecord('CVE-2023-27997', [configuration('OR', [node('OR', [criterion(FORTIOS, { startIncluding: '7.2.0', endExcluding: '7.2.5' })])])]);
    const why = 'fortios 7.2.4 is in [7.2.0, 7.2.5) of cpe:2.3:o:fortinet:fortios:*:… (configuration 1, node 1)';
    expect(findingsOf([FORTIOS_724], record)).toEqual([boundedFinding('CVE-2023-27997', FORTIOS, { startIncluding: '7.2.0', endExcluding: '7.2.5' }, FORTIOS_724, '7.2.4', why)]);
    expect(findingsOf([cpe('o', 'fortinet', 'fortios', '7.2.5')], record)).toEqual([]);
    expect(findingsOf([cpe('o', 'fortinet', 'fortios', '7.0.12')], record)).toEqual([]);
  });

  it.each<[string, VersionRange, string, string | undefined]>([
    ['startIncluding holds its bound', { startIncluding: '2.0' }, '2.0', '[2.0, *)'],
    ['startIncluding refuses below', { startIncluding: '2.0' }, '1.9.9', undefined],
    ['startExcluding refuses its bound', { startExcluding: '2.0' }, '2.0', undefined],
    ['startExcluding holds above', { startExcluding: '2.0' }, '2.0.1', '(2.0, *)'],
    ['endIncluding holds its bound', { endIncluding: '2.17.1' }, '2.17.1', '(*, 2.17.1]'],
    ['endIncluding refuses above', { endIncluding: '2.17.1' }, '2.17.2', undefined],
    ['endExcluding refuses its bound', { endExcluding: '2.17.1' }, '2.17.1', undefined],
    ['endExcluding holds below (numbers, not text: 2.9 < 2.17)', { endExcluding: '2.17.1' }, '2.9', '(*, 2.17.1)'],
  ])('%s', (_, range, version, interval) => {
    const criteria = cpe('a', 'apache', 'log4j');
    const asset = cpe('a', 'apache', 'log4j', version);
    const why = `log4j ${version} is in ${interval} of cpe:2.3:a:apache:log4j:*:… (configuration 1, node 1)`;
    const expected = interval === undefined ? [] : [boundedFinding('CVE-2021-44228', criteria, range, asset, version, why)];
    expect(findingsOf([asset], nvdRecord('CVE-2021-44228', [configuration('OR', [node('OR', [criterion(criteria, range)])])]))).toEqual(expected);
  });

  it('never finds an asset whose version is ANY or NA against bounds or a specific version: not knowing is no finding', () => {
    const bounded = nvdRecord('CVE-2023-27997', [configuration('OR', [node('OR', [criterion(FORTIOS, { endExcluding: '7.2.5' })])])]);
    const exact = nvdRecord('CVE-2022-0001', [configuration('OR', [node('OR', [criterion(cpe('o', 'fortinet', 'fortios', '7.2.4'))])])]);
    for (const version of ['*', '-']) expect(findingsOf([cpe('o', 'fortinet', 'fortios', version)], bounded, exact)).toEqual([]);
  });

  it('finds an asset of any version, known or not, against a criterion of every version', () => {
    const every = nvdRecord('CVE-2022-0002', [configuration('OR', [node('OR', [criterion(FORTIOS)])])]);
    const [unknown] = findingsOf([FORTIOS], every);
    expect(unknown?.why).toBe('fortios (version not stated) matches cpe:2.3:o:fortinet:fortios:*:… (configuration 1, node 1)');
    expect(unknown?.matches).toEqual([
      {
        basis: 'nvd-configuration',
        configuration: 0,
        certainty: 'confirmed',
        matched: [{ node: 0, index: 0, criterion: criterion(FORTIOS), cpe: FORTIOS }],
        platforms: [],
        unstatedNodes: [],
        why: unknown?.why,
      },
    ]);
    expect(findingsOf([FORTIOS_724], every).map((f) => f.why)).toEqual(['fortios 7.2.4 matches cpe:2.3:o:fortinet:fortios:*:… (configuration 1, node 1)']);
  });

  it('reports a version the scheme cannot order as undecided, not as a finding', () => {
    const windows = cpe('o', 'microsoft', 'windows_server_2022');
    const record = nvdRecord('CVE-2024-21338', [configuration('OR', [node('OR', [criterion(windows, { endExcluding: '10.0.20348.2322' })])])]);
    const asset = cpe('o', 'microsoft', 'windows_server_2022', '10.0.20348..2762');
    expect(match([{ ref: 0, cpes: [asset] }], [record])).toEqual({
      findings: [],
      undecided: [
        {
          recordId: 'CVE-2024-21338',
          assetRef: 0,
          comparisons: [
            {
              basis: 'nvd-configuration',
              at: 0,
              node: 0,
              index: 0,
              asset,
              version: '10.0.20348..2762',
              scheme: 'generic',
              range: { endExcluding: '10.0.20348.2322' },
              reason: 'the generic scheme cannot compare 10.0.20348..2762 with (*, 10.0.20348.2322)',
            },
          ],
        },
      ],
    });
  });

  it('lets another criterion decide when one comparison is undecided (three-valued OR)', () => {
    const product = cpe('a', 'acme', 'gateway');
    const record = nvdRecord('CVE-2024-0003', [configuration('OR', [node('OR', [criterion(product, { endExcluding: '1..0' }), criterion(product, { endExcluding: '3.0' })])])]);
    const { findings, undecided } = match([{ ref: 0, cpes: [cpe('a', 'acme', 'gateway', '2.0')] }], [record]);
    expect(findings.map((f) => f.why)).toEqual(['gateway 2.0 is in (*, 3.0) of cpe:2.3:a:acme:gateway:*:… (configuration 1, node 1)']);
    expect(undecided).toEqual([]);
  });
});

describe('names (NISTIR 7696, criterion as source)', () => {
  const SP1 = nvdRecord('CVE-2010-0001', [configuration('OR', [node('OR', [criterion(cpe('o', 'microsoft', 'windows_7', '-', 'sp1'))])])]);
  const ANY_UPDATE = nvdRecord('CVE-2010-0002', [configuration('OR', [node('OR', [criterion(cpe('a', 'vendor', 'server', '7.0'))])])]);

  it('needs the update the criterion names: sp1 is not sp2, and an unstated update is not sp1', () => {
    expect(findingsOf([cpe('o', 'microsoft', 'windows_7', '-', 'sp1')], SP1).map((f) => f.why)).toEqual(['windows_7 matches cpe:2.3:o:microsoft:windows_7:-:sp1:… (configuration 1, node 1)']);
    expect(findingsOf([cpe('o', 'microsoft', 'windows_7', '-', 'sp2')], SP1)).toEqual([]);
    expect(findingsOf([cpe('o', 'microsoft', 'windows_7', '-', '*')], SP1)).toEqual([]);
  });

  it('lets a criterion with update ANY cover every update of its version, and needs the edition it names', () => {
    expect(findingsOf([cpe('a', 'vendor', 'server', '7.0', 'sp2')], ANY_UPDATE).map((f) => f.why)).toEqual(['server 7.0 matches cpe:2.3:a:vendor:server:7.0:… (configuration 1, node 1)']);
    expect(findingsOf([cpe('a', 'vendor', 'server', '7.0', 'sp2', 'enterprise')], ANY_UPDATE)).toHaveLength(1);
    const enterprise = nvdRecord('CVE-2010-0003', [configuration('OR', [node('OR', [criterion(cpe('a', 'vendor', 'server', '7.0', '*', 'enterprise'))])])]);
    expect(findingsOf([cpe('a', 'vendor', 'server', '7.0', 'sp2', 'standard')], enterprise)).toEqual([]);
    expect(findingsOf([cpe('a', 'vendor', 'server', '7.0', 'sp2')], enterprise)).toEqual([]);
    expect(findingsOf([cpe('a', 'vendor', 'server', '7.1', 'sp2')], ANY_UPDATE)).toEqual([]);
  });

  it('needs the target software a criterion names (a WordPress plugin is not its Joomla namesake)', () => {
    const plugin = cpe('a', 'wpdeveloper', 'essential_addons', '*', '*', '*', '*', '*', 'wordpress');
    const record = nvdRecord('CVE-2023-32243', [configuration('OR', [node('OR', [criterion(plugin, { startIncluding: '5.4.0', endExcluding: '5.7.2' })])])]);
    expect(findingsOf([cpe('a', 'wpdeveloper', 'essential_addons', '5.7.1', '*', '*', '*', '*', 'wordpress')], record).map((f) => f.why)).toEqual([
      'essential_addons 5.7.1 is in [5.4.0, 5.7.2) of cpe:2.3:a:wpdeveloper:essential_addons:*:*:*:*:*:wordpress:… (configuration 1, node 1)',
    ]);
    expect(findingsOf([cpe('a', 'wpdeveloper', 'essential_addons', '5.7.1', '*', '*', '*', '*', 'joomla')], record)).toEqual([]);
    expect(findingsOf([cpe('a', 'wpdeveloper', 'essential_addons', '5.7.1')], record)).toEqual([]);
  });

  it('reads a version without wildcards as exactly that version, where the published compareStrings would not', () => {
    const criteria = cpe('a', 'apache', 'http_server', '2.4.1');
    const longer = cpe('a', 'apache', 'http_server', '2.4.15');
    const [source, target] = [parseCpe(criteria), parseCpe(longer)];
    // The transcription of NISTIR 7696 §6.1 counts the quoting backslashes of `2\.4\.1` as slack.
    expect(source.ok && target.ok && isSuperset(source.value, target.value)).toBe(true);
    const record = nvdRecord('CVE-2012-0001', [configuration('OR', [node('OR', [criterion(criteria)])])]);
    expect(findingsOf([longer], record)).toEqual([]);
    expect(findingsOf([cpe('a', 'Apache', 'HTTP_Server', '2.4.1')], record)).toHaveLength(1);
  });
});
