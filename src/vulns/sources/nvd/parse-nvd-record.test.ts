/**
 * NVD CVE API 2.0 records from the shared fixtures read into whole expected `NvdFacts`, and real
 * records broken one field at a time, each refused with the path of that field.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeExternal, missingFixtures, sharedFixture } from '../../../testing/external.js';
import type { NvdFacts } from '../../record.js';
import { parseNvdRecord } from './parse-nvd-record.js';

type Json = Record<string, unknown>;
const load = (...parts: string[]): Json => JSON.parse(readFileSync(sharedFixture('vuln', ...parts), 'utf8')) as Json;
/** The one item of an osv.dev single-record page. */
const osvItem = (id: string): Json => (load('nvd-configurations', 'osv-nvdcve-2.0', `${id}.json`).vulnerabilities as Json[])[0] as Json;

function facts(json: unknown): NvdFacts {
  const r = parseNvdRecord(json);
  if (!r.ok) throw r.error;
  return r.value;
}

const nvd = (vector: string, baseScore: number, version: '2.0' | '3.0' | '3.1' | '4.0' = '3.1') => ({ version, vector, baseScore, scoredBy: 'nvd@nist.gov', type: 'Primary' });
const node = (...cpeMatch: object[]) => ({ operator: 'OR', negate: false, cpeMatch });
const or = (...cpeMatch: object[]) => ({ operator: 'OR', negate: false, nodes: [node(...cpeMatch)] });

