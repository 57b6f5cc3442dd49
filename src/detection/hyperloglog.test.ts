import { describe, expect, it } from 'vitest';
import { HyperLogLog } from './hyperloglog.js';

describe('HyperLogLog', () => {
  it('counts few addresses almost exactly and many within a few per cent, duplicates ignored', () => {
    const small = new HyperLogLog();
    for (let i = 0; i < 3; i++) for (let k = 0; k < 50; k++) small.add(0, 0, 0xffff, (0xc0000200 + k) | 0);
    expect(small.estimate()).toBeGreaterThanOrEqual(49);
    expect(small.estimate()).toBeLessThanOrEqual(51);
    const large = new HyperLogLog();
    for (let k = 0; k < 100_000; k++) large.add(0x20010db8, 0, k >>> 16, k & 0xffff);
    expect(Math.abs(large.estimate() - 100_000) / 100_000).toBeLessThan(0.1);
    expect(new HyperLogLog().estimate()).toBe(0);
  });
});
