import { describe, expect, it } from 'vitest';
import { HostTable } from './host-table.js';
import { SERIES } from './traffic-class.js';

describe('HostTable', () => {
  it('finds what it holds and nothing else, through inserts and deletions (compared with a Map)', () => {
    const t = new HostTable(512, 4);
    const ref = new Map<number, number>();
    let seed = 1;
    const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0), seed >>> 8);
    for (let i = 0; i < 20000; i++) {
      const a = rnd() % 700;
      if (rnd() % 3 === 0 && ref.has(a)) {
        t.release(ref.get(a)!);
        ref.delete(a);
      } else if (!ref.has(a) && ref.size < 512) {
        const s = t.acquire(0, 0, 0xffff, a, 0, 0);
        expect(s).toBeGreaterThanOrEqual(0);
        ref.set(a, s);
      }
      const probe = rnd() % 700;
      expect(t.find(0, 0, 0xffff, probe)).toBe(ref.get(probe) ?? -1);
    }
    expect(t.live).toBe(ref.size);
  });

  it('zeroes the buckets of a released slot before it is reused', () => {
    const t = new HostTable(1, 2);
    const s = t.acquire(0, 0, 0xffff, 1, 0, 100);
    t.data.fill(5, s * t.stride, (s + 1) * t.stride);
    t.release(s);
    const s2 = t.acquire(0, 0, 0xffff, 2, 0, 100);
    expect(s2).toBe(s);
    expect(Array.from(t.data.subarray(0, 2 * SERIES)).every((v) => v === 0)).toBe(true);
  });

  it('when full, reuses the slots of addresses not seen again (CLOCK), never a pinned one', () => {
    const t = new HostTable(8, 4);
    for (let a = 0; a < 8; a++) t.acquire(0, 0, 0xffff, a, 0, 100);
    for (const a of [1, 3, 5]) t.acquire(0, 0, 0xffff, a, 0, 100); // seen again: reference bit set
    t.pinned[t.find(0, 0, 0xffff, 7)] = 0; // under attack
    for (let a = 100; a < 104; a++) expect(t.acquire(0, 0, 0xffff, a, 0, 100)).toBeGreaterThanOrEqual(0);
    const kept = [0, 1, 2, 3, 4, 5, 6, 7].filter((a) => t.find(0, 0, 0xffff, a) >= 0);
    expect(kept).toEqual([1, 3, 5, 7]);
    expect(t.evictions).toBe(4);
  });

  it('drops (and counts) a new address when every slot is pinned', () => {
    const t = new HostTable(4, 4);
    for (let a = 0; a < 4; a++) t.pinned[t.acquire(0, 0, 0xffff, a, 0, 100)] = a;
    expect(t.acquire(0, 0, 0xffff, 9, 0, 100)).toBe(-1);
    expect(t.drops).toBe(1);
    expect(t.live).toBe(4);
  });
});
