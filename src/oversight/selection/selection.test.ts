import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { maskWords, parseAddress, parseIPv4, writeAddressAt } from '../../core/ip.js';
import { FlowBatch } from '../../flow/flow-batch.js';
import { TestExporters } from '../../flow/testing/test-exporters.js';
import { COMPACTED_COLUMNS } from './compact.js';
import { parseDelegatedStats } from './delegated-stats.js';
import { DomesticSet } from './domestic-set.js';
import { SelectionFilter } from './selection-filter.js';

const FILE = fileURLToPath(new URL('./testdata/delegated-test-extended.txt', import.meta.url));
const TEXT = readFileSync(FILE, 'utf8');
const jp = parseDelegatedStats(TEXT, FILE, 'JP');
const set = new DomesticSet(jp.v4, jp.v6);
const exporters = new TestExporters();
const r1 = exporters.add('127.0.0.1');
const r2 = exporters.add('::1');

function isDomestic(text: string): boolean {
  const w = parseAddress(text);
  const col = new Uint32Array(4);
  writeAddressAt(col, 0, w);
  return set.hasAt(col, 0);
}

describe('RIR delegated statistics', () => {
  it('reads the country’s allocated and assigned space and nothing else', () => {
    expect(jp.records).toBe(21);
    expect(jp.v4).toHaveLength(7);
    expect(jp.v6).toHaveLength(6);
    expect(jp.v4).toContainEqual({ start: parseIPv4('198.18.4.0'), end: parseIPv4('198.18.4.199') });
    expect(parseDelegatedStats(TEXT, FILE, 'KR').v4).toEqual([{ start: parseIPv4('198.18.8.0'), end: parseIPv4('198.18.9.255') }]);
  });

  it.each([
    ['apnic|JP|ipv4|192.0.2.0|256|20110412', 'status', /a record has at least 7 fields, found 6/],
    ['apnic|JP|ipv5|192.0.2.0|256|20110412|allocated', 'type', /"ipv5" is not ipv4, ipv6 or asn/],
    ['apnic|JP|ipv4|192.0.2.256|256|20110412|allocated', 'start', /not an IPv4 address/],
    ['apnic|JP|ipv4|255.255.255.0|512|20110412|allocated', 'value', /not a count of addresses that fits/],
    ['apnic|JP|ipv6|2001:db8::1|32|20110412|allocated', 'start', /bits set beyond \/32/],
    ['apnic|JP|ipv6|2001:db8::|80|20110412|allocated', 'value', /prefix length from 0 to 64/],
    ['apnic|JP|ipv4|192.0.2.0|256|2011-04-12|allocated', 'date', /not YYYYMMDD/],
    ['apnic|JP|ipv4|192.0.2.0|256|20110412|stolen', 'status', /not allocated, assigned/],
  ])('names the file, line and field of a bad record: %s', (line, field, why) => {
    const text = `2|apnic|20260101|1|19830613|20251231|+1000\n# comment\n${line}\n`;
    let e: unknown;
    try {
      parseDelegatedStats(text, 'delegated-test', 'JP');
    } catch (x) {
      e = x;
    }
    expect(isSakimoriError(e, 'SAKIMORI_ERR_SELECTION_DELEGATED_FILE')).toBe(true);
    expect((e as Error).message).toMatch(new RegExp(`^delegated-test line 3, field ${field}: `));
    expect((e as Error).message).toMatch(why);
  });
});

describe('domestic set', () => {
  it.each([
    ['192.0.2.1', true],
    ['192.0.3.0', false],
    ['203.0.113.255', true], // two adjacent /25 records merge
    ['198.18.3.255', true],
    ['198.18.4.199', true], // a 200-address delegation: partial /24
    ['198.18.4.200', false],
    ['198.18.8.1', false], // KR
    ['198.19.255.255', true], // a whole /16
    ['172.16.0.1', false], // reserved
    ['100.96.0.1', false], // available
    ['100.64.0.1', false], // US
    ['2001:db8:100::1', true],
    ['2001:db8:1ff:ffff::1', true],
    ['2001:db8:301::1', false],
    ['2001:db8:500:ffff:ffff:ffff:ffff:ffff', true],
    ['3fff:1ff::1', true],
    ['3fff:200::', false],
    ['2001:db8:f000::1', false],
    ['::ffff:c000:201', true], // IPv4-mapped 192.0.2.1 arrives as IPv4
    ['::1', false],
  ])('%s domestic: %s', (addr, want) => {
    expect(isDomestic(addr)).toBe(want);
  });

  it('agrees with a plain range check on addresses around every boundary', () => {
    const naive = (a: number): boolean => jp.v4.some((r) => a >= r.start && a <= r.end);
    const probes = jp.v4.flatMap((r) => [r.start - 1, r.start, r.start + 1, r.end - 1, r.end, r.end + 1]);
    for (let i = 0; i < 20_000; i++) probes.push((Math.random() * 2 ** 32) >>> 0, (parseIPv4('198.18.0.0') + Math.random() * 2 ** 17) >>> 0);
    for (const a of probes) expect(set.hasV4(a >>> 0), String(a)).toBe(naive(a >>> 0));
  });

  it('agrees with a plain prefix check for IPv6, also where one /16 holds many delegations', () => {
    let x = 7;
    const rand = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    const prefixes = Array.from({ length: 400 }, () => {
      const length = 20 + (rand() % 29);
      const w = [0x24000000 | (rand() & 0xffff), rand(), 0, 0] as [number, number, number, number];
      const m = maskWords(w, length);
      return { w0: m[0], w1: m[1], length };
    });
    const dense = new DomesticSet([], prefixes);
    const inside = (w0: number, w1: number): boolean =>
      prefixes.some((p) => {
        const m = maskWords([w0, w1, 0, 0], p.length);
        return m[0] === p.w0 && m[1] === p.w1;
      });
    const probes: [number, number][] = [];
    for (const p of prefixes) probes.push([p.w0, p.w1], [p.w0, (p.w1 - 1) >>> 0], [(p.w0 - 1) >>> 0, 0xffffffff]);
    for (let i = 0; i < 20_000; i++) probes.push([(0x24000000 | (rand() & 0xffff)) >>> 0, rand()], [rand(), rand()]);
    for (const [w0, w1] of probes) expect(dense.hasV6(w0 >>> 0, w1 >>> 0), `${w0.toString(16)}:${w1.toString(16)}`).toBe(inside(w0 >>> 0, w1 >>> 0));
  });
});

