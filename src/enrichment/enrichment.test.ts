import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { parseAddress } from '../core/ip.js';
import type { EnrichFunction } from '../detection/attack-accumulator.js';
import { buildEnrichment, type Enrichment } from './enrichment.js';
import { loadEnrichment } from './load-enrichment.js';

const TESTDATA = new URL('./testdata/', import.meta.url).pathname;
const RIR = 'delegated-sakimori-test-extended.txt';
const V4 = 'ip2asn-sakimori-test-v4.tsv';
const V6 = 'ip2asn-sakimori-test-v6.tsv';
const text = (name: string): string => readFileSync(join(TESTDATA, name), 'utf8');

function at(e: Enrichment, address: string) {
  return e.lookup(...parseAddress(address));
}

function errorOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (!isSakimoriError(e)) throw e;
    return `${e.code}: ${e.message}`;
  }
}

describe('enrichment from RIR delegated statistics and ip2asn files', () => {
  const e = buildEnrichment({
    rirDelegated: [{ file: RIR, text: text(RIR) }],
    ip2asn: [
      { file: V4, text: text(V4) },
      { file: V6, text: text(V6) },
    ],
  });

  it('maps the simulator address plan to fictional countries and ASNs', () => {
    expect(at(e, '100.64.0.1')).toEqual({ country: 'XA', asn: 64512, asName: 'FICT-HOME-ROUTERS-A (fictional)' });
    expect(at(e, '100.97.3.4')).toEqual({ country: 'XD', asn: 64520, asName: 'FICT-OPEN-RESOLVERS-D (fictional)' });
    expect(at(e, '172.20.1.1')).toMatchObject({ country: 'XF', asn: 64530 });
    expect(at(e, '198.19.0.9')).toMatchObject({ country: 'XJ', asn: 64604, asName: 'FICT-HIKARI-POWER (fictional)' });
    expect(at(e, '2001:db8:f123::1')).toMatchObject({ country: 'XA', asn: 64512 });
    expect(at(e, '2001:db8:fabc::1')).toMatchObject({ country: 'XD', asn: 64520 });
    expect(at(e, '2001:db8:e000:1::5')).toMatchObject({ country: 'XF', asn: 64530 });
    expect(at(e, '2001:db8:200::99')).toMatchObject({ country: 'XJ', asn: 64601 });
    expect(e.stats).toEqual({ countryRanges: { v4: 10, v6: 4 }, asRanges: { v4: 12, v6: 8 }, autonomousSystems: 12 });
  });

  it('takes IPv4 delegations that are not a power of two by their exact bounds', () => {
    // XB holds 786 432 addresses from 100.80.0.0: up to 100.91.255.255.
    expect(at(e, '100.80.0.0').country).toBe('XB');
    expect(at(e, '100.91.255.255').country).toBe('XB');
    expect(at(e, '100.92.0.0').country).toBe('XC');
    // XD: 1 572 864 from 100.96.0.0, up to 100.119.255.255.
    expect(at(e, '100.119.255.255').country).toBe('XD');
    expect(at(e, '100.120.0.0').country).toBe('XE');
    expect(at(e, '100.63.255.255')).toEqual({});
  });

  it('leaves unknown what no file covers, skips unrouted and undelegated space, and falls back to the ip2asn country', () => {
    expect(at(e, '5.8.95.174')).toEqual({});
    expect(at(e, '103.175.16.39')).toEqual({});
    // No RIR record covers 45.32.13.0/24: the ip2asn file's country is used.
    expect(at(e, '45.32.13.180')).toEqual({ country: 'XZ', asn: 64999, asName: 'FICT-C2-HOSTING (made-up entry for a MirrorFace IOC address; not its real holder)' });
    expect(at(e, '100.200.0.1')).toEqual({});
    expect(at(e, '10.1.2.3')).toEqual({});
    expect(at(e, '127.0.0.1')).toEqual({});
    // The shape detection's attacker lists take.
    const enrich: EnrichFunction = e.forDetection;
    expect(enrich(parseAddress('5.8.95.174'))).toBeUndefined();
    expect(e.forDetection(parseAddress('100.64.0.9'))).toMatchObject({ country: 'XA', asn: 64512 });
  });

  it('names the file, line and field of errors in RIR files', () => {
    const good = text(RIR).split('\n');
    const bad = (line: number, replacement: string): string =>
      errorOf(() => buildEnrichment({ rirDelegated: [{ file: RIR, text: good.map((l, i) => (i === line - 1 ? replacement : l)).join('\n') }] }))!;
    const l = good.findIndex((x) => x.startsWith('sakimori|XB|ipv4')) + 1;
    expect(bad(l, 'sakimori|XB|ipv4|100.80.0.0|lots|20240101|allocated')).toBe(`SAKIMORI_ERR_ENRICHMENT_FILE: ${RIR} line ${l}, field value: "lots" is not a count of addresses`);
    expect(bad(l, 'sakimori|Xb|ipv4|100.80.0.0|786432|20240101|allocated')).toBe(`SAKIMORI_ERR_ENRICHMENT_FILE: ${RIR} line ${l}, field cc: "Xb" is not a two-letter country code`);
    expect(bad(l, 'sakimori|XB|ipv4|100.80.0|786432|20240101|allocated')).toBe(`SAKIMORI_ERR_ENRICHMENT_FILE: ${RIR} line ${l}, field start: "100.80.0" is not an IPv4 address`);
    expect(bad(l, 'sakimori|XB|ipv5|100.80.0.0|786432|20240101|allocated')).toBe(`SAKIMORI_ERR_ENRICHMENT_FILE: ${RIR} line ${l}, field type: "ipv5" is not ipv4, ipv6 or asn`);
    expect(bad(l, 'sakimori|XB|ipv4|100.80.0.0|786432|20240101|stolen')).toBe(
      `SAKIMORI_ERR_ENRICHMENT_FILE: ${RIR} line ${l}, field status: "stolen" is not allocated, assigned, available or reserved`,
    );
    expect(bad(l, 'sakimori|XB|ipv4|255.255.255.0|512|20240101|allocated')).toBe(
      `SAKIMORI_ERR_ENRICHMENT_FILE: ${RIR} line ${l}, field value: 512 addresses from 255.255.255.0 run past 255.255.255.255`,
    );
    // Overlapping delegations: reported at the later line.
    expect(bad(l, 'sakimori|XB|ipv4|100.79.0.0|786432|20240101|allocated')).toBe(`SAKIMORI_ERR_ENRICHMENT_FILE: ${RIR} line ${l}, field range: overlaps the range of line ${l - 1}`);
    const v6 = good.findIndex((x) => x.startsWith('sakimori|XF|ipv6')) + 1;
    expect(bad(v6, 'sakimori|XF|ipv6|2001:db8:e000::1|36|20240101|allocated')).toBe(`SAKIMORI_ERR_ENRICHMENT_FILE: ${RIR} line ${v6}, field start: 2001:db8:e000::1 has bits set beyond /36`);
    expect(bad(v6, 'sakimori|XF|ipv6|2001:db8:e000::|129|20240101|allocated')).toBe(`SAKIMORI_ERR_ENRICHMENT_FILE: ${RIR} line ${v6}, field value: "129" is not an IPv6 prefix length`);
    expect(errorOf(() => buildEnrichment({ rirDelegated: [{ file: 'x.txt', text: 'sakimori|XA|ipv4|1.0.0.0|256|20240101|allocated\n' }] }))).toBe(
      'SAKIMORI_ERR_ENRICHMENT_FILE: x.txt line 1, field version: expected the version line version|registry|serial|records|startdate|enddate|UTCoffset',
    );
  });

  it('names the file, line and field of errors in ip2asn files, across files too', () => {
    const bad = (t: string): string =>
      errorOf(() =>
        buildEnrichment({
          ip2asn: [
            { file: V4, text: text(V4) },
            { file: 'extra.tsv', text: t },
          ],
        }),
      )!;
    expect(bad('\n1.0.0.0\t1.0.0.255\tAS13335\tXA\tX')).toBe('SAKIMORI_ERR_ENRICHMENT_FILE: extra.tsv line 2, field AS_number: "AS13335" is not an AS number');
    expect(bad('1.0.0.0\t1.0.0.255\t13335\tXAA\tX')).toBe('SAKIMORI_ERR_ENRICHMENT_FILE: extra.tsv line 1, field country_code: "XAA" is not a two-letter country code, None or Unknown');
    expect(bad('1.0.0.9\t1.0.0.1\t13335\tXA\tX')).toBe('SAKIMORI_ERR_ENRICHMENT_FILE: extra.tsv line 1, field range_end: 1.0.0.1 comes before 1.0.0.9');
    expect(bad('1.0.0.0\t2001:db8::1\t13335\tXA\tX')).toBe('SAKIMORI_ERR_ENRICHMENT_FILE: extra.tsv line 1, field range_end: not the same address family as range_start');
    expect(bad('1.0.0.0 1.0.0.255 13335 XA X')).toBe(
      'SAKIMORI_ERR_ENRICHMENT_FILE: extra.tsv line 1, field record: expected range_start, range_end, AS_number, country_code, AS_description separated by tabs, found 1 fields',
    );
    expect(bad('45.32.13.128\t45.32.14.0\t65000\tXY\tclash')).toBe(`SAKIMORI_ERR_ENRICHMENT_FILE: extra.tsv line 1, field range: overlaps the range of ${V4} line 13`);
  });

  it('loads configured files, gzip included, and loads nothing when one is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakimori-enrich-'));
    writeFileSync(join(dir, 'v4.tsv.gz'), gzipSync(readFileSync(join(TESTDATA, V4))));
    const loaded = loadEnrichment({ rirDelegated: [join(TESTDATA, RIR)], ip2asn: ['v4.tsv.gz'] }, dir)!;
    expect(at(loaded, '100.64.0.1')).toMatchObject({ country: 'XA', asn: 64512 });
    expect(loadEnrichment({ rirDelegated: [], ip2asn: [] })).toBeUndefined();
    expect(errorOf(() => loadEnrichment({ rirDelegated: [join(TESTDATA, RIR)], ip2asn: ['missing.tsv'] }, dir))).toMatch(
      /^SAKIMORI_ERR_ENRICHMENT_FILE_UNREADABLE: cannot read enrichment file missing\.tsv: ENOENT/,
    );
  });
});
