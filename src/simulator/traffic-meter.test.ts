import { describe, expect, it } from 'vitest';
import { parseAddress, parsePrefix } from '../core/ip.js';
import { TrafficMeter } from './traffic-meter.js';
import { PacketBatch } from './traffic/packet-batch.js';

const T = Date.UTC(2026, 0, 15);

describe('TrafficMeter', () => {
  it('counts true packets per second towards each prefix, splitting spread rows by time', () => {
    const m = new TrafficMeter([parsePrefix('192.0.2.80/32'), parsePrefix('192.0.2.0/24')], T);
    const b = new PacketBatch();
    const src = new Uint32Array(parseAddress('100.64.0.1'));
    const add = (t: number, dst: string, count: number, span: number): void => {
      const i = b.add(t, 4, 6, 40, 0, 0);
      b.setAddresses(i, src, 0, new Uint32Array(parseAddress(dst)), 0);
      b.count[i] = count;
      b.spanMs[i] = span;
      m.add(b, i);
    };
    add(T + 100, '192.0.2.80', 1, 0);
    add(T + 999, '192.0.2.80', 1, 0);
    add(T + 1000, '192.0.2.80', 1, 0);
    // 400 packets over [0.5 s, 2.5 s]: 100 in the first second, 200 in the second, 100 in the third.
    add(T + 500, '192.0.2.9', 400, 2000);
    add(T + 500, '198.51.100.1', 50, 0);
    const [host, net] = m.result();
    expect(host!.prefix).toBe('192.0.2.80/32');
    expect(Array.from(host!.packets.subarray(0, 2))).toEqual([2, 1]);
    expect(Array.from(net!.packets)).toEqual([102, 201, 100]);
  });
});