/** A batch of flows `src → dst` from alternating exporters. */
function batchOf(flows: readonly [string, string][]): FlowBatch {
  const b = new FlowBatch(64);
  flows.forEach(([s, d], k) => {
    const i = b.begin();
    writeAddressAt(b.srcAddr, i, parseAddress(s));
    writeAddressAt(b.dstAddr, i, parseAddress(d));
    b.ipVersion[i] = s.includes(':') ? 6 : 4;
    b.srcPort[i] = 1000 + k;
    b.dstPort[i] = 443;
    b.protocol[i] = 6;
    b.packets[i] = k + 1;
    b.bytes[i] = (k + 1) * 100;
    b.startMs[i] = 1_000_000 + k;
    b.exporter[i] = k % 2 === 0 ? r1.index : r2.index;
    b.commit();
  });
  return b;
}

describe('selection filter', () => {
  const flows: [string, string][] = [
    ['192.0.2.10', '198.51.100.20'], // JP → JP: erased
    ['100.64.1.2', '192.0.2.10'], // foreign → JP: kept
    ['198.19.0.5', '203.0.113.9'], // JP → JP: erased
    ['192.0.2.10', '100.96.7.7'], // JP → foreign: kept
    ['172.16.1.1', '100.64.0.9'], // foreign → foreign (transit): kept
    ['2001:db8:100::5', '2001:db8:400::9'], // JP → JP: erased
    ['2001:db8:f000::66', '2001:db8:500::1'], // foreign → JP: kept
    ['3fff:100::1', '2001:db8:e000::2'], // JP → foreign: kept
    ['2001:db8:300::1', '3fff:1ff::1'], // JP → JP: erased
  ];

  it('erases domestic-to-domestic flows in place and keeps everything else intact, IPv4 and IPv6', () => {
    const b = batchOf(flows);
    const filter = new SelectionFilter(set);
    filter.consume(b, exporters);
    expect(b.length).toBe(5);
    const kept = [1, 3, 4, 6, 7];
    kept.forEach((k, j) => {
      expect(b.srcPort[j]).toBe(1000 + k);
      expect(b.packets[j]).toBe(k + 1);
      expect(b.bytes[j]).toBe((k + 1) * 100);
      expect(b.startMs[j]).toBe(1_000_000 + k);
      expect(b.ipVersion[j]).toBe(flows[k]![0].includes(':') ? 6 : 4);
      expect(Array.from(b.srcAddr.subarray(j * 4, j * 4 + 4))).toEqual(parseAddress(flows[k]![0]));
      expect(Array.from(b.dstAddr.subarray(j * 4, j * 4 + 4))).toEqual(parseAddress(flows[k]![1]));
    });
    expect(filter.drain()).toEqual([
      { exporter: r1.index, address: '127.0.0.1', kept: 2, erased: 3 },
      { exporter: r2.index, address: '::1', kept: 3, erased: 1 },
    ]);
    expect(filter.drain()).toEqual([]);
    expect([filter.keptTotal, filter.erasedTotal]).toEqual([5, 4]);
  });

  it('leaves a batch without domestic-to-domestic flows untouched', () => {
    const b = batchOf(flows.filter((_, k) => [1, 3, 4].includes(k)));
    new SelectionFilter(set).consume(b, exporters);
    expect(b.length).toBe(3);
    expect(Array.from(b.srcPort.subarray(0, 3))).toEqual([1000, 1001, 1002]);
  });

  it('moves every column the flow batch has', () => {
    const b = new FlowBatch(1) as unknown as Record<string, unknown>;
    const columns = Object.keys(b).filter((k) => ArrayBuffer.isView(b[k]));
    expect([...COMPACTED_COLUMNS].sort()).toEqual(columns.sort());
  });
});
