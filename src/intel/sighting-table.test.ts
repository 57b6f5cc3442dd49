import { describe, expect, it } from 'vitest';
import { SightingTable } from './sighting-table.js';

describe('sighting table', () => {
  it('keeps every pair reachable through random records and evictions', () => {
    const t = new SightingTable(256);
    const model = new Map<string, { slot: number; count: number }>();
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let x = Math.imul(seed ^ (seed >>> 15), seed | 1);
      x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
      return ((x ^ (x >>> 14)) >>> 0) % n;
    };
    let now = 1000;
    for (let step = 0; step < 20000; step++) {
      now += 1;
      // Few distinct pairs, so the table fills, evicts and reuses slots.
      const ref = rnd(4);
      const host = rnd(120);
      const key = `${ref}/${host}`;
      const s = t.record(ref, 0, 0, 0xffff, 0xc0000200 + host, rnd(2) === 0, 443, 6, 1, 60, now, now);
      if (s < 0) {
        expect(model.size).toBe(256);
        continue;
      }
      const m = model.get(key);
      if (m !== undefined) expect(s).toBe(m.slot);
      model.set(key, { slot: s, count: (m?.count ?? 0) + 1 });
      expect(t.count[s]).toBe(model.get(key)!.count);
      if (step % 500 === 499) {
        // Acknowledge every slot, then evict those idle for 200 ticks.
        for (const v of model.values()) t.ack(v.slot, t.totals(v.slot), 'id');
        const before = model.size;
        const evicted = t.evictIdle(now - 200);
        for (const [k, v] of model) if (t.last[v.slot]! < now - 200) model.delete(k);
        expect(before - model.size).toBe(evicted);
        expect(t.live).toBe(model.size);
      }
    }
    expect(t.drops).toBeGreaterThan(0);
  });

  it('reports pending counts until acknowledged, and never evicts unacknowledged pairs', () => {
    const t = new SightingTable(16);
    const s = t.record(1, 0, 0, 0xffff, 0xc0000201, true, 8443, 6, 3, 300, 100, 200);
    t.record(1, 0, 0, 0xffff, 0xc0000201, false, 8443, 6, 2, 200, 50, 300);
    t.record(1, 0, 0, 0xffff, 0xc0000201, true, 443, 17, 1, 100, 400, 400);
    expect(t.pending(s)).toEqual({ count: 3, outbound: 2, inbound: 1, packets: 6, bytes: 600 });
    expect([t.first[s], t.last[s], t.portList(s), t.protocolList(s)]).toEqual([50, 400, [443, 8443], [6, 17]]);
    expect(t.evictIdle(10_000)).toBe(0);
    t.ack(s, t.totals(s), 'S1');
    t.record(1, 0, 0, 0xffff, 0xc0000201, true, 8443, 6, 1, 100, 500, 500);
    expect(t.pending(s)).toEqual({ count: 1, outbound: 1, inbound: 0, packets: 1, bytes: 100 });
    expect(t.evictIdle(10_000)).toBe(0);
    t.ack(s, t.totals(s), 'S1');
    expect(t.evictIdle(10_000)).toBe(1);
    expect(t.live).toBe(0);
  });
});
