/**
 * CVE JSON 5.x records from the shared fixtures (osv.dev's test data and cvelistV5) read into whole
 * expected facts, and real records broken one field at a time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeExternal, missingFixtures, sharedFixture } from '../../../testing/external.js';
import type { AffectedProduct, Cve5Facts } from '../../record.js';
import { parseCve5Record } from './parse-cve5-record.js';

type Json = Record<string, unknown>;
const load = (folder: string, id: string): Json => JSON.parse(readFileSync(sharedFixture('vuln', 'cve5', folder, `${id}.json`), 'utf8')) as Json;

function facts(json: unknown): Cve5Facts {
  const r = parseCve5Record(json);
  if (!r.ok) throw r.error;
  return r.value;
}
const products = (f: Cve5Facts): AffectedProduct[] => f.affected.map((a) => a.product);
const exact = (v: string) => ({ startIncluding: v, endIncluding: v });
const redHat = (product: string, cpe: string, purl: string | undefined) => ({
  vendor: 'Red Hat',
  product,
  cpes: [cpe],
  ...(purl === undefined ? {} : { purl }),
  defaultStatus: 'unaffected',
  affected: [],
  unaffected: [],
});

describeExternal('cve5/parseCve5Record: shared CVE 5 fixtures', missingFixtures(), () => {
  it('reads every fixture record, each under the id of its file name', () => {
    const root = sharedFixture('vuln', 'cve5');
    const files = readdirSync(root).flatMap((d) => readdirSync(join(root, d)).map((f) => join(d, f)));
    expect(files.length).toBe(24);
    for (const file of files) {
      const r = parseCve5Record(JSON.parse(readFileSync(join(root, file), 'utf8')), { id: file.replace(/^.*\/|\.json$/g, '') });
      expect(r.ok ? r.value.state : r.error.message, file).toBe('PUBLISHED');
    }
  });

  it("unfolds Log4Shell's changes into three affected and three unaffected ranges, and keeps its odd limit as text", () => {
    const f = facts(load('osv-cvelistV5', 'CVE-2021-44228'));
    expect(f.affected).toStrictEqual([
      {
        container: 'cna',
        product: {
          vendor: 'Apache Software Foundation',
          product: 'Apache Log4j2',
          cpes: [],
          defaultStatus: 'unknown',
          affected: [
            { startIncluding: '2.0-beta9', endExcluding: '2.3.1' },
            { startIncluding: '2.4', endExcluding: '2.12.2' },
            { startIncluding: '2.13.0', endExcluding: '2.15.0' },
          ],
          // The last change makes 2.15.0 and later unaffected; "log4j-core*" ends in the schema's "*"
          // (arbitrarily large) after a product name instead of a version, so the range is read as open.
          unaffected: [{ startIncluding: '2.3.1', endExcluding: '2.4' }, { startIncluding: '2.12.2', endExcluding: '2.13.0' }, { startIncluding: '2.15.0' }],
          versionType: 'custom',
          versionText: [
            'affected: from 2.0-beta9 before log4j-core* (custom), then unaffected from 2.3.1, affected from 2.4, unaffected from 2.12.2, affected from 2.13.0, unaffected from 2.15.0 [upper limit "log4j-core*" ends in * but is not a dotted number before it; read as no upper limit]',
          ],
        },
      },
    ]);
    expect(f.cvss).toStrictEqual([{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', baseScore: 10, scoredBy: 'CISA-ADP' }]);
    expect(f.cwes).toEqual(['CWE-502', 'CWE-400', 'CWE-20']);
    // 53 CNA references with two repeated, and the CVE programme's ADP copy of the same 53.
    expect(f.references.length).toBe(51);
    expect({ datePublished: f.datePublished, dateUpdated: f.dateUpdated }).toEqual({ datePublished: '2021-12-10T00:00:00.000Z', dateUpdated: '2025-02-04T14:25:37.215Z' });
  });

  it('reads xz (CVE-2024-3094): the upstream package and six Red Hat products from the CNA, references from the CVE ADP', () => {
    const f = facts(load('osv-cvelistV5', 'CVE-2024-3094'));
    expect({ ...f, references: undefined }).toStrictEqual({
      id: 'CVE-2024-3094',
      state: 'PUBLISHED',
      datePublished: '2024-03-29T16:51:12.588Z',
      dateUpdated: '2025-11-20T07:17:48.594Z',
      description:
        'Malicious code was discovered in the upstream tarballs of xz, starting with version 5.6.0. \r\nThrough a series of complex obfuscations, the liblzma build process extracts a prebuilt object file from a disguised test file existing in the source code, which is then used to modify specific functions in the liblzma code. This results in a modified liblzma library that can be used by any software linked against this library, intercepting and modifying the data interaction with this library.',
      affected: [
        // Named by package only: no vendor. The collection URL is the repository itself, whose name is the package's.
        { vendor: '', product: 'xz', cpes: [], purl: 'pkg:github/tukaani-project/xz', defaultStatus: 'unaffected', affected: [exact('5.6.0'), exact('5.6.1')], unaffected: [] },
        redHat('Red Hat Enterprise Linux 10', 'cpe:2.3:o:redhat:enterprise_linux:10:*:*:*:*:*:*:*', 'pkg:rpm/redhat/xz'),
        redHat('Red Hat Enterprise Linux 6', 'cpe:2.3:o:redhat:enterprise_linux:6:*:*:*:*:*:*:*', 'pkg:rpm/redhat/xz'),
        redHat('Red Hat Enterprise Linux 7', 'cpe:2.3:o:redhat:enterprise_linux:7:*:*:*:*:*:*:*', 'pkg:rpm/redhat/xz'),
        redHat('Red Hat Enterprise Linux 8', 'cpe:2.3:o:redhat:enterprise_linux:8:*:*:*:*:*:*:*', 'pkg:rpm/redhat/xz'),
        redHat('Red Hat Enterprise Linux 9', 'cpe:2.3:o:redhat:enterprise_linux:9:*:*:*:*:*:*:*', 'pkg:rpm/redhat/xz'),
        // The JBoss collection URL is a download page, not a package collection: no purl.
        redHat('Red Hat JBoss Enterprise Application Platform 8', 'cpe:2.3:a:redhat:jboss_enterprise_application_platform:8:*:*:*:*:*:*:*', undefined),
      ].map((product) => ({ container: 'cna', product })),
      cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', baseScore: 10, scoredBy: 'redhat' }],
      cwes: ['CWE-506'],
      references: undefined,
    });
    expect(f.references.length).toBe(55);
    expect(f.references).toContain('https://www.openwall.com/lists/oss-security/2024/03/29/4');
    expect(facts(load('osv-cve5', 'CVE-2024-3094'))).toStrictEqual(f);
  });

  it('reads the Linux kernel CNA (CVE-2025-21631): commit ranges in one product, release branches up to "5.15.*" in the other', () => {
    const [commits, releases] = products(facts(load('osv-cvelistV5', 'CVE-2025-21631')));
    expect(commits?.versionType).toBe('git');
    expect(commits?.affected.slice(0, 1)).toStrictEqual([{ startIncluding: '63a07379fdb6c72450cb05294461c6016b8b7726', endExcluding: 'f587c1ac68956c4703857d650d9b1cd7bb2ac4d7' }]);
    expect(commits?.affected.length).toBe(7);
    expect(releases).toStrictEqual({
      vendor: 'Linux',
      product: 'Linux',
      cpes: [],
      defaultStatus: 'affected',
      affected: [exact('6.12')],
      unaffected: [
        { endExcluding: '6.12' },
        // lessThanOrEqual "5.15.*": every 5.15.x from 5.15.177 on.
        { startIncluding: '5.15.177', endExcluding: '5.16' },
        { startIncluding: '6.1.125', endExcluding: '6.2' },
        { startIncluding: '6.6.72', endExcluding: '6.7' },
        { startIncluding: '6.12.10', endExcluding: '6.13' },
        // versionType "original_commit_for_fix", but 6.13 and "*" are plain numbers that order alike in every scheme.
        { startIncluding: '6.13' },
      ],
      versionType: 'semver',
    });
  });

  it('reads GitHub constraints written in version (urllib3, CVE-2023-45803)', () => {
    expect(products(facts(load('osv-cvelistV5', 'CVE-2023-45803')))).toStrictEqual([
      { vendor: 'urllib3', product: 'urllib3', cpes: [], defaultStatus: 'unknown', affected: [{ startIncluding: '2.0.0', endExcluding: '2.0.7' }, { endExcluding: '1.26.18' }], unaffected: [] },
    ]);
  });

  it('keeps a range with an "unspecified" limit as text and reads the open start of the other (smoothie, CVE-2022-25929)', () => {
    const f = facts(load('osv-cvelistV5', 'CVE-2022-25929'));
    expect(products(f)).toStrictEqual([
      {
        vendor: 'n/a',
        product: 'smoothie',
        cpes: [],
        defaultStatus: 'unknown',
        affected: [{ endExcluding: '1.36.1' }],
        unaffected: [],
        versionType: 'custom',
        versionText: ['affected: from 1.31.0 before unspecified (custom) [upper limit "unspecified" is not a version; the range is left to this text]'],
      },
    ]);
    // The CNA gives text only; the CWE id comes from the CISA ADP container.
    expect(f.cwes).toEqual(['CWE-79']);
    expect(f.cvss).toStrictEqual([{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N/E:P', baseScore: 5.4, scoredBy: 'snyk' }]);
  });

  it('reads CVSS 4.0 and a GitHub repository purl (protobuf, CVE-2025-4565); a PyPI project page without packageName gives none', () => {
    const f = facts(load('osv-cve5', 'CVE-2025-4565'));
    const ranges = [{ endExcluding: '4.25.8' }, { endExcluding: '5.29.5' }, { endExcluding: '6.31.1' }];
    const product = { vendor: 'protocolbuffers', product: 'Python-Protobuf', cpes: [], defaultStatus: 'unaffected', affected: ranges, unaffected: [], versionType: 'semver' };
    expect(products(f)).toStrictEqual([{ ...product, purl: 'pkg:github/protocolbuffers/protobuf' }, product]);
    expect(f.cvss).toStrictEqual([{ version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N', baseScore: 8.2, scoredBy: 'Google' }]);
  });

  it('reads single versions affected and unaffected, and CPE 2.2 names as 2.3 (libdwarf, CVE-2024-2002)', () => {
    expect(products(facts(load('osv-cve5', 'CVE-2024-2002')))).toStrictEqual([
      { vendor: '', product: 'libdwarf', cpes: [], defaultStatus: 'unaffected', affected: [exact('0.1.0')], unaffected: [exact('0.9.2')] },
      { ...redHat('Red Hat Enterprise Linux 7', 'cpe:2.3:o:redhat:enterprise_linux:7:*:*:*:*:*:*:*', 'pkg:rpm/redhat/libdwarf'), defaultStatus: 'unknown' },
      redHat('Red Hat Enterprise Linux 8', 'cpe:2.3:o:redhat:enterprise_linux:8:*:*:*:*:*:*:*', 'pkg:rpm/redhat/libdwarf'),
    ]);
  });

  it('keeps what is no version as text: "11 and 12", "4.x", "n/a"', () => {
    const text = (folder: string, id: string) => products(facts(load(folder, id))).map((p) => [p.affected, p.versionText]);
    expect(text('osv-cve5', 'CVE-2023-1055')).toEqual([[[], ['affected: 11 and 12']]]);
    expect(text('osv-cve5', 'CVE-2016-15012')).toEqual([[[], ['affected: 4.x']]]);
    expect(text('osv-cvelistV5', 'CVE-2023-38408')).toEqual([[[], ['affected: n/a']]]);
  });
});

/** The Log4Shell record with `edit` applied. */
function broken(edit: (record: Json, cna: Json) => void): Json {
  const record = load('osv-cvelistV5', 'CVE-2021-44228');
  edit(record, (record.containers as Json).cna as Json);
  return record;
}
const entry = (cna: Json): Json => (((cna.affected as Json[])[0] as Json).versions as Json[])[0] as Json;
const VERSIONS = 'containers.cna.affected[0].versions[0]';

