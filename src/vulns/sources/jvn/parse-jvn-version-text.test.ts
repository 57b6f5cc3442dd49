/**
 * JVN version statements: every one in the shared VULDEF fixtures, and JVN-style ones written here
 * from the phrasing JVN iPedia uses (Japanese and English pages). Each row is the statement, the
 * product name when it matters, and the exact ranges expected — or `unparsed` when a person must read it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeExternal, missingFixtures, sharedFixture } from '../../../testing/external.js';
import type { VersionRange } from '../../record.js';
import { parseJvnVersionText } from './index.js';

const exact = (v: string): VersionRange => ({ startIncluding: v, endIncluding: v });
const UNPARSED = 'unparsed';

/** Statements found in ../shared/fixtures/vuln/jvn (VULDEF `VersionNumber`), with their products. */
const FROM_FIXTURES: readonly (readonly [string, string, readonly VersionRange[]])[] = [
  ['3.4.6 より前のバージョン', 'WP All Import', [{ endExcluding: '3.4.6' }]],
  ['3.4.7 より前のバージョン', 'WP All Import', [{ endExcluding: '3.4.7' }]],
  ['ファームウエア 2.20 およびそれ以前', 'CG-WGR1200', [{ endIncluding: '2.20' }]],
];

/** Statements written for this test in JVN's style; `UNPARSED` where no range may be read. */
const WRITTEN: readonly (readonly [string, string | undefined, readonly VersionRange[] | typeof UNPARSED])[] = [
  ['2.20 以前', undefined, [{ endIncluding: '2.20' }]],
  ['バージョン 3.1.0', undefined, [exact('3.1.0')]],
  ['バージョン3.1', undefined, [exact('3.1')]],
  ['Ver.1.02 およびそれ以前', undefined, [{ endIncluding: '1.02' }]],
  ['ファームウェアVer.1.00.03以前', undefined, [{ endIncluding: '1.00.03' }]],
  ['v4.1.0 未満', undefined, [{ endExcluding: '4.1.0' }]],
  ['5.0.0 以降', undefined, [{ startIncluding: '5.0.0' }]],
  ['2.0 から 2.5 まで', undefined, [{ startIncluding: '2.0', endIncluding: '2.5' }]],
  ['2.0から2.5まで', undefined, [{ startIncluding: '2.0', endIncluding: '2.5' }]],
  ['ファームウェア バージョン 1.0.0 から 1.2.3 まで', undefined, [{ startIncluding: '1.0.0', endIncluding: '1.2.3' }]],
  ['２．２０ 以前', undefined, [{ endIncluding: '2.20' }]],
  ['Ｖｅｒ．３．０．０　およびそれ以前', undefined, [{ endIncluding: '3.0.0' }]],
  ['1.0、1.1 及び 1.2', undefined, [exact('1.0'), exact('1.1'), exact('1.2')]],
  ['1.2.3 および 1.2.5', undefined, [exact('1.2.3'), exact('1.2.5')]],
  ['1.5.0 以上 1.5.9 以下', undefined, [{ startIncluding: '1.5.0', endIncluding: '1.5.9' }]],
  ['8.0 以上 8.4.2 未満', undefined, [{ startIncluding: '8.0', endExcluding: '8.4.2' }]],
  ['4.3.1 ～ 4.3.9', undefined, [{ startIncluding: '4.3.1', endIncluding: '4.3.9' }]],
  ['3.0.0 〜 3.0.4', undefined, [{ startIncluding: '3.0.0', endIncluding: '3.0.4' }]],
  ['2.1.4 およびそれ以前、3.0.0 から 3.0.2 まで', undefined, [{ endIncluding: '2.1.4' }, { startIncluding: '3.0.0', endIncluding: '3.0.2' }]],
  ['Ver 2.0.0 以前のすべてのバージョン', undefined, [{ endIncluding: '2.0.0' }]],
  ['すべてのバージョン', undefined, [{}]],
  ['1.0.0-beta1 以前', undefined, [{ endIncluding: '1.0.0-beta1' }]],
  ['R2.0 より前のバージョン', undefined, [{ endExcluding: 'R2.0' }]],
  ['V100R001C00', undefined, [exact('V100R001C00')]],
  ['9.0(1) 以前', undefined, [{ endIncluding: '9.0(1)' }]],
  ['2.0 以前。', undefined, [{ endIncluding: '2.0' }]],
  ['CG-WGR1200 ファームウエア 2.20 およびそれ以前', 'CG-WGR1200', [{ endIncluding: '2.20' }]],
  ['versions prior to 2.4.1', undefined, [{ endExcluding: '2.4.1' }]],
  ['2.4.1 and earlier', undefined, [{ endIncluding: '2.4.1' }]],
  ['before 1.9.0', undefined, [{ endExcluding: '1.9.0' }]],
  ['1.0 through 1.4', undefined, [{ startIncluding: '1.0', endIncluding: '1.4' }]],
  ['from 1.2 to 1.5', undefined, [{ startIncluding: '1.2', endIncluding: '1.5' }]],
  ['3.2 and later', undefined, [{ startIncluding: '3.2' }]],
  ['v2.0 or later', undefined, [{ startIncluding: '2.0' }]],
  ['Version 7.0.1', undefined, [exact('7.0.1')]],
  ['1.0 or 1.1', undefined, [exact('1.0'), exact('1.1')]],
  ['<= 5.6.3', undefined, [{ endIncluding: '5.6.3' }]],
  ['>= 1.0 < 2.0', undefined, [{ startIncluding: '1.0', endExcluding: '2.0' }]],
  // Unknown words: a platform, a series, "the latest", a note in brackets, a vendor's name.
  ['Android 版 2.0.0 以前', undefined, UNPARSED],
  ['iOS アプリ 1.2 以前、Android アプリ 1.3 以前', undefined, UNPARSED],
  ['2.x 系', undefined, UNPARSED],
  ['5.x 系の 5.4.2 より前のバージョン', undefined, UNPARSED],
  ['最新版より前のバージョン', undefined, UNPARSED],
  ['2.0 以前 (サポート終了製品)', undefined, UNPARSED],
  ['CG-WGR1200 ファームウエア 2.20 およびそれ以前', undefined, UNPARSED],
  ['-', undefined, UNPARSED],
  ['ファームウェア', undefined, UNPARSED],
  ['up to 2.0', undefined, UNPARSED],
  ['between 1.0 and 2.0', undefined, UNPARSED],
  // Parts that may be meant together: one range or two, a bound over one version or both.
  ['2.0 以降、3.0 未満', undefined, UNPARSED],
  ['>= 1.0, < 2.0', undefined, UNPARSED],
  ['5.2.1 および 6.0.0 より前', undefined, UNPARSED],
  ['prior to 5.2.1 and 6.0.0', undefined, UNPARSED],
];

