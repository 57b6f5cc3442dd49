import { describe, expect, it } from 'vitest';
import { ExporterLag } from './exporter-lag.js';

/** Adds `packets` at `lagMs` for exporter `e`, as the record path does. */
function add(l: ExporterLag, e: number, lagMs: number, packets: number): void {
  l.hist[e * l.bins + Math.floor(lagMs / l.binMs)]! += packets;
}

describe('ExporterLag', () => {
  it('is the lag by which 99 % of the packets arrived: a few late packets do not count, a late share does', () => {
    const l = new ExporterLag(8000);
    l.ensure(20);
    l.advance(100);
    add(l, 3, 150, 1000);
    add(l, 3, 4000, 5);
    add(l, 20, 150, 1000);
    add(l, 20, 4000, 50);
    l.advance(101);
    expect(l.lagMs[3]).toBe(199);
    expect(l.lagMs[20]).toBe(4099);
    expect(l.lagMs[0]).toBe(0);
  });

  it('forgets what it saw as seconds pass without it', () => {
    const l = new ExporterLag(8000);
    l.advance(100);
    add(l, 0, 2500, 100);
    l.advance(101);
    expect(l.lagMs[0]).toBe(2599);
    add(l, 0, 50, 100);
    l.advance(102);
    // Still most of the recent packets' weight is late.
    expect(l.lagMs[0]).toBe(2599);
    for (let s = 103; s < 125; s++) {
      add(l, 0, 50, 100);
      l.advance(s);
    }
    expect(l.lagMs[0]).toBe(99);
    l.advance(1000);
    expect(l.lagMs[0]).toBe(0);
  });
});
