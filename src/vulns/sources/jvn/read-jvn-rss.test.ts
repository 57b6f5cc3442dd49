/** MyJVN overview RSS: the shared fixtures whole, and bad items and pages written here. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../../core/errors.js';
import { describeExternal, missingFixtures, sharedFixture } from '../../../testing/external.js';
import type { VulnsResult } from '../../errors.js';
import { type JvnOverview, readJvnRss } from './index.js';

const fixture = (name: string): string => readFileSync(sharedFixture('vuln', 'jvn', name), 'utf8');

function value(r: VulnsResult<JvnOverview>): JvnOverview {
  if (!r.ok) throw r.error;
  return r.value;
}
function refusal(r: VulnsResult<JvnOverview>): { message: string; details: unknown } {
  if (r.ok) throw new Error(`accepted ${r.value.items.length} items`);
  expect(isSakimoriError(r.error, 'SAKIMORI_ERR_VULN_SOURCE_MALFORMED')).toBe(true);
  return { message: r.error.message, details: r.error.details };
}

describeExternal('MyJVN overview RSS fixtures', missingFixtures(), () => {
  it('reads jvnrss-0.xml: every field of its first item, the page status and the TLP marking', () => {
    const page = value(readJvnRss(fixture('jvnrss-0.xml')));
    expect(page.items.map((i) => i.id)).toEqual(['JVNDB-2018-000024', 'JVNDB-2018-000023']);
    expect(page.skipped).toEqual([]);
    expect(page.status).toEqual({ method: 'getVulnOverviewList', retMax: 50, totalRes: 2, totalResRet: 2, firstRes: 1 });
    expect(page.tlp).toBe('WHITE');
    expect(page.items[0]).toEqual({
      id: 'JVNDB-2018-000024',
      title: 'CG-WGR1200 における複数の脆弱性',
      cves: ['CVE-2017-10852', 'CVE-2017-10853', 'CVE-2017-10854'],
      published: '2018-03-09T12:04:48+09:00',
      modified: '2018-03-09T12:04:48+09:00',
      description:
        '株式会社コレガが提供する CG-WGR1200 は無線 LAN ルータです。CG-WGR1200 には、次の複数の脆弱性が存在します。 ・バッファオーバーフロー (CWE-119) - CVE-2017-10852 ・OS コマンドインジェクション (CWE-78) - CVE-2017-10853 ・認証不備 (CWE-306) - CVE-2017-10854  この脆弱性情報は、情報セキュリティ早期警戒パートナーシップに基づき下記の方が IPA に報告し、JPCERT/CC が開発者との調整を行いました。 報告者: 三井物産セキュアディレクション株式会社 塚本 泰三 氏',
      affected: [{ vendor: '株式会社コレガ', product: 'CG-WGR1200', cpes: ['cpe:2.3:h:corega:cg-wgr1200:*:*:*:*:*:*:*:*'], defaultStatus: 'unknown', affected: [], unaffected: [] }],
      cvss: [
        { version: '3.0', vector: 'CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 8.8, scoredBy: 'JVNDB' },
        { version: '2.0', vector: 'AV:A/AC:L/Au:N/C:P/I:P/A:P', baseScore: 5.8, scoredBy: 'JVNDB' },
      ],
      references: [
        'https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2017-10852',
        'https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2017-10853',
        'https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2017-10854',
        'https://jvn.jp/jp/JVN15201064/index.html',
        'https://cwe.mitre.org/data/definitions/19.html',
        'https://jvndb.jvn.jp/ja/cwe/CWE-264.html',
        'https://jvndb.jvn.jp/ja/cwe/CWE-78.html',
      ],
    });
    expect(page.items[1]?.affected[0]?.cpes).toEqual(['cpe:2.3:a:misc:soflyy_wp_all_import:*:*:*:*:*:*:*:*']);
  });

  it('reads jvnrss-1.xml, a one-item page', () => {
    const page = value(readJvnRss(fixture('jvnrss-1.xml')));
    expect(page.items.map((i) => [i.id, i.cves, i.cvss.map((c) => c.baseScore)])).toEqual([['JVNDB-2018-000022', ['CVE-2018-0546'], [6.1, 4.3]]]);
    expect(page.status).toEqual({ method: 'getVulnOverviewList', retMax: 50, totalRes: 1, totalResRet: 1, firstRes: 1 });
  });

  it('reports the MyJVN error of status-0.xml instead of an empty page', () => {
    expect(refusal(readJvnRss(fixture('status-0.xml')))).toEqual({
      message: 'malformed vulnerability source: jvn: MyJVN answered with an error (retCd 1, errCd XXX): Test Error',
      details: { source: 'jvn', retCd: '1', errCd: 'XXX', errMsg: 'Test Error' },
    });
  });

  it('refuses a VULDEF document', () => {
    expect(refusal(readJvnRss(fixture('vuldef-0.xml'))).message).toContain('root element VULDEF-Document, expected rdf:RDF');
  });
});

/** An overview page around `items`, its status block counting them unless told otherwise. */
function page(items: string[], status = `totalRes="${items.length}" totalResRet="${items.length}" firstRes="1"`): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns="http://purl.org/rss/1.0/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:sec="http://jvn.jp/rss/mod_sec/3.0/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:status="http://jvndb.jvn.jp/myjvn/Status">
<channel rdf:about="https://jvndb.jvn.jp/apis/myjvn"><title>JVNDB</title></channel>
${items.join('\n')}
<status:Status version="3.3" method="getVulnOverviewList" retCd="0" retMax="50" errCd="" errMsg="" ${status}/>
</rdf:RDF>`;
}
function item(id: string, parts: { cve?: string; cpe?: string; cvss?: string; issued?: string; title?: string } = {}): string {
  return `<item rdf:about="https://jvndb.jvn.jp/ja/contents/2024/${id}.html">
  <title>${parts.title ?? 'Acme ルータにおける OS コマンドインジェクションの脆弱性'}</title>
  <sec:identifier>${id}</sec:identifier>
  <sec:references source="CVE" id="${parts.cve ?? 'CVE-2024-0001'}">https://www.cve.org/CVERecord?id=CVE-2024-0001&amp;x=1</sec:references>
  <sec:cpe version="2.2" vendor="Acme" product="Router">${parts.cpe ?? 'cpe:/h:acme:router'}</sec:cpe>
  ${parts.cvss ?? '<sec:cvss score="9.8" severity="Critical" vector="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" version="3.1" type="Base"/>'}
  <dcterms:issued>${parts.issued ?? '2024-01-10T12:00:00+09:00'}</dcterms:issued>
