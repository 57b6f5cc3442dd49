import { describe, expect, it } from 'vitest';
import { LAG_SECONDS, RecentMax } from './recent-max.js';

describe('RecentMax', () => {
  it('holds the largest lag of the last seconds, then forgets it', () => {
    const l = new RecentMax();
    l.advance(100);
    l.observe(3, 1200);
    l.observe(3, 400);
    expect(l.lagMs[3]).toBe(1200);
    l.advance(101);
    l.observe(3, 300);
    l.advance(102);
    expect(l.lagMs[3]).toBe(1200);
    // The last LAG_SECONDS closed seconds count: at 100 + LAG_SECONDS, second 100 still does.
    l.advance(100 + LAG_SECONDS);
    expect(l.lagMs[3]).toBe(1200);
    l.advance(101 + LAG_SECONDS);
    expect(l.lagMs[3]).toBe(300);
    l.advance(102 + LAG_SECONDS);
    expect(l.lagMs[3]).toBe(0);
    // A long pause forgets everything at once.
    l.observe(3, 900);
    l.advance(200 + LAG_SECONDS);
    expect(l.lagMs[3]).toBe(0);
  });

  it('grows for new exporters and follows renumbered networks', () => {
    const l = new RecentMax();
    l.ensure(40);
    l.advance(10);
    l.observe(40, 700);
    l.observe(2, 150);
    l.advance(11);
    l.remap(
      Int32Array.from({ length: 41 }, (_, i) => (i === 40 ? 0 : i === 2 || i >= 5 ? -1 : i)),
      5,
    );
    expect([l.lagMs[0], l.lagMs[2]]).toEqual([700, 0]);
    l.advance(12);
    expect(l.lagMs[0]).toBe(700);
  });
});
