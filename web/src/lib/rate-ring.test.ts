import { describe, expect, it } from 'vitest';
import { RateRing } from './rate-ring.js';

describe('RateRing', () => {
  it('keeps the last hour and shows missing seconds as gaps', () => {
    const r = new RateRing(4, 1000);
    r.load(10_000, { total: [1, 2], udp: [1, 0] }, { total: [8, 16] });
    r.put(13_000, { total: 4 }, { total: 32 });
    expect(r.windowStart()).toBe(10_000);
    expect([...r.series('total', 'pps')]).toEqual([1, 2, NaN, 4]);
    expect([...r.series('total', 'bps')]).toEqual([8, 16, NaN, 32]);
    expect([...r.series('udp', 'pps')]).toEqual([1, 0, NaN, 0]);
    r.put(15_000, { total: 6 }, { total: 48 });
    expect(r.windowStart()).toBe(12_000);
    expect([...r.series('total', 'pps')]).toEqual([NaN, 4, NaN, 6]);
  });
  it('keeps newer seconds when older history arrives late', () => {
    const r = new RateRing(3, 1000);
    r.put(20_000, { total: 9 }, {});
    r.load(15_000, { total: [1, 2, 3, 4, 5] }, {});
    // 17 s shares a slot with 20 s and must not replace it.
    expect([...r.series('total', 'pps')]).toEqual([4, 5, 9]);
  });
  it('finds the oldest second with traffic', () => {
    const r = new RateRing(5, 1000);
    expect(r.firstActive()).toBeNaN();
    r.load(10_000, { total: [0, 0, 3, 0, 4] }, {});
    expect(r.firstActive()).toBe(12_000);
  });
  it('lets a late second overwrite the earlier value and ignores seconds older than the window', () => {
    const r = new RateRing(3, 1000);
    r.put(5_000, { total: 1 }, {});
    r.put(5_000, { total: 3 }, {});
    r.put(1_000, { total: 99 }, {});
    expect(r.at(5_000, 'total', 'pps')).toBe(3);
    expect(r.at(1_000, 'total', 'pps')).toBeNaN();
  });
});