</item>`;
}

describe('readJvnRss', () => {
  it('reads a minimal item: entities decoded, CPE 2.2 normalised, absent parts left out', () => {
    const p = value(readJvnRss(page([item('JVNDB-2024-000001')])));
    expect(p.items).toEqual([
      {
        id: 'JVNDB-2024-000001',
        title: 'Acme ルータにおける OS コマンドインジェクションの脆弱性',
        cves: ['CVE-2024-0001'],
        published: '2024-01-10T12:00:00+09:00',
        affected: [{ vendor: 'Acme', product: 'Router', cpes: ['cpe:2.3:h:acme:router:*:*:*:*:*:*:*:*'], defaultStatus: 'unknown', affected: [], unaffected: [] }],
        cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, scoredBy: 'JVNDB' }],
        references: ['https://www.cve.org/CVERecord?id=CVE-2024-0001&x=1'],
      },
    ]);
    expect(p.tlp).toBeUndefined();
  });

  it('skips and counts each bad item, naming it and the element at fault, and keeps the rest', () => {
    const p = value(
      readJvnRss(
        page([
          item('JVNDB-2024-000001'),
          item('JVN#12345678'),
          item('JVNDB-2024-000003', { cve: 'CVE-24-1' }),
          item('JVNDB-2024-000004', { cpe: 'cpe:/x:acme:router' }),
          item('JVNDB-2024-000005', { cvss: '<sec:cvss score="9.8" vector="AV:N" version="5.0"/>' }),
          item('JVNDB-2024-000006', { cvss: '<sec:cvss score="11" vector="AV:N" version="2.0"/>' }),
          item('JVNDB-2024-000007', { issued: '2024/01/10' }),
          item('JVNDB-2024-000008', { title: '' }),
        ]),
      ),
    );
    expect(p.items.map((i) => i.id)).toEqual(['JVNDB-2024-000001']);
    const skips = p.skipped.map((s) => {
      expect(isSakimoriError(s.error, 'SAKIMORI_ERR_VULN_RECORD_MALFORMED')).toBe(true);
      expect(s.error.details).toEqual({ source: 'jvn', record: s.record, path: s.error.details?.path });
      return `${s.record} ${String(s.error.details?.path)}`;
    });
    expect(skips).toEqual([
      'JVN#12345678 sec:identifier',
      'JVNDB-2024-000003 sec:references/@id',
      'JVNDB-2024-000004 sec:cpe',
      'JVNDB-2024-000005 sec:cvss/@version',
      'JVNDB-2024-000006 sec:cvss/score',
      'JVNDB-2024-000007 dcterms:issued',
      'JVNDB-2024-000008 title',
    ]);
    expect(p.skipped[0]?.error.message).toBe('malformed vulnerability record: jvn JVN#12345678: sec:identifier: not a JVNDB id ("JVN#12345678")');
  });

  it('refuses a page whose status does not add up with its items or itself', () => {
    expect(refusal(readJvnRss(page([item('JVNDB-2024-000001')], 'totalRes="5" totalResRet="2" firstRes="1"'))).message).toContain('totalResRet says 2 items but the document holds 1');
    expect(refusal(readJvnRss(page([item('JVNDB-2024-000001')], 'totalRes="5" totalResRet="1" firstRes="6"'))).message).toContain('paging does not add up: items 6 to 6 of 5');
    expect(refusal(readJvnRss(page([item('JVNDB-2024-000001')], 'totalRes="5" totalResRet="1" firstRes="0"'))).message).toContain('paging does not add up');
    expect(refusal(readJvnRss(page([], 'totalRes="many" totalResRet="0" firstRes="1"'))).message).toContain('status:Status totalRes is not a count ("many")');
    expect(refusal(readJvnRss(page([], 'totalResRet="0" firstRes="1"'))).details).toEqual({ source: 'jvn', path: 'status:Status/@totalRes' });
  });

  it('reads a later page and an empty last one', () => {
    expect(value(readJvnRss(page([item('JVNDB-2024-000051')], 'totalRes="51" totalResRet="1" firstRes="51"'))).status).toEqual({
      method: 'getVulnOverviewList',
      retMax: 50,
      totalRes: 51,
      totalResRet: 1,
      firstRes: 51,
    });
    expect(value(readJvnRss(page([], 'totalRes="0" totalResRet="0" firstRes="1"'))).items).toEqual([]);
  });

  it('reads an RSS file without a status block (not served by the API), with no paging', () => {
    const p = value(readJvnRss(page([item('JVNDB-2024-000001')]).replace(/<status:Status[^>]*\/>/, '')));
    expect([p.items.length, p.status]).toEqual([1, undefined]);
  });

  it('refuses an RSS document without a channel, not well formed, with a DOCTYPE, or too large', () => {
    expect(refusal(readJvnRss('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')).message).toContain('no channel');
    expect(refusal(readJvnRss(page([item('JVNDB-2024-000001')]).replace('</title>', ''))).details).toMatchObject({ source: 'jvn', line: expect.any(Number), column: expect.any(Number) });
    const bomb = `<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${page([item('JVNDB-2024-000001', { title: '&b;' })]).replace(/^<\?xml[^>]*>/, '')}`;
    expect(refusal(readJvnRss(bomb)).message).toContain('a DOCTYPE is not accepted');
    const big = readJvnRss(page([item('JVNDB-2024-000001')]), { maxBytes: 100 });
    expect(!big.ok && big.error.code).toBe('SAKIMORI_ERR_VULN_SOURCE_TOO_LARGE');
  });

  it('leaves an undeclared entity in a title unexpanded', () => {
    const p = value(readJvnRss(page([item('JVNDB-2024-000001', { title: 'x &b; y' })])));
    expect(p.items[0]?.title).toBe('x &b; y');
  });
});
