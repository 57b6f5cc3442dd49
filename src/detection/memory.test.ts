import { describe, expect, it } from 'vitest';
import { HostTable } from './host-table.js';
import { nth, P, run, samplesPerStep, testEngine, type RecordSpec } from './testing/flow-builder.js';

/** `pps` (sampled 1:100) to random destinations across the carrier's /22 and /48. */
const randomFlood =
  (pps: number) =>
  (now: number, k: number): RecordSpec[] =>
    Array.from({ length: samplesPerStep(pps, 100, 100, k) }, (_, j) => {
      const n = Math.imul(k * 100003 + j, 2654435761) >>> 0;
      const dst: [number, number, number, number] = n & 1 ? [0, 0, 0xffff, (0xc6120000 | (n & 0x3ff)) >>> 0] : [0x20010db8, 0x04000000 | (n >>> 16), Math.imul(n, 40503) >>> 0, n];
      return { src: nth('100.64.0.0', n % 5000), dst, protocol: P.UDP, bytes: 200, samplingRate: 100, endMs: now };
    });

describe('bounded memory under a random-destination flood', () => {
  it('keeps at most maxHosts destinations, with memory fixed at construction, and still detects', () => {
    const h = testEngine({ maxHosts: 1024 });
    const hosts = h.engine.state.hosts;
    const bytes = hosts.byteLength;
    expect(bytes / hosts.capacity).toBeLessThanOrEqual(HostTable.bytesPerHost(h.engine.state.window) + 8);
    run(h, 20, randomFlood(2e6)); // 2000 records a step, nearly all to new addresses
    expect(hosts.live).toBeLessThanOrEqual(1024);
    // New addresses took the slots of addresses seen once (or, rarely, were counted per prefix only).
    expect(hosts.evictions + hosts.drops).toBeGreaterThan(150000);
    expect(hosts.byteLength).toBe(bytes);
    expect(
      h.sink
        .of('attack.started')
        .map((e) => e.target)
        .sort(),
    ).toEqual(['198.18.0.0/22', '2001:db8:400::/48']);
  });

  it('still finds a flooded host among them', () => {
    const h = testEngine({ maxHosts: 1024 });
    run(h, 5, randomFlood(2e6));
    run(h, 5, (now, k) => [
      ...randomFlood(2e6)(now, k),
      ...Array.from({ length: samplesPerStep(50000, 100, 100, k) }, (_, j) => ({ src: nth('100.64.0.0', j), dst: '198.18.1.77', protocol: P.UDP, bytes: 200, samplingRate: 100, endMs: now })),
    ]);
    expect(h.sink.of('attack.started').some((e) => e.scope === 'host' && e.target === '198.18.1.77')).toBe(true);
  });

  it('releases idle hosts once their window has passed', () => {
    const h = testEngine({ maxHosts: 4096 });
    run(h, 3, randomFlood(2e5));
    expect(h.engine.state.hosts.live).toBeGreaterThan(1000);
    run(h, 15, () => []);
    expect(h.engine.state.hosts.live).toBe(0);
  });
});
