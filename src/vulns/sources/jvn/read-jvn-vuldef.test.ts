/** MyJVN VULDEF detail: the shared fixtures whole, and bad entries written here. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../../core/errors.js';
import { describeExternal, missingFixtures, sharedFixture } from '../../../testing/external.js';
import type { VulnsResult } from '../../errors.js';
import type { JvnFacts } from '../../record.js';
import { type JvnDetail, readJvnRss, readJvnVuldef } from './index.js';

const fixture = (name: string): string => readFileSync(sharedFixture('vuln', 'jvn', name), 'utf8');

function value(r: VulnsResult<JvnDetail>): JvnDetail {
  if (!r.ok) throw r.error;
  return r.value;
}
function refusal(r: VulnsResult<JvnDetail>): string {
  if (r.ok) throw new Error(`accepted ${r.value.items.length} items`);
  expect(isSakimoriError(r.error, 'SAKIMORI_ERR_VULN_SOURCE_MALFORMED')).toBe(true);
  return r.error.message;
}

describeExternal('MyJVN VULDEF fixtures', missingFixtures(), () => {
  it('reads vuldef-0.xml: every field of its second entry, with the version text read into a range', () => {
    const detail = value(readJvnVuldef(fixture('vuldef-0.xml')));
    expect(detail.items.map((i) => i.id)).toEqual(['JVNDB-2018-000022', 'JVNDB-2018-000024']);
    expect(detail.skipped).toEqual([]);
    expect(detail.status).toEqual({ method: 'getVulnDetailInfo', retMax: 10, totalRes: 2, totalResRet: 2, firstRes: 1 });
    expect(detail.tlp).toBe('WHITE');
    expect(detail.items[1]).toEqual({
      id: 'JVNDB-2018-000024',
      title: 'CG-WGR1200 における複数の脆弱性',
      cves: ['CVE-2017-10852', 'CVE-2017-10853', 'CVE-2017-10854'],
      published: '2018-03-09T12:04:48+09:00',
      modified: '2018-03-09T12:04:48+09:00',
      description:
        '株式会社コレガが提供する CG-WGR1200 は無線 LAN ルータです。CG-WGR1200 には、次の複数の脆弱性が存在します。 ・バッファオーバーフロー (CWE-119) - CVE-2017-10852 ・OS コマンドインジェクション (CWE-78) - CVE-2017-10853 ・認証不備 (CWE-306) - CVE-2017-10854  この脆弱性情報は、情報セキュリティ早期警戒パートナーシップに基づき下記の方が IPA に報告し、JPCERT/CC が開発者との調整を行いました。 報告者: 三井物産セキュアディレクション株式会社 塚本 泰三 氏',
      affected: [
        {
          vendor: '株式会社コレガ',
          product: 'CG-WGR1200',
          cpes: ['cpe:2.3:h:corega:cg-wgr1200:*:*:*:*:*:*:*:*'],
          defaultStatus: 'unknown',
          affected: [{ endIncluding: '2.20' }],
          unaffected: [],
        },
      ],
      cvss: [
        { version: '2.0', vector: 'AV:A/AC:L/Au:N/C:P/I:P/A:P', baseScore: 5.8, scoredBy: 'JVNDB' },
        { version: '3.0', vector: 'CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 8.8, scoredBy: 'JVNDB' },
      ],
      references: [
        'http://corega.jp/support/security/20180309_wgr1200.htm',
        'https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2017-10852',
        'https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2017-10853',
        'https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2017-10854',
        'https://jvn.jp/jp/JVN15201064/index.html',
        'https://jvndb.jvn.jp/ja/cwe/CWE-78.html',
        'https://cwe.mitre.org/data/definitions/19.html',
        'https://jvndb.jvn.jp/ja/cwe/CWE-264.html',
      ],
    });
    expect(detail.items[0]?.affected[0]?.affected).toEqual([{ endExcluding: '3.4.6' }]);
  });

  it('reads vuldef-1.xml, a one-entry document', () => {
    const detail = value(readJvnVuldef(fixture('vuldef-1.xml')));
    expect(detail.items.map((i) => [i.id, i.cves, i.affected.map((a) => a.affected)])).toEqual([['JVNDB-2018-000023', ['CVE-2018-0547'], [[{ endExcluding: '3.4.7' }]]]]);
    expect(detail.status?.totalRes).toBe(1);
  });

  it('agrees with the overview RSS on everything the overview says of the same three entries', () => {
    const read = (name: string, reader: typeof readJvnVuldef | typeof readJvnRss) => {
      const r = reader(fixture(name));
      if (!r.ok) throw r.error;
      return r.value.items;
    };
    const detail = [...read('vuldef-0.xml', readJvnVuldef), ...read('vuldef-1.xml', readJvnVuldef)];
    const overview = [...read('jvnrss-0.xml', readJvnRss), ...read('jvnrss-1.xml', readJvnRss)];
    // What both say, order aside (VULDEF lists CVSS v2 first, RSS v3 first); the overview has no version ranges.
    const common = (i: JvnFacts) => ({
      ...i,
      cvss: [...i.cvss].sort((a, b) => a.version.localeCompare(b.version)),
      affected: i.affected.map(({ vendor, product, cpes }) => ({ vendor, product, cpes })),
      references: undefined,
    });
    const byId = (items: JvnFacts[]) => items.map(common).sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(detail)).toEqual(byId(overview));
    expect(detail).toHaveLength(3);
  });

  it('reports the MyJVN error of status-0.xml, and refuses an RSS document', () => {
    expect(refusal(readJvnVuldef(fixture('status-0.xml')))).toBe('malformed vulnerability source: jvn: MyJVN answered with an error (retCd 1, errCd XXX): Test Error');
    expect(refusal(readJvnVuldef(fixture('jvnrss-0.xml')))).toBe('malformed vulnerability source: jvn: root element rdf:RDF, expected VULDEF-Document');
  });
});

/** A VULDEF document around `entries`, with a status block counting them. */
function document(entries: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<VULDEF-Document version="3.2" xmlns="http://jvn.jp/vuldef/" xmlns:status="http://jvndb.jvn.jp/myjvn/Status">
${entries.join('\n')}
<status:Status version="3.3" method="getVulnDetailInfo" retCd="0" retMax="10" errCd="" errMsg="" totalRes="${entries.length}" totalResRet="${entries.length}" firstRes="1"/>
</VULDEF-Document>`;
}
function entry(id: string, parts: { affected?: string; related?: string; data?: boolean } = {}): string {
  if (parts.data === false) return `<Vulinfo><VulinfoID>${id}</VulinfoID></Vulinfo>`;
  return `<Vulinfo><VulinfoID>${id}</VulinfoID><VulinfoData>
  <Title>Acme ルータにおける複数の脆弱性</Title>
  <Affected>${parts.affected ?? '<AffectedItem><Name>Acme</Name><ProductName>Acme Router</ProductName><Cpe version="2.2">cpe:/h:acme:router</Cpe><VersionNumber>2.0 以前</VersionNumber></AffectedItem>'}</Affected>
  <Related>${parts.related ?? '<RelatedItem type="advisory"><Name>Common Vulnerabilities and Exposures (CVE)</Name><VulinfoID>CVE-2024-0001</VulinfoID><URL>https://www.cve.org/CVERecord?id=CVE-2024-0001</URL></RelatedItem>'}</Related>
  <DateLastUpdated>2024-01-10T12:00:00+09:00</DateLastUpdated>
</VulinfoData></Vulinfo>`;
}

describe('readJvnVuldef', () => {
  it('reads several version statements and products, and keeps what it cannot read for a person', () => {
    const affected = `<AffectedItem><Name>Acme</Name><ProductName>Acme Router</ProductName><Cpe version="2.2">cpe:/h:acme:router</Cpe>
      <VersionNumber>Acme Router ファームウェア 2.0 およびそれ以前</VersionNumber><VersionNumber>３．０ から ３．２ まで</VersionNumber><VersionNumber>Android 版 1.0 以前</VersionNumber></AffectedItem>
      <AffectedItem><Name>Acme</Name><ProductName>Acme Cloud</ProductName></AffectedItem>`;
    const related = `<RelatedItem type="advisory"><Name>CVE</Name><VulinfoID>CVE-2024-0001</VulinfoID><URL>https://www.cve.org/CVERecord?id=CVE-2024-0001</URL></RelatedItem>
      <RelatedItem type="advisory"><Name>National Vulnerability Database (NVD)</Name><VulinfoID>CVE-2024-0001</VulinfoID><URL>https://nvd.nist.gov/vuln/detail/CVE-2024-0001</URL></RelatedItem>`;
    const [item] = value(readJvnVuldef(document([entry('JVNDB-2024-000001', { affected, related })]))).items;
    expect(item).toEqual({
      id: 'JVNDB-2024-000001',
      title: 'Acme ルータにおける複数の脆弱性',
      cves: ['CVE-2024-0001'],
      modified: '2024-01-10T12:00:00+09:00',
      affected: [
        {
          vendor: 'Acme',
          product: 'Acme Router',
          cpes: ['cpe:2.3:h:acme:router:*:*:*:*:*:*:*:*'],
          defaultStatus: 'unknown',
          affected: [{ endIncluding: '2.0' }, { startIncluding: '3.0', endIncluding: '3.2' }],
          unaffected: [],
          versionText: ['Android 版 1.0 以前'],
        },
        { vendor: 'Acme', product: 'Acme Cloud', cpes: [], defaultStatus: 'unknown', affected: [], unaffected: [] },
      ],
      cvss: [],
      references: ['https://www.cve.org/CVERecord?id=CVE-2024-0001', 'https://nvd.nist.gov/vuln/detail/CVE-2024-0001'],
    });
  });

  it('skips and counts each bad entry, naming it and the element at fault', () => {
    const d = value(
      readJvnVuldef(
        document([
          entry('JVNDB-2024-000001'),
          entry('JVNDB-2024-000002', { data: false }),
          entry('JVNDB-2024-000003', { related: '<RelatedItem type="advisory"><VulinfoID>CVE-24-1</VulinfoID></RelatedItem>' }),
          entry('JVNDB-2024-000004', { affected: '<AffectedItem><Cpe>cpe:/a:acme:router:1.0:%</Cpe></AffectedItem>' }),
          entry(''),
        ]),
      ),
    );
    expect(d.items.map((i) => i.id)).toEqual(['JVNDB-2024-000001']);
    expect(d.skipped.map((s) => `${s.record} ${String(s.error.details?.path)}`)).toEqual([
      'JVNDB-2024-000002 VulinfoData',
      'JVNDB-2024-000003 Related/RelatedItem/VulinfoID',
      'JVNDB-2024-000004 Affected/AffectedItem/Cpe',
      'Vulinfo[4] VulinfoID',
    ]);
    for (const s of d.skipped) expect(isSakimoriError(s.error, 'SAKIMORI_ERR_VULN_RECORD_MALFORMED')).toBe(true);
  });

  it('refuses a document with a DOCTYPE, not well formed, or too large', () => {
    expect(refusal(readJvnVuldef(`<!DOCTYPE VULDEF-Document [<!ENTITY x "y">]>${document([])}`.replace(/<\?xml[^>]*>/, '')))).toContain('a DOCTYPE is not accepted');
    expect(refusal(readJvnVuldef(document([entry('JVNDB-2024-000001')]).replace('</Title>', '</Titel>')))).toContain('not well-formed XML');
    const big = readJvnVuldef(document([entry('JVNDB-2024-000001')]), { maxBytes: 512 });
    expect(!big.ok && big.error.code).toBe('SAKIMORI_ERR_VULN_SOURCE_TOO_LARGE');
  });
});