describeExternal('cve5/parseCve5Record: refused records', missingFixtures(), () => {
  const cases: readonly (readonly [string, (record: Json, cna: Json) => void, string, RegExp])[] = [
    ['dataVersion 4.0', (r) => (r.dataVersion = '4.0'), 'dataVersion', /CVE JSON 5\.x/],
    ['dataVersion 5', (r) => (r.dataVersion = '5'), 'dataVersion', /found "5"/],
    ['another dataType', (r) => (r.dataType = 'CVE_RECORD_V4'), 'dataType', /CVE_RECORD/],
    ['state RESERVED', (r) => ((r.cveMetadata as Json).state = 'RESERVED'), 'cveMetadata.state', /PUBLISHED, REJECTED/],
    ['a version written as a number', (_, c) => (entry(c).version = 2.4), `${VERSIONS}.version`, /non-empty string/],
    ['an empty version', (_, c) => (entry(c).version = ''), `${VERSIONS}.version`, /empty string/],
    ['a range without versionType', (_, c) => delete entry(c).versionType, `${VERSIONS}.versionType`, /versionType/],
    ['lessThan and lessThanOrEqual both', (_, c) => (entry(c).lessThanOrEqual = '2.15.0'), `${VERSIONS}.lessThanOrEqual`, /not both/],
    ['changes without a range', (_, c) => delete entry(c).lessThan, `${VERSIONS}.changes`, /refine a range/],
    ['a status "vulnerable"', (_, c) => (entry(c).status = 'vulnerable'), `${VERSIONS}.status`, /affected, unaffected, unknown/],
    ['a change without at', (_, c) => delete ((entry(c).changes as Json[])[2] as Json).at, `${VERSIONS}.changes[2].at`, /missing/],
    ['a default status "fixed"', (_, c) => (((c.affected as Json[])[0] as Json).defaultStatus = 'fixed'), 'containers.cna.affected[0].defaultStatus', /affected, unaffected, unknown/],
    ['a product without names', (_, c) => delete ((c.affected as Json[])[0] as Json).vendor, 'containers.cna.affected[0]', /vendor and product, or by collectionURL and packageName/],
    ['a product with neither versions nor defaultStatus', (_, c) => delete ((c.affected as Json[])[0] as Json).versions, 'containers.cna.affected[0]', /versions or defaultStatus/],
    [
      'an ADP score of 11',
      (r) => (((((((r.containers as Json).adp as Json[])[1] as Json).metrics as Json[])[0] as Json).cvssV3_1 as Json).baseScore = 11),
      'containers.adp[1].metrics[0].cvssV3_1.baseScore',
      /0 to 10/,
    ],
    [
      'a CWE id in lower case',
      (_, c) => (((((c.problemTypes as Json[])[0] as Json).descriptions as Json[])[0] as Json).cweId = 'cwe-502'),
      'containers.cna.problemTypes[0].descriptions[0].cweId',
      /CWE-N/,
    ],
    ['no description', (_, c) => (c.descriptions = []), 'containers.cna.descriptions', /at least 1/],
    ['a container without orgId', (_, c) => delete (c.providerMetadata as Json).orgId, 'containers.cna.providerMetadata.orgId', /missing/],
    ['a reference without url', (_, c) => ((c.references as Json[])[0] = { name: 'x' }), 'containers.cna.references[0].url', /missing/],
    ['a CPE that is not a string', (_, c) => (((c.affected as Json[])[0] as Json).cpes = [42]), 'containers.cna.affected[0].cpes[0]', /string/],
  ];
  for (const [what, edit, path, message] of cases) {
    it(`refuses ${what}, naming ${path}`, () => {
      const r = parseCve5Record(broken(edit));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('SAKIMORI_ERR_VULN_RECORD_MALFORMED');
      expect(r.error.details).toEqual({ source: 'cve5', record: 'CVE-2021-44228', path });
      expect(r.error.message).toContain(`cve5 record CVE-2021-44228: ${path}: `);
      expect(r.error.message).toMatch(message);
    });
  }

  it('refuses a record that is not the one expected, and one without a CVE id', () => {
    const r = parseCve5Record(
      broken(() => undefined),
      { id: 'CVE-2021-45046' },
    );
    expect(r.ok ? undefined : r.error.details).toEqual({ source: 'cve5', record: 'CVE-2021-44228', path: 'cveMetadata.cveId' });
    expect(r.ok ? undefined : r.error.message).toMatch(/the record is CVE-2021-44228, not CVE-2021-45046/);
    const noId = parseCve5Record(broken((rec) => ((rec.cveMetadata as Json).cveId = 'CVE-21-44228')));
    expect(noId.ok ? undefined : noId.error.details).toEqual({ source: 'cve5', record: null, path: 'cveMetadata.cveId' });
    const notAnObject = parseCve5Record([]);
    expect(notAnObject.ok ? undefined : notAnObject.error.details).toEqual({ source: 'cve5', record: null, path: '$' });
  });

  it('accepts lessThan on an unaffected entry: the schema sets no status for ranges', () => {
    const f = facts(broken((_, c) => Object.assign(entry(c), { version: '2.17.1', status: 'unaffected', lessThan: '2.18', changes: undefined })));
    expect(products(f)[0]?.unaffected).toEqual([{ startIncluding: '2.17.1', endExcluding: '2.18' }]);
  });

  it('drops a CPE the CNA wrote wrongly and keeps its text, without losing the record', () => {
    const f = facts(broken((_, c) => (((c.affected as Json[])[0] as Json).cpes = ['cpe:2.3:a:apache:log\\4j:*:*:*:*:*:*:*:*', 'cpe:/a:apache:log4j:2.0'])));
    const p = products(f)[0];
    expect(p?.cpes).toEqual(['cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*']);
    expect(p?.versionText?.[0]).toMatch(/^CPE cpe:2\.3:a:apache:log\\4j:\*:\*:\*:\*:\*:\*:\*:\* \[dropped: malformed CPE name: product: \\4 is no valid escape/);
  });

  it('reads a REJECTED record: its reason, no products; a rejected record with products is refused', () => {
    const reject = (r: Json, c: Json) => {
      (r.cveMetadata as Json).state = 'REJECTED';
      (r.containers as Json).cna = {
        providerMetadata: c.providerMetadata,
        rejectedReasons: [
          { lang: 'es', value: 'Rechazado' },
          { lang: 'en-US', value: 'Duplicate of CVE-2021-45046.' },
        ],
      };
    };
    expect(facts(broken(reject))).toMatchObject({ state: 'REJECTED', description: 'Duplicate of CVE-2021-45046.', affected: [] });
    const r = parseCve5Record(
      broken((rec, c) => {
        reject(rec, c);
        ((rec.containers as Json).cna as Json).affected = c.affected;
      }),
    );
    expect(r.ok ? undefined : r.error.details).toEqual({ source: 'cve5', record: 'CVE-2021-44228', path: 'containers.cna.affected' });
  });
});
