import { describe, expect, it } from 'vitest';
import { F, nth, P, run, samplesPerStep, testEngine, type RecordSpec } from './testing/flow-builder.js';

/** 5 kpps of ordinary web traffic to the host, sampled 1:1000, from 50 clients. */
const background =
  (dst: string) =>
  (now: number, k: number): RecordSpec[] =>
    Array.from({ length: samplesPerStep(5000, 1000, 100, k) }, (_, j) => ({
      src: nth('172.16.0.1', (k + j) % 50),
      dst,
      protocol: P.TCP,
      tcpFlags: F.ACK | F.PSH,
      bytes: 1000,
      samplingRate: 1000,
      endMs: now,
    }));

/** A SYN flood of `pps` from 2000 bots, sampled 1:1000. */
const synFlood =
  (dst: string, pps: number) =>
  (now: number, k: number): RecordSpec[] =>
    Array.from({ length: samplesPerStep(pps, 1000, 100, k) }, (_, j) => ({
      src: nth('100.64.0.0', (k * 131 + j * 7919) % 2000),
      dst,
      protocol: P.TCP,
      tcpFlags: F.SYN,
      bytes: 60,
      samplingRate: 1000,
      endMs: now,
    }));

const both =
  (...fs: Array<(now: number, k: number) => RecordSpec[]>) =>
  (now: number, k: number): RecordSpec[] =>
    fs.flatMap((f) => f(now, k));

describe('attack lifecycle', () => {
  it('detects a flood at twice the threshold within a second of its first packets and reports true rates', () => {
    const h = testEngine();
    run(h, 10.37, background('192.0.2.10'));
    const attackStart = h.clock.now();
    let detectedAt = -1;
    run(h, 10, (now, k) => {
      if (detectedAt < 0 && h.sink.of('attack.started').length > 0) detectedAt = now;
      return both(background('192.0.2.10'), synFlood('192.0.2.10', 40000))(now, k);
    });
    const started = h.sink.of('attack.started');
    expect(started).toHaveLength(1);
    // FastNetMon 1.2.4 needs 4.2 s at 2× its threshold.
    expect(detectedAt - attackStart).toBeLessThan(1000);
    expect(started[0]).toMatchObject({ scope: 'host', target: '192.0.2.10', networkId: 'net-aozora-4', organizationId: 'org-aozora', networkPrefix: '192.0.2.0/24' });
    expect(started[0]!.trigger).toMatchObject({ class: 'total', metric: 'pps', threshold: 20000, thresholdSource: 'default' });
    expect(started[0]!.vectors[0]).toMatchObject({ vector: 'syn_flood' });
    const updates = h.sink.of('attack.updated');
    // A full second of the attack: 40 kpps SYN plus 5 kpps of ordinary traffic, not a smoothed "power".
    const full = updates.find((u) => u.second >= attackStart + 1000)!;
    expect(full.rates.total.pps).toBe(45000);
    expect(full.rates.tcp_syn.pps).toBe(40000);
    expect(full.rates.total.bps).toBe(40000 * 60 * 8 + 5000 * 1000 * 8);
    expect(updates.at(-1)!.peak.total.pps).toBe(45000);
  });

  it('detects a one-second burst of 93 000 packets', () => {
    const h = testEngine();
    run(h, 5, background('192.0.2.10'));
    run(h, 1, synFlood('192.0.2.10', 93000));
    run(h, 30, background('192.0.2.10'));
    expect(h.sink.of('attack.started')).toHaveLength(1);
    const ended = h.sink.of('attack.ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]!.peak.tcp_syn.pps).toBe(93000);
    expect(ended[0]!.durationSeconds).toBeLessThanOrEqual(2);
  });

  it('stays quiet below the threshold', () => {
    const h = testEngine();
    // 12 kpps SYN + 5 kpps ordinary: 85 % of the threshold, three samples a second short of it.
    run(h, 60, both(background('192.0.2.10'), synFlood('192.0.2.10', 12000)));
    expect(h.sink.events).toHaveLength(0);
  });

  it('keeps one attack through short pauses and above the hysteresis level, and ends it after the cooldown', () => {
    const h = testEngine({ cooldownSeconds: 10, hysteresis: 0.5 });
    run(h, 5, background('192.0.2.10'));
    for (let pulse = 0; pulse < 4; pulse++) {
      run(h, 5, both(background('192.0.2.10'), synFlood('192.0.2.10', 60000)));
      run(h, 5, background('192.0.2.10')); // 5 s pause < 10 s cooldown
    }
    // 7 kpps SYN + 5 kpps ordinary = 12 kpps: 60 % of the threshold, above the hysteresis level.
    run(h, 20, both(background('192.0.2.10'), synFlood('192.0.2.10', 7000)));
    expect(h.sink.of('attack.started')).toHaveLength(1);
    expect(h.sink.of('attack.ended')).toHaveLength(0);
    const quietFrom = h.clock.now();
    run(h, 30, background('192.0.2.10')); // 5 kpps: 25 % of the threshold
    const ended = h.sink.of('attack.ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]!.reason).toBe('quiet');
    expect(ended[0]!.endedAt - quietFrom).toBeGreaterThanOrEqual(10000);
    expect(ended[0]!.endedAt - quietFrom).toBeLessThanOrEqual(14000);
    expect(ended[0]!.lastActiveAt).toBeLessThanOrEqual(quietFrom + 1000);
    expect(ended[0]!.peak.total.pps).toBe(65000);
    // Every second of the attack was reported, and nothing after the end.
    const updates = h.sink.of('attack.updated');
    expect(updates.every((u) => u.at < ended[0]!.endedAt)).toBe(true);
    expect(updates.length).toBeGreaterThan(60);
  });

  it('reports a new attack when the flood comes back after the end', () => {
    const h = testEngine({ cooldownSeconds: 5 });
    run(h, 3, synFlood('192.0.2.10', 50000));
    run(h, 20, () => []);
    run(h, 3, synFlood('192.0.2.10', 50000));
    run(h, 20, () => []);
    expect(h.sink.of('attack.started').map((e) => e.attackId)).toEqual(['attack-1', 'attack-2']);
    expect(h.sink.of('attack.ended')).toHaveLength(2);
  });
});
