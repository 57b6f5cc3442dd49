import { describe, expect, it } from 'vitest';
import { parseAddress, parsePrefix } from '../core/ip.js';
import { PrefixTable } from './prefix-table.js';

const table = (entries: Array<[string, number]>): PrefixTable => new PrefixTable(entries.map(([p, value]) => ({ prefix: parsePrefix(p), value })));
const look = (t: PrefixTable, a: string): number => t.lookupWords(parseAddress(a));

describe('PrefixTable (longest-prefix match)', () => {
  const t = table([
    ['198.18.0.0/22', 0],
    ['198.18.2.0/24', 1],
    ['198.18.2.128/25', 2],
    ['192.0.2.0/24', 3],
    ['2001:db8:100::/48', 4],
    ['2001:db8:100:5::/64', 5],
    ['10.0.0.0/8', 6],
  ]);

  it.each([
    ['198.18.0.0', 0],
    ['198.18.1.255', 0],
    ['198.18.2.0', 1],
    ['198.18.2.127', 1],
    ['198.18.2.128', 2],
    ['198.18.2.255', 2],
    ['198.18.3.0', 0],
    ['198.18.3.255', 0],
    ['198.18.4.0', -1],
    ['198.17.255.255', -1],
    ['192.0.2.77', 3],
    ['192.0.3.0', -1],
    ['10.200.3.4', 6],
    ['11.0.0.0', -1],
    ['2001:db8:100::1', 4],
    ['2001:db8:100:5::9', 5],
    ['2001:db8:100:6::1', 4],
    ['2001:db8:101::1', -1],
    ['::ffff:192.0.2.1', 3],
    ['::1', -1],
  ])('%s → %i', (addr, want) => expect(look(t, addr)).toBe(want));

  it('keeps IPv4 and IPv6 apart: an IPv6 address with the same low bits does not match an IPv4 prefix', () => {
    expect(look(t, '::c000:201')).toBe(-1); // 192.0.2.1 in the low 32 bits, but not IPv4-mapped
  });

  it('serves a default route and host routes', () => {
    const d = table([
      ['::/0', 0],
      ['0.0.0.0/0', 1],
      ['192.0.2.7/32', 2],
      ['2001:db8::7/128', 3],
    ]);
    expect(look(d, '192.0.2.7')).toBe(2);
    expect(look(d, '192.0.2.8')).toBe(1);
    expect(look(d, '2001:db8::7')).toBe(3);
    expect(look(d, '2001:db8::8')).toBe(0);
    expect(look(d, 'fe80::1')).toBe(0);
  });

  it('lets a later duplicate prefix win and matches an empty table to nothing', () => {
    expect(
      look(
        table([
          ['192.0.2.0/24', 1],
          ['192.0.2.0/24', 9],
        ]),
        '192.0.2.1',
      ),
    ).toBe(9);
    expect(look(table([]), '192.0.2.1')).toBe(-1);
  });

  it('agrees with a linear scan over random nested prefixes', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed >>> 4);
    const prefixes: Array<[string, number]> = [];
    for (let i = 0; i < 300; i++) {
      const a = (10 << 24) | (rnd() & 0x00ffffff);
      const len = 8 + (rnd() % 25);
      const masked = len === 0 ? 0 : (a & (0xffffffff << (32 - len))) >>> 0;
      prefixes.push([`${masked >>> 24}.${(masked >>> 16) & 255}.${(masked >>> 8) & 255}.${masked & 255}/${len}`, i]);
    }
    const t2 = table(prefixes);
    const parsed = prefixes.map(([p, v]) => ({ p: parsePrefix(p), v }));
    for (let i = 0; i < 5000; i++) {
      const a = ((10 << 24) | (rnd() & 0x00ffffff)) >>> 0;
      let best = -1;
      let bestLen = -1;
      for (const { p, v } of parsed) {
        const bits = p.length - 96;
        const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
        // Later duplicates win, as in the table.
        if ((a & mask) >>> 0 === p.words[3] && bits >= bestLen) {
          best = v;
          bestLen = bits;
        }
      }
      expect(t2.lookup(0, 0, 0xffff, a)).toBe(best);
    }
  });
});
