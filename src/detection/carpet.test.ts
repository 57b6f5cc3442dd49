import { describe, expect, it } from 'vitest';
import { formatAddress } from '../core/ip.js';
import { F, nth, P, run, samplesPerStep, testEngine, type RecordSpec } from './testing/flow-builder.js';

/** Each of `hosts` addresses from `first` receives `ppsPerHost` from 3000 bots, sampled 1:1000. */
const carpet =
  (first: string, hosts: number, ppsPerHost: number, flags: number = F.SYN) =>
  (now: number, k: number): RecordSpec[] =>
    Array.from({ length: samplesPerStep(hosts * ppsPerHost, 1000, 100, k) }, (_, j) => {
      const n = k * 7777 + j;
      return { src: nth('100.64.0.0', (n * 2654435761) % 3000), dst: nth(first, (n * 40503) % hosts), protocol: P.TCP, tcpFlags: flags, bytes: 60, samplingRate: 1000, endMs: now };
    });

describe('carpet bombing (per-prefix detection)', () => {
  it('detects an attack spread over a /22 where every host stays under its own threshold', () => {
    const h = testEngine();
    run(h, 10, carpet('198.18.0.0', 1024, 3000)); // 3 kpps per host = 15 % of the host threshold
    expect(h.sink.of('attack.started').map((e) => [e.scope, e.target])).toEqual([['prefix', '198.18.0.0/22']]);
    const u = h.sink.of('attack.updated').at(-1)!;
    expect(u).toMatchObject({ scope: 'prefix', networkId: 'net-kumo-4', organizationId: 'org-kumo', networkPrefix: '198.18.0.0/22' });
    expect(u.rates.total.pps).toBeGreaterThan(2.9e6);
    expect(u.targetCount).toBeGreaterThan(1024 * 0.9);
    expect(u.targetCount).toBeLessThan(1024 * 1.1);
    expect(u.vectors.map((v) => v.vector)).toEqual(['syn_flood']);
  });

  it('reports a single flooded host as a host attack, not also as an attack on its prefix', () => {
    const h = testEngine();
    // 200 kpps: ten times the host threshold and above the /24's default aggregate threshold (160 kpps).
    run(h, 10, carpet('192.0.2.10', 1, 200000));
    expect(h.sink.of('attack.started').map((e) => [e.scope, e.target])).toEqual([['host', '192.0.2.10']]);
  });

  it('reports both when a host attack comes with a carpet over the rest of the prefix', () => {
    const h = testEngine();
    run(h, 10, (now, k) => [...carpet('192.0.2.10', 1, 100000)(now, k), ...carpet('192.0.2.0', 256, 1000)(now, k)]);
    expect(
      h.sink
        .of('attack.started')
        .map((e) => `${e.scope} ${e.target}`)
        .sort(),
    ).toEqual(['host 192.0.2.10', 'prefix 192.0.2.0/24']);
  });

  it('counts a nested network towards its parent prefix', () => {
    const h = testEngine({}, [
      { id: 'kumo', organizationId: 'o', prefix: '198.18.0.0/22' },
      { id: 'kumo-dc', organizationId: 'o', prefix: '198.18.2.0/24', thresholds: { total: { pps: 60000 } } },
    ]);
    // Everything lands inside the nested /24 (1.5 kpps × 256 = 384 kpps < 8 × 60 kpps, > 8 × 20 kpps).
    run(h, 10, carpet('198.18.2.0', 256, 1500));
    expect(h.sink.of('attack.started').map((e) => `${e.scope} ${e.target}`)).toEqual(['prefix 198.18.0.0/22']);
  });

  it('detects carpet bombing of an IPv6 /48 with random interface ids', () => {
    const h = testEngine();
    run(h, 10, (now, k) =>
      Array.from({ length: samplesPerStep(2e6, 1000, 100, k) }, (_, j) => {
        const n = (k * 7777 + j) >>> 0;
        const dst = [0x20010db8, 0x04000000 | (n & 0xffff), Math.imul(n, 2654435761) >>> 0, Math.imul(n, 40503) >>> 0] as [number, number, number, number];
        return { src: [0x20010db8, 0xf0000000, 0, n % 3000] as [number, number, number, number], dst, protocol: P.UDP, srcPort: 123, bytes: 468, samplingRate: 1000, endMs: now };
      }),
    );
    const s = h.sink.of('attack.started');
    expect(s.map((e) => [e.scope, e.target, e.family])).toEqual([['prefix', '2001:db8:400::/48', 6]]);
    const u = h.sink.of('attack.updated').at(-1)!;
    expect(u.vectors).toEqual([expect.objectContaining({ vector: 'reflection', service: 'ntp', port: 123 })]);
    expect(formatAddress(0x20010db8, 0xf0000000, 0, 5)).toBe('2001:db8:f000::5');
    expect(u.topSources[0]!.address.startsWith('2001:db8:f000::')).toBe(true);
  });

  describe('hit extent: what a mitigation should target', () => {
    const REGISTERED = [{ id: 'kumo-16', organizationId: 'org-kumo', prefix: '10.20.0.0/16' }];
    /** Benign QUIC (UDP, like the flood) at about 2 pps to each of 4 000 hosts spread over the whole /16. */
    const benign = (now: number, k: number): RecordSpec[] =>
      Array.from({ length: samplesPerStep(8000, 20, 100, k) }, (_, j) => ({
        src: nth('172.16.0.1', j),
        dst: nth('10.20.0.0', ((k * 811 + j) * 16) % 65536),
        protocol: P.UDP,
        srcPort: 50000 + j,
        dstPort: 443,
        bytes: 1200,
        samplingRate: 20,
        endMs: now,
      }));
    /** Each host of `hosts` from `first` receives `pps`, sampled 1:20. */
    const spread =
      (first: string, hosts: number, pps: number) =>
      (now: number, k: number): RecordSpec[] =>
        Array.from({ length: samplesPerStep(hosts * pps, 20, 100, k) }, (_, j) => {
          const n = k * 7777 + j;
          return { src: nth('100.64.0.0', (n * 2654435761) % 3000), dst: nth(first, (n * 40503) % hosts), protocol: P.UDP, srcPort: 40000 + (n % 1000), bytes: 540, samplingRate: 20, endMs: now };
        });

    it('a /22 hit inside a registered /16: the extent is the /22, every host of it hit', () => {
      const h = testEngine({ thresholds: { host: { total: { pps: 1000 } } } }, REGISTERED);
      run(h, 10, (now, k) => [...benign(now, k), ...spread('10.20.4.0', 1024, 500)(now, k)]);
      expect(h.sink.of('attack.started').map((e) => [e.scope, e.target])).toEqual([['prefix', '10.20.0.0/16']]);
      const x = h.sink.of('attack.updated').at(-1)!.extent!;
      expect(x.cover).toMatchObject({ prefix: '10.20.4.0/22', hostsHit: 1024, hostShare: 1 });
      expect(x.prefixes.map((p) => p.prefix)).toEqual(['10.20.4.0/22']);
      expect(x.hostsHit).toBe(1024);
      expect(x.approximate).toBe(false);
    });

    it('two /24s far apart: the covering prefix is wide and sparse, so the extent lists the two', () => {
      const h = testEngine({ thresholds: { host: { total: { pps: 1000 } } } }, REGISTERED);
      run(h, 10, (now, k) => [...benign(now, k), ...spread('10.20.1.0', 256, 600)(now, k), ...spread('10.20.200.0', 256, 400)(now, k)]);
      const x = h.sink.of('attack.updated').at(-1)!.extent!;
      expect(x.cover.prefix).toBe('10.20.0.0/16');
      expect(x.cover.hostShare).toBeCloseTo(512 / 65536, 4);
      expect(x.prefixes.map((p) => [p.prefix, p.hostsHit, p.hostShare])).toEqual([
        ['10.20.1.0/24', 256, 1],
        ['10.20.200.0/24', 256, 1],
      ]);
      expect(x.prefixes[0]!.packetShare).toBeCloseTo(0.6, 1);
      // The ended event keeps the extent for the record.
      run(h, 30, () => []);
      expect(h.sink.of('attack.ended')[0]!.extent!.prefixes).toHaveLength(2);
    });

    it('host attacks carry no extent', () => {
      const h = testEngine();
      run(h, 5, carpet('192.0.2.10', 1, 200000));
      expect(h.sink.of('attack.updated').at(-1)!.extent).toBeUndefined();
    });
  });
});
