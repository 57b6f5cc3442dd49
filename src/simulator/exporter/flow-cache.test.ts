import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../core/ip.js';
import { Frag, PacketBatch } from '../traffic/packet-batch.js';
import { FlowCache } from './flow-cache.js';

const T = Date.UTC(2026, 0, 15);

function row(b: PacketBatch, t: number, src: string, sport: number, opts: { proto?: number; flags?: number; frag?: number; len?: number } = {}): number {
  const i = b.add(t, 4, opts.proto ?? 6, opts.len ?? 1500, 0, 0);
  b.setAddresses(i, new Uint32Array(parseAddress(src)), 0, new Uint32Array(parseAddress('192.0.2.10')), 0);
  b.srcPort[i] = sport;
  b.dstPort[i] = 443;
  b.tcpFlags[i] = opts.flags ?? 0x10;
  b.frag[i] = opts.frag ?? 0;
  return i;
}

function feed(cache: FlowCache, b: PacketBatch, i: number): void {
  cache.add(b, i, b.count[i]!, b.count[i]! * b.ipLen[i]!, b.timeMs[i]!, b.timeMs[i]! + b.spanMs[i]!, 1, 10, 0);
}

describe('FlowCache', () => {
  it('exports an idle flow once the inactive timeout has passed since its last packet', () => {
    const cache = new FlowCache({ activeTimeoutMs: 60_000, inactiveTimeoutMs: 15_000, maxEntries: 4096 });
    const b = new PacketBatch();
    for (let s = 0; s <= 5; s++) feed(cache, b, row(b, T + s * 1000, '172.16.0.1', 50000));
    cache.expire(T + 19_999);
    expect(cache.exports.length).toBe(0);
    cache.expire(T + 20_000);
    const r = cache.exports;
    expect(r.length).toBe(1);
    expect([r.packets[0], r.bytes[0], r.startMs[0], r.endMs[0], r.srcPort[0], r.dstPort[0], r.inputIf[0], r.outputIf[0]]).toEqual([6, 9000, T, T + 5000, 50000, 443, 1, 10]);
    expect(cache.size).toBe(0);
  });

  it('cuts a long flow into records of at most the active timeout each', () => {
    const cache = new FlowCache({ activeTimeoutMs: 60_000, inactiveTimeoutMs: 15_000, maxEntries: 4096 });
    const b = new PacketBatch();
    // A 150 s download, 100 packets per second, swept every second like the exporter does.
    for (let s = 0; s < 150; s++) {
      b.clear();
      const i = row(b, T + s * 1000, '172.16.0.2', 50001);
      b.count[i] = 100;
      b.spanMs[i] = 999;
      feed(cache, b, i);
      cache.expire(T + (s + 1) * 1000);
    }
    cache.expire(T + 200_000);
    const r = cache.exports;
    expect(r.length).toBe(3);
    const spans = Array.from({ length: r.length }, (_, k) => r.endMs[k]! - r.startMs[k]!);
    for (const d of spans) expect(d).toBeLessThan(60_000);
    expect(Array.from(r.packets.subarray(0, 3))).toEqual([6000, 6000, 3000]);
    expect(r.startMs[1]).toBe(T + 60_000);
  });

  it('exports TCP flows ended by FIN or RST at the next sweep', () => {
    const cache = new FlowCache({ activeTimeoutMs: 60_000, inactiveTimeoutMs: 15_000, maxEntries: 4096 });
    const b = new PacketBatch();
    feed(cache, b, row(b, T, '172.16.0.3', 50002, { flags: 0x02 }));
    feed(cache, b, row(b, T + 10, '172.16.0.3', 50002, { flags: 0x11 }));
    feed(cache, b, row(b, T + 10, '172.16.0.4', 50003, { flags: 0x04 }));
    feed(cache, b, row(b, T + 10, '172.16.0.5', 50004, { flags: 0x10 }));
    cache.expire(T + 1000);
    expect(cache.exports.length).toBe(2);
    expect(Array.from(cache.exports.tcpFlags.subarray(0, 2)).sort((x, y) => x - y)).toEqual([0x04, 0x13]);
    expect(cache.size).toBe(1);
  });

  it('keys flows by addresses, ports, protocol and ICMP type; later fragments have no ports', () => {
    const cache = new FlowCache({ activeTimeoutMs: 60_000, inactiveTimeoutMs: 15_000, maxEntries: 4096 });
    const b = new PacketBatch();
    feed(cache, b, row(b, T, '100.96.0.1', 53, { proto: 17, frag: Frag.MoreFragments }));
    feed(cache, b, row(b, T, '100.96.0.1', 53, { proto: 17, frag: 185 }));
    feed(cache, b, row(b, T, '100.96.0.1', 54, { proto: 17, frag: 185 }));
    feed(cache, b, row(b, T, '100.96.0.1', 53, { proto: 17 }));
    const icmp = row(b, T, '100.96.0.1', 7, { proto: 1 });
    b.icmpTypeCode[icmp] = 0x0800;
    feed(cache, b, icmp);
    // The first fragment and the unfragmented datagram share a key (fragment flags are not part of it).
    expect(cache.size).toBe(3);
    cache.expire(T, true);
    const r = cache.exports;
    const later = Array.from({ length: r.length }, (_, k) => k).find((k) => r.fragOffset[k] === 185)!;
    expect([r.srcPort[later], r.dstPort[later], r.packets[later], r.fragFlags[later]]).toEqual([0, 0, 2, 0]);
    const first = Array.from({ length: r.length }, (_, k) => k).find((k) => r.fragFlags[k] === 0x20)!;
    expect([r.srcPort[first], r.packets[first]]).toEqual([53, 2]);
  });

  it('expires idle entries early when full and loses no packet', () => {
    const cache = new FlowCache({ activeTimeoutMs: 60_000, inactiveTimeoutMs: 15_000, maxEntries: 1024 });
    const b = new PacketBatch();
    for (let k = 0; k < 3000; k++) feed(cache, b, row(b, T + k, `100.64.${k >> 8}.${k & 255}`, 40000 + (k % 1000)));
    expect(cache.emergencyExpiries).toBeGreaterThan(0);
    expect(cache.size).toBeLessThanOrEqual(1024);
    let exported = 0;
    for (let k = 0; k < cache.exports.length; k++) exported += cache.exports.packets[k]!;
    expect(exported + cache.size).toBe(3000);
  });
});