describeExternal('nvd/parseNvdRecord: shared NVD fixtures', missingFixtures(), () => {
  it('reads CVE-2023-24256: vulnerable firmware AND the hardware it runs on', () => {
    expect(facts(osvItem('CVE-2023-24256'))).toStrictEqual({
      id: 'CVE-2023-24256',
      published: '2023-07-06T02:15:09.357',
      lastModified: '2023-07-12T13:52:17.237',
      vulnStatus: 'Analyzed',
      description: 'An issue in the com.nextev.datastatistic component of NIO EC6 Aspen before v3.3.0 allows attackers to escalate privileges via path traversal.',
      cvss: [nvd('CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8)],
      cwes: ['CWE-22'],
      configurations: [
        {
          operator: 'AND',
          negate: false,
          nodes: [
            node({ criteria: 'cpe:2.3:o:nio:aspen:*:*:*:*:*:*:*:*', vulnerable: true, endExcluding: '3.3.0', matchCriteriaId: 'ED1710E5-777B-4A84-B01A-7C10D218C249' }),
            node({ criteria: 'cpe:2.3:h:nio:ec6:-:*:*:*:*:*:*:*', vulnerable: false, matchCriteriaId: '3049828B-B772-4371-972A-E35267BE14F5' }),
          ],
        },
      ],
      references: ['https://github.com/hhj4ck/JailBreakEC6/blob/main/BugReport.md'],
    });
  });

  it('reads CVE-2020-13595: an application AND the chip it runs on, scored in CVSS 3.1 and 2.0', () => {
    expect(facts(osvItem('CVE-2020-13595'))).toStrictEqual({
      id: 'CVE-2020-13595',
      published: '2020-08-31T15:15:10.680',
      lastModified: '2020-09-08T21:09:33.517',
      vulnStatus: 'Analyzed',
      description:
        "The Bluetooth Low Energy (BLE) controller implementation in Espressif ESP-IDF 4.0 through 4.2 (for ESP32 devices) returns the wrong number of completed BLE packets and triggers a reachable assertion on the host stack when receiving a packet with an MIC failure. An attacker within radio range can silently trigger the assertion (which disables the target's BLE stack) by sending a crafted sequence of BLE packets.",
      cvss: [nvd('CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 6.5), nvd('AV:A/AC:L/Au:N/C:N/I:N/A:P', 3.3, '2.0')],
      cwes: ['CWE-617'],
      configurations: [
        {
          operator: 'AND',
          negate: false,
          nodes: [
            node({ criteria: 'cpe:2.3:a:espressif:esp-idf:*:*:*:*:*:*:*:*', vulnerable: true, startIncluding: '4.0.0', endIncluding: '4.2', matchCriteriaId: 'F8034F36-3371-4111-AE71-573B85934B20' }),
            node({ criteria: 'cpe:2.3:h:espressif:esp32:-:*:*:*:*:*:*:*', vulnerable: false, matchCriteriaId: 'D1024B06-380B-4116-B7F9-A21A03534B0C' }),
          ],
        },
      ],
      references: ['https://asset-group.github.io/cves.html', 'https://asset-group.github.io/disclosures/sweyntooth/', 'https://github.com/espressif/esp32-bt-lib'],
    });
  });

  it('reads CVE-2023-4863: six single-node configurations without operator read as OR, and the KEV fields', () => {
    const f = facts(osvItem('CVE-2023-4863'));
    const m = (criteria: string, matchCriteriaId: string, bounds: object = {}) => ({ criteria, vulnerable: true, ...bounds, matchCriteriaId });
    expect(f.configurations).toStrictEqual([
      or(m('cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*', '856C1821-5D22-4A4E-859D-8F5305255AB7', { endExcluding: '116.0.5845.187' })),
      or(
        m('cpe:2.3:o:fedoraproject:fedora:37:*:*:*:*:*:*:*', 'E30D0E6F-4AE8-4284-8716-991DFA48CC5D'),
        m('cpe:2.3:o:fedoraproject:fedora:38:*:*:*:*:*:*:*', 'CC559B26-5DFC-4B7A-A27C-B77DE755DFF9'),
        m('cpe:2.3:o:fedoraproject:fedora:39:*:*:*:*:*:*:*', 'B8EDB836-4E6A-4B71-B9B2-AA3E03E0F646'),
      ),
      or(
        m('cpe:2.3:o:debian:debian_linux:10.0:*:*:*:*:*:*:*', '07B237A9-69A3-4A9C-9DA0-4E06BD37AE73'),
        m('cpe:2.3:o:debian:debian_linux:11.0:*:*:*:*:*:*:*', 'FA6FEEC2-9F11-4643-8827-749718254FED'),
        m('cpe:2.3:o:debian:debian_linux:12.0:*:*:*:*:*:*:*', '46D69DCC-AE4D-4EA5-861C-D60951444C6C'),
      ),
      or(
        m('cpe:2.3:a:mozilla:firefox:*:*:*:*:*:*:*:*', '54A821DA-91BA-454E-BC32-2152CD7989AE', { endExcluding: '117.0.1' }),
        m('cpe:2.3:a:mozilla:firefox_esr:*:*:*:*:*:*:*:*', 'F5CB1076-9147-44A4-B32F-86841DEB85DA', { endExcluding: '102.15.1' }),
        m('cpe:2.3:a:mozilla:firefox_esr:*:*:*:*:*:*:*:*', 'D288632E-E2D5-4319-BE74-882D71D699C2', { startIncluding: '115.0', endExcluding: '115.2.1' }),
        m('cpe:2.3:a:mozilla:thunderbird:*:*:*:*:*:*:*:*', 'A073724D-52BD-4426-B58D-7A8BD24B8F8E', { endExcluding: '102.15.1' }),
        m('cpe:2.3:a:mozilla:thunderbird:*:*:*:*:*:*:*:*', '952BEC0C-2DB0-476A-AF62-1269F8635B4A', { startIncluding: '115.0', endExcluding: '115.2.2' }),
      ),
      or(m('cpe:2.3:a:microsoft:edge:*:*:*:*:*:*:*:*', '49AFFE24-5E30-46A4-A3AE-13D8EB15DE91', { endExcluding: '117.0.2045.31' })),
      or(m('cpe:2.3:a:webmproject:libwebp:*:*:*:*:*:*:*:*', '2804DDE4-B0A4-4B7F-A318-F491B6316B34', { endExcluding: '1.3.2' })),
    ]);
    expect({ ...f, configurations: undefined, references: f.references.length }).toStrictEqual({
      id: 'CVE-2023-4863',
      published: '2023-09-12T15:15:24.327',
      lastModified: '2023-10-28T19:15:38.643',
      vulnStatus: 'Modified',
      description:
        'Heap buffer overflow in libwebp in Google Chrome prior to 116.0.5845.187 and libwebp 1.3.2 allowed a remote attacker to perform an out of bounds memory write via a crafted HTML page. (Chromium security severity: Critical)',
      cvss: [nvd('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8)],
      cwes: ['CWE-787'],
      configurations: undefined,
      references: 44,
      cisa: {
        exploitAdd: '2023-09-13',
        actionDue: '2023-10-04',
        requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
        vulnerabilityName: 'Google Chromium WebP Heap-Based Buffer Overflow Vulnerability',
      },
    });
    expect(f.references.at(-1)).toBe('https://www.mozilla.org/en-US/security/advisories/mfsa2023-40/');
  });

  it('reads CVE-2024-23113 (FortiOS): KEV fields, CVSS 3.1 from NVD and from Fortinet, English description of two', () => {
    const fortinet = (product: string, version: string, bounds: object, matchCriteriaId: string) => ({
      criteria: `cpe:2.3:${product}:${version}:*:*:*:*:*:*:*`,
      vulnerable: true,
      ...bounds,
      matchCriteriaId,
    });
    const range = (start: string, end: string) => ({ startIncluding: start, endIncluding: end });
    const v31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
    expect(facts(load('nvd', 'cve-2024-23113.json'))).toStrictEqual({
      id: 'CVE-2024-23113',
      published: '2024-02-15T14:15:46.503',
      lastModified: '2024-10-10T01:00:01.433',
      vulnStatus: 'Analyzed',
      description:
        'A use of externally-controlled format string in Fortinet FortiOS versions 7.4.0 through 7.4.2, 7.2.0 through 7.2.6, 7.0.0 through 7.0.13, FortiProxy versions 7.4.0 through 7.4.2, 7.2.0 through 7.2.8, 7.0.0 through 7.0.14, FortiPAM versions 1.2.0, 1.1.0 through 1.1.2, 1.0.0 through 1.0.3, FortiSwitchManager versions 7.2.0 through 7.2.3, 7.0.0 through 7.0.3 allows attacker to execute unauthorized code or commands via specially crafted packets.',
      cvss: [nvd(v31, 9.8), { version: '3.1', vector: v31, baseScore: 9.8, scoredBy: 'psirt@fortinet.com', type: 'Secondary' }],
      cwes: ['CWE-134'],
      configurations: [
        or(
          fortinet('a:fortinet:fortiproxy', '*', range('7.0.0', '7.0.14'), '94C6FBEA-B8B8-4A92-9CAF-F4A125577C3C'),
          fortinet('a:fortinet:fortiproxy', '*', range('7.2.0', '7.2.8'), '406F8C48-85CE-46AF-BE5C-0ED9E3E16A39'),
          fortinet('a:fortinet:fortiproxy', '*', range('7.4.0', '7.4.2'), 'A8DD8789-6485-49E6-92D3-74004D9B6E9B'),
          fortinet('a:fortinet:fortiswitchmanager', '*', range('7.0.0', '7.0.3'), 'CF2B9FD3-9581-465E-A5E1-A1BCEFB0DFA3'),
          fortinet('a:fortinet:fortiswitchmanager', '*', range('7.2.0', '7.2.3'), '094185B2-8DC1-46C2-B160-31BEEFDB2CC7'),
          fortinet('o:fortinet:fortios', '*', range('7.0.0', '7.0.13'), 'DF27CA2F-3F4C-4CCB-B832-0E792673C429'),
          fortinet('o:fortinet:fortios', '*', range('7.2.0', '7.2.6'), '24D09A92-81EC-4003-B017-C67FC739EEBF'),
          fortinet('o:fortinet:fortios', '*', range('7.4.0', '7.4.2'), '49C323D0-5B01-4DB2-AB98-7113D8E607B6'),
          fortinet('o:fortinet:fortipam', '*', range('1.0.0', '1.0.3'), '3BA2C6ED-2765-4B56-9B37-10C50BD32C75'),
          fortinet('o:fortinet:fortipam', '*', range('1.1.0', '1.1.2'), 'D0060F1F-527F-4E91-A59F-F3141977CB7A'),
          fortinet('o:fortinet:fortipam', '1.2.0', {}, '6D0927D1-F469-4344-B4C9-3190645F5899'),
        ),
      ],
      references: ['https://fortiguard.com/psirt/FG-IR-24-029'],
      cisa: {
        exploitAdd: '2024-10-09',
        actionDue: '2024-10-30',
        requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
        vulnerabilityName: 'Fortinet Multiple Products Format String Vulnerability',
      },
    });
  });

  it('reads the CVSS v4.0 record (CVE-2017-5638 as Dependency-Track wrote it)', () => {
    const struts = (version: string, matchCriteriaId: string) => ({ criteria: `cpe:2.3:a:apache:struts:${version}:*:*:*:*:*:*:*`, vulnerable: true, matchCriteriaId });
    expect(facts(load('nvd', 'CVE-2017-5638-cvssv4-rating.json'))).toStrictEqual({
      id: 'CVE-2017-5638',
      published: '2017-03-11T02:59:00.150',
      lastModified: '2021-02-24T12:15:16.283',
      vulnStatus: 'Modified',
      description:
        'The Jakarta Multipart parser in Apache Struts 2 2.3.x before 2.3.32 and 2.5.x before 2.5.10.1 has incorrect exception handling and error-message generation during file-upload attempts, which allows remote attackers to execute arbitrary commands via a crafted Content-Type, Content-Disposition, or Content-Length HTTP header, as exploited in the wild in March 2017 with a Content-Type header containing a #cmd= string.',
      cvss: [nvd('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10, '4.0')],
      cwes: ['CWE-20'],
      configurations: [
        or(struts('2.3.5', '84408BC6-E785-4874-9409-AC02AF0A7897'), struts('2.3.6', '79E08D3E-9F86-4E9D-B1BF-EBEA8AB3BEE3')),
        or(struts('2.5', '63CE1226-E0E6-4DC6-AC89-3FFDE6BD7B77'), struts('2.5.1', 'A4F914BA-CF16-4B03-A6A2-8C9816EC1248')),
      ],
      references: ['http://blog.talosintelligence.com/2017/03/apache-0-day-exploited.html'],
      cisa: {
        exploitAdd: '2021-11-03',
        actionDue: '2022-05-03',
        requiredAction: 'Apply updates per vendor instructions.',
        vulnerabilityName: 'Apache Struts Remote Code Execution Vulnerability',
      },
    });
  });

  it('reads the bare cve object as well as the { cve } item', () => {
    const item = load('nvd', 'cve.json');
    expect(facts(item.cve)).toStrictEqual(facts(item));
  });

  it('leaves out NVD-CWE-noinfo and NVD-CWE-Other, which are not CWE ids', () => {
    const item = load('nvd', 'cve.json');
    const cve = item.cve as Json;
    const weaknesses = [
      {
        source: 'nvd@nist.gov',
        type: 'Primary',
        description: [
          { lang: 'en', value: 'NVD-CWE-noinfo' },
          { lang: 'en', value: 'CWE-352' },
        ],
      },
      { source: 'x', type: 'Secondary', description: [{ lang: 'en', value: 'NVD-CWE-Other' }] },
    ];
    expect(facts({ cve: { ...cve, weaknesses } }).cwes).toEqual(['CWE-352']);
  });
});

/** A copy of the FortiOS item with `edit` applied to its `cve` object. */
function broken(edit: (cve: Json) => void): Json {
  const item = load('nvd', 'cve-2024-23113.json');
  edit(item.cve as Json);
  return item;
}
const firstMatch = (cve: Json): Json => ((((cve.configurations as Json[])[0] as Json).nodes as Json[])[0] as Json).cpeMatch as unknown as Json;

describeExternal('nvd/parseNvdRecord: refused records', missingFixtures(), () => {
  const cases: readonly (readonly [string, (cve: Json) => void, string, string | RegExp])[] = [
    // A formatted string quotes only punctuation (NISTIR 7695 §6.2.2.1 grammar): `\o` is no escape.
    [
      'a criteria escape that NISTIR 7695 refuses',
      (c) => ((firstMatch(c) as unknown as Json[])[3] = { vulnerable: true, criteria: 'cpe:2.3:a:fo\\o:bar:*:*:*:*:*:*:*:*' }),
      'cve.configurations[0].nodes[0].cpeMatch[3].criteria',
      /\\o is no valid escape/,
    ],
    ['a CVSS base score of 11', (c) => (((((c.metrics as Json).cvssMetricV31 as Json[])[1] as Json).cvssData as Json).baseScore = 11), 'cve.metrics.cvssMetricV31[1].cvssData.baseScore', /0 to 10/],
    [
      'a vector of another CVSS version',
      (c) => (((((c.metrics as Json).cvssMetricV31 as Json[])[0] as Json).cvssData as Json).vectorString = 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'),
      'cve.metrics.cvssMetricV31[0].cvssData.vectorString',
      /CVSS:3\.1\//,
    ],
    [
      'a vector without base metric S',
      (c) => (((((c.metrics as Json).cvssMetricV31 as Json[])[0] as Json).cvssData as Json).vectorString = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H'),
      'cve.metrics.cvssMetricV31[0].cvssData.vectorString',
      /base metric S missing/,
    ],
    ['a configuration operator XOR', (c) => (((c.configurations as Json[])[0] as Json).operator = 'XOR'), 'cve.configurations[0].operator', /AND, OR/],
    ['a node without operator', (c) => delete (((c.configurations as Json[])[0] as Json).nodes as Json[])[0]?.operator, 'cve.configurations[0].nodes[0].operator', /missing/],
    ['a configuration without nodes', (c) => (((c.configurations as Json[])[0] as Json).nodes = []), 'cve.configurations[0].nodes', /at least 1/],
    ['a numeric version bound', (c) => (((firstMatch(c) as unknown as Json[])[0] as Json).versionEndIncluding = 7.014), 'cve.configurations[0].nodes[0].cpeMatch[0].versionEndIncluding', /string/],
    [
      'two start bounds',
      (c) => (((firstMatch(c) as unknown as Json[])[0] as Json).versionStartExcluding = '6.9'),
      'cve.configurations[0].nodes[0].cpeMatch[0].versionStartExcluding',
      /one start bound/,
    ],
    ['vulnerable written as a string', (c) => (((firstMatch(c) as unknown as Json[])[0] as Json).vulnerable = 'true'), 'cve.configurations[0].nodes[0].cpeMatch[0].vulnerable', /true or false/],
    ['a published date of 30 February', (c) => (c.published = '2024-02-30T14:15:46.503'), 'cve.published', /ISO 8601/],
    ['a KEV entry without its due date', (c) => delete c.cisaActionDue, 'cve.cisaActionDue', /missing/],
    ['a reference without url', (c) => ((c.references as Json[])[0] = { source: 'x' }), 'cve.references[0].url', /missing/],
    ['no description', (c) => (c.descriptions = []), 'cve.descriptions', /at least 1/],
  ];
  for (const [what, edit, path, message] of cases) {
    it(`refuses ${what}, naming ${path}`, () => {
      const r = parseNvdRecord(broken(edit));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('SAKIMORI_ERR_VULN_RECORD_MALFORMED');
      expect(r.error.details).toEqual({ source: 'nvd', record: 'CVE-2024-23113', path });
      expect(r.error.message).toContain(`nvd record CVE-2024-23113: ${path}: `);
      expect(r.error.message).toMatch(message);
    });
  }

  it('names the record by its place when the id is missing or not a CVE id', () => {
    for (const id of [undefined, 'cve-2024-23113', 'CVE-24-1']) {
      const r = parseNvdRecord(
        broken((c) => (c.id = id)),
        { page: 2000, index: 7 },
      );
      expect(r.ok ? undefined : r.error.details).toEqual({ source: 'nvd', record: 7, path: 'cve.id', page: 2000 });
    }
    const r = parseNvdRecord('not a record');
    expect(r.ok ? undefined : r.error.details).toEqual({ source: 'nvd', record: null, path: 'cve' });
  });
});
