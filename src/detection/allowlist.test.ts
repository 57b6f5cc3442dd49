import { describe, expect, it } from 'vitest';
import { F, nth, P, run, samplesPerStep, testEngine, type RecordSpec } from './testing/flow-builder.js';

const from =
  (src: (j: number) => string | [number, number, number, number], dst: string, pps: number, flags: number = F.ACK) =>
  (now: number, k: number): RecordSpec[] =>
    Array.from({ length: samplesPerStep(pps, 1000, 100, k) }, (_, j) => ({ src: src(k * 100 + j), dst, protocol: P.TCP, tcpFlags: flags, bytes: 1400, samplingRate: 1000, endMs: now }));

describe('allowlist', () => {
  it('never counts a known heavy hitter as an attack', () => {
    const h = testEngine({ allowlist: ['172.16.5.5', '2001:db8:e000::/48'] });
    run(
      h,
      10,
      from(() => '172.16.5.5', '192.0.2.10', 100000),
    ); // a backup server: 100 kpps
    expect(h.sink.events).toHaveLength(0);
    expect(h.engine.state.counters.allowlisted).toBeGreaterThan(0);
  });

  it('keeps allowlisted traffic out of attack rates and attacker lists', () => {
    const h = testEngine({ allowlist: ['172.16.5.0/24'] });
    run(h, 5, (now, k) => [...from(() => '172.16.5.5', '192.0.2.10', 100000)(now, k), ...from((j) => nth('100.64.0.0', j % 300), '192.0.2.10', 30000, F.SYN)(now, k)]);
    run(h, 30, () => []);
    const e = h.sink.of('attack.ended')[0]!;
    expect(e.peak.total.pps).toBe(30000);
    expect(e.attackers.some((a) => a.address.startsWith('172.16.'))).toBe(false);
  });

  it('can exclude a protected destination', () => {
    const h = testEngine({ allowlist: ['192.0.2.53/32'] });
    run(
      h,
      5,
      from((j) => nth('100.64.0.0', j % 300), '192.0.2.53', 80000),
    );
    expect(h.sink.events).toHaveLength(0);
  });

  it('rejects an entry that is not an address or prefix', () => {
    const h = testEngine();
    expect(() => h.engine.setAllowlist(['192.0.2.0/33'])).toThrow(/SAKIMORI_ERR_DETECTION_INVALID_ALLOWLIST|invalid allowlist entry/);
  });
});