describe('parseJvnVersionText', () => {
  it.each(FROM_FIXTURES)('reads the fixture statement %j (product %j)', (text, product, ranges) => {
    expect(parseJvnVersionText(text, { product })).toEqual({ ranges });
  });

  it('has at least 25 statements of its own', () => {
    expect(WRITTEN.length).toBeGreaterThanOrEqual(25);
  });

  it.each(WRITTEN)('reads %j (product %j)', (text, product, expected) => {
    const context = product === undefined ? {} : { product };
    expect(parseJvnVersionText(text, context)).toEqual(expected === UNPARSED ? { ranges: [], unparsed: text } : { ranges: expected });
  });

  it('says nothing of an empty statement, and gives back the statement as written when unread', () => {
    expect(parseJvnVersionText('  ')).toEqual({ ranges: [] });
    expect(parseJvnVersionText(' Android 版 ２．０ 以前 ')).toEqual({ ranges: [], unparsed: 'Android 版 ２．０ 以前' });
  });

  it('never lets private-use characters in the input pose as its internal markers', () => {
    expect(parseJvnVersionText('2.0 \ue001')).toEqual({ ranges: [], unparsed: '2.0 \ue001' });
  });
});

describeExternal('JVN version statements in the shared fixtures', missingFixtures(), () => {
  it('has every VersionNumber of the VULDEF fixtures in its table', () => {
    const found = ['vuldef-0.xml', 'vuldef-1.xml'].flatMap((f) => [...readFileSync(sharedFixture('vuln', 'jvn', f), 'utf8').matchAll(/<VersionNumber>([^<]*)<\/VersionNumber>/g)].map((m) => m[1]));
    expect(found.sort()).toEqual(FROM_FIXTURES.map(([text]) => text).sort());
  });
});
