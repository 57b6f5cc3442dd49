import { describe, expect, it } from 'vitest';
import { parsePrefix, prefixContains } from '../../core/ip.js';
import { permute, SourceCategory, SourceSet } from './address-pool.js';

function addresses(s: SourceSet): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.size; i++) out.push(Array.from(s.words.subarray(i * 4, i * 4 + 4)).join('.'));
  return out;
}

describe('source sets', () => {
  it('permute is a bijection of the range', () => {
    const seen = new Uint8Array(1 << 12);
    for (let i = 0; i < 1 << 12; i++) seen[permute(i, 12, 99)]!++;
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  it('bots are distinct, inside the lower half of the shared range, 80 % routers and 15 % cameras', () => {
    const bots = SourceSet.bots(20000, 4, 7);
    expect(new Set(addresses(bots)).size).toBe(20000);
    const half = parsePrefix('100.64.0.0/11');
    for (let i = 0; i < bots.size; i++) expect(prefixContains(half, ...(Array.from(bots.words.subarray(i * 4, i * 4 + 4)) as [number, number, number, number]))).toBe(true);
    const count = (c: number): number => bots.category.filter((x) => x === c).length;
    expect([count(SourceCategory.HomeRouter), count(SourceCategory.Camera), count(SourceCategory.Other)]).toEqual([16000, 3000, 1000]);
  });

  it('reflectors of different vectors are disjoint and inside the upper half; IPv6 sets stay in their /37', () => {
    const a = SourceSet.reflectors(5000, 4, 3, 0);
    const b = SourceSet.reflectors(5000, 4, 3, 5000);
    const all = new Set([...addresses(a), ...addresses(b)]);
    expect(all.size).toBe(10000);
    const upper = parsePrefix('100.96.0.0/11');
    expect(prefixContains(upper, ...(Array.from(a.words.subarray(0, 4)) as [number, number, number, number]))).toBe(true);
    const v6 = SourceSet.bots(3000, 6, 3);
    const v6r = SourceSet.reflectors(3000, 6, 3, 0);
    expect(new Set(addresses(v6)).size).toBe(3000);
    for (let i = 0; i < 3000; i++) {
      expect(prefixContains(parsePrefix('2001:db8:f000::/37'), ...(Array.from(v6.words.subarray(i * 4, i * 4 + 4)) as [number, number, number, number]))).toBe(true);
      expect(prefixContains(parsePrefix('2001:db8:f800::/37'), ...(Array.from(v6r.words.subarray(i * 4, i * 4 + 4)) as [number, number, number, number]))).toBe(true);
    }
  });

  it('reports exactly the members used', () => {
    const s = SourceSet.bots(100, 4, 1);
    s.mark(3);
    s.mark(3);
    s.mark(42);
    const used = s.usedMembers();
    expect(used.addresses).toHaveLength(2);
    expect(s.usedCount).toBe(2);
    s.resetUsage();
    expect(s.usedMembers().addresses).toEqual([]);
  });
});
