import { describe, expect, it } from 'vitest';
import { SpaceSaving } from './space-saving.js';

describe('SpaceSaving', () => {
  it('counts exactly while it holds fewer keys than its capacity, growing as allowed', () => {
    const s = new SpaceSaving(4, 1024);
    for (let i = 0; i < 500; i++) s.offer(0, 0, 0xffff, i % 100, 1, 60, 1000 + i, 1);
    expect(s.size).toBe(100);
    expect(s.capacity).toBe(128);
    for (const e of s.ranked()) {
      expect(s.count[e]).toBe(5);
      expect(s.error[e]).toBe(0);
    }
    expect(s.total).toBe(500);
  });

  it('keeps every key heavier than total/capacity once full, with counts bounded by their error', () => {
    const s = new SpaceSaving(64, 64, () => false);
    const truth = new Map<number, number>();
    let seed = 3;
    const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0), seed >>> 8);
    for (let i = 0; i < 100000; i++) {
      // 10 heavy keys (half of the weight) among 20000 light ones.
      const key = rnd() % 2 === 0 ? rnd() % 10 : 1000 + (rnd() % 20000);
      s.offer(0, 0, 0xffff, key, 1, 100, i, 0);
      truth.set(key, (truth.get(key) ?? 0) + 1);
    }
    expect(s.size).toBe(64);
    const held = new Map<number, number>();
    for (let e = 0; e < s.size; e++) held.set(s.keys[e * 4 + 3]!, e);
    for (let k = 0; k < 10; k++) {
      const e = held.get(k);
      expect(e).toBeDefined();
      const t = truth.get(k)!;
      expect(s.count[e!]).toBeGreaterThanOrEqual(t);
      expect(s.count[e!]! - s.error[e!]!).toBeLessThanOrEqual(t);
    }
    expect(
      s
        .ranked()
        .slice(0, 10)
        .map((e) => s.keys[e * 4 + 3])
        .sort((a, b) => a! - b!),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('replaces exactly the smallest count, also on the first replacement after filling without a heap', () => {
    const s = new SpaceSaving(8, 32, () => true);
    let seed = 11;
    const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0), seed >>> 8);
    // Fill to capacity with uneven counts (no replacement yet), then mix hits and new keys.
    for (let i = 0; i < 2000; i++) s.offer(0, 0, 0xffff, i % 32, 1 + (rnd() % 50), 100, i, 0);
    expect(s.size).toBe(32);
    for (let i = 0; i < 5000; i++) {
      const key = rnd() % 3 === 0 ? 100 + (rnd() % 1000) : rnd() % 40;
      let min = Infinity;
      for (let e = 0; e < s.size; e++) min = Math.min(min, s.count[e]!);
      const held = new Set(Array.from({ length: s.size }, (_, e) => s.keys[e * 4 + 3]));
      const e = s.offer(0, 0, 0xffff, key, 1 + (rnd() % 5), 100, i, 0);
      if (!held.has(key)) {
        expect(s.fresh).toBe(true);
        expect(s.error[e]).toBe(min);
      }
    }
    expect(s.replacements).toBeGreaterThan(1000);
  });

  it('top(limit, accept) gives what the full ranking filtered and cut gives, ties in entry order', () => {
    const s = new SpaceSaving(16, 4096);
    let seed = 5;
    const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0), seed >>> 8);
    for (let i = 0; i < 20000; i++) s.offer(0, 0, 0xffff, rnd() % 3000, 1 + (rnd() % 3), 100, i, 1 << (rnd() % 3));
    const accept = (e: number): boolean => (s.flags[e]! & 2) !== 0;
    for (const limit of [0, 1, 7, 100, 2999, 10000]) {
      expect(s.top(limit, accept)).toEqual(s.ranked().filter(accept).slice(0, limit));
    }
  });

  it('records first and last seen and ORs flags', () => {
    const s = new SpaceSaving(8, 8);
    s.offer(1, 2, 3, 4, 2, 100, 5000, 1);
    const e = s.offer(1, 2, 3, 4, 3, 100, 3000, 4);
    expect(s.fresh).toBe(false);
    expect([s.count[e], s.bytes[e], s.first[e], s.last[e], s.flags[e]]).toEqual([5, 200, 3000, 5000, 5]);
  });
});
