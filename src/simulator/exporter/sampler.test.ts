import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { PacketSampler } from './sampler.js';

/** |observed − n·p| must stay within 4 standard deviations of Binomial(n, p): fails by chance about once in 16 000 seeds. */
function expectBinomial(observed: number, n: number, p: number): void {
  const sigma = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(observed - n * p)).toBeLessThan(4 * sigma);
}

describe('PacketSampler', () => {
  it('passes every packet when unsampled', () => {
    const s = new PacketSampler(1, new Rng(1));
    expect(s.take(12345)).toBe(12345);
  });

  it('selects Binomial(n, 1/N) packets from single-packet rows', () => {
    const s = new PacketSampler(1000, new Rng(11));
    let k = 0;
    for (let i = 0; i < 2_000_000; i++) k += s.take(1);
    expectBinomial(k, 2_000_000, 1 / 1000);
  });

  it('selects the same share from rows of many packets as from single packets', () => {
    const rng = new Rng(12);
    const s = new PacketSampler(100, new Rng(13));
    let n = 0;
    let k = 0;
    for (let i = 0; i < 100_000; i++) {
      const count = 1 + rng.int(50);
      n += count;
      k += s.take(count);
    }
    expectBinomial(k, n, 1 / 100);
  });

  it('spaces selected packets N apart on average (geometric gaps)', () => {
    const s = new PacketSampler(500, new Rng(14));
    const gaps: number[] = [];
    let since = 0;
    for (let i = 0; i < 3_000_000; i++) {
      since++;
      if (s.take(1) === 1) {
        gaps.push(since);
        since = 0;
      }
    }
    const mean = gaps.reduce((a, g) => a + g, 0) / gaps.length;
    // The gap has mean N and standard deviation sqrt(1 − p)/p ≈ N.
    expect(Math.abs(mean - 500)).toBeLessThan((4 * 500) / Math.sqrt(gaps.length));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1);
  });
});
