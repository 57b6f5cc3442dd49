import { describe, expect, it } from 'vitest';
import { F, nth, P, run, samplesPerStep, testEngine, type RecordSpec } from './testing/flow-builder.js';

/** The same SYN flood, to an IPv4 or an IPv6 host of the same organisation. */
const flood =
  (src: string, dst: string, pps: number) =>
  (now: number, k: number): RecordSpec[] =>
    Array.from({ length: samplesPerStep(pps, 1000, 100, k) }, (_, j) => ({ src: nth(src, (k * 13 + j) % 500), dst, protocol: P.TCP, tcpFlags: F.SYN, bytes: 80, samplingRate: 1000, endMs: now }));

describe('IPv6 parity', () => {
  const listed: number[] = [];
  it.each([
    ['IPv4', '100.64.0.0', '192.0.2.10', 'net-aozora-4', 4],
    ['IPv6', '2001:db8:f000::', '2001:db8:100::10', 'net-aozora-6', 6],
  ] as const)('%s: same detection, rates, vectors and sources', (_f, src, dst, networkId, family) => {
    const h = testEngine();
    run(h, 5, flood(src, dst, 40000));
    run(h, 30, () => []);
    const s = h.sink.of('attack.started');
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ scope: 'host', target: dst, family, networkId, organizationId: 'org-aozora' });
    const e = h.sink.of('attack.ended')[0]!;
    expect(e.peak.tcp_syn.pps).toBe(40000);
    expect(e.vectors.map((v) => v.vector)).toEqual(['syn_flood']);
    const sources = new Set<number>();
    for (let k = 0; k < 50; k++) for (let j = 0; j < samplesPerStep(40000, 1000, 100, k); j++) sources.add((k * 13 + j) % 500);
    // Sources seen only before detection (the first half second) are not in the evidence.
    expect(e.attackers.length).toBeGreaterThan(sources.size * 0.9);
    expect(e.attackers.every((a) => a.address.startsWith(src.slice(0, 6)))).toBe(true);
    listed.push(e.attackers.length);
    if (listed.length === 2) expect(listed[0]).toBe(listed[1]);
  });

  it('does not confuse an IPv6 address whose low 32 bits look like a protected IPv4 address', () => {
    const h = testEngine();
    run(h, 3, flood('2001:db8:f000::', '::c000:20a', 40000)); // ::192.0.2.10 is not ::ffff:192.0.2.10
    expect(h.sink.events).toHaveLength(0);
    expect(h.engine.state.counters.unprotected).toBeGreaterThan(0);
  });
});
