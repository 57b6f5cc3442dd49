import { describe, expect, it } from 'vitest';
import { parsePrefix } from '../core/ip.js';
import { batchOf, type RecordSpec } from '../detection/testing/flow-builder.js';
import { AttackTrafficObserver } from './attack-traffic-observer.js';

const T0 = Date.UTC(2026, 0, 15, 1, 0, 0);
const targets = [
  { id: 'syn', prefix: parsePrefix('192.0.2.80'), startMs: T0 + 30_000, endMs: T0 + 40_000 },
  { id: 'carpet', prefix: parsePrefix('198.18.0.0/22'), startMs: T0 + 30_000, endMs: T0 + 40_000 },
  { id: 'v6', prefix: parsePrefix('2001:db8:300::443'), startMs: T0 + 30_000, endMs: T0 + 40_000 },
];
const rec = (src: string, dst: string, atS: number, packets = 1): RecordSpec => ({ src, dst, endMs: T0 + atS * 1000, packets });

describe('AttackTrafficObserver', () => {
  it('attributes each record to the datagram that carried it, across batches that split datagrams', () => {
    const o = new AttackTrafficObserver(targets);
    // Three datagrams of 3, 4 and 2 records, handed over as batches of 2, 5 and 2 records.
    const d1 = [rec('172.16.0.1', '192.0.2.80', 31), rec('172.16.0.2', '203.0.113.1', 31), rec('100.64.0.1', '192.0.2.80', 31)];
    const d2 = [rec('100.64.0.1', '192.0.2.80', 32, 2), rec('100.64.0.2', '192.0.2.80', 32), rec('100.64.0.3', '198.18.3.7', 32), rec('100.64.0.4', '198.18.4.0', 32)];
    const d3 = [rec('2001:db8:f000::9', '2001:db8:300::443', 33), rec('100.64.0.5', '192.0.2.80', 33)];
    o.datagram(T0 + 31_100, 0);
    o.consume(batchOf(d1.slice(0, 2)));
    o.datagram(T0 + 32_100, 3);
    o.consume(batchOf([d1[2]!, ...d2]));
    o.datagram(T0 + 33_100, 4);
    o.consume(batchOf(d3));
    expect(o.totals(2)).toEqual({ consumed: 9, decoded: 9 });

    const syn = o.sightings('syn');
    expect([...syn.keys()].sort()).toEqual(['100.64.0.1', '100.64.0.2', '100.64.0.5', '172.16.0.1']);
    expect(syn.get('100.64.0.1')).toEqual({ firstDatagramMs: T0 + 31_100, sampledPackets: 3 });
    expect(syn.get('100.64.0.2')!.firstDatagramMs).toBe(T0 + 32_100);
    expect(syn.get('100.64.0.5')!.firstDatagramMs).toBe(T0 + 33_100);
    // Prefix targets take any host inside, and nothing outside.
    expect([...o.sightings('carpet').keys()]).toEqual(['100.64.0.3']);
    expect([...o.sightings('v6').keys()]).toEqual(['2001:db8:f000::9']);
    expect(o.sightings('unknown').size).toBe(0);
  });

  it('counts a record only when its flow interval overlaps the attack window (with a second of slack)', () => {
    const o = new AttackTrafficObserver(targets);
    o.datagram(T0 + 50_000, 0);
    o.consume(
      batchOf([
        rec('100.64.0.1', '192.0.2.80', 28.9), // ended before start − 1 s
        rec('100.64.0.2', '192.0.2.80', 29.5),
        { src: '100.64.0.3', dst: '192.0.2.80', startMs: T0 + 20_000, endMs: T0 + 50_000 }, // a long flow spanning the window
        { src: '100.64.0.4', dst: '192.0.2.80', startMs: T0 + 41_500, endMs: T0 + 45_000 }, // started after end + 1 s
      ]),
    );
    expect([...o.sightings('syn').keys()].sort()).toEqual(['100.64.0.2', '100.64.0.3']);
  });
});
