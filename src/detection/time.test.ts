import { describe, expect, it } from 'vitest';
import { FlowFormat } from '../flow/flow-batch.js';
import { F, nth, P, run, samplesPerStep, testEngine, type RecordSpec } from './testing/flow-builder.js';

/** NetFlow-style 1-second flow records: `pps` packets per second to `dst` from 20 flows. */
const netflow =
  (dst: string, pps: number, extra: Partial<RecordSpec> = {}) =>
  (now: number, k: number): RecordSpec[] =>
    k % 10 !== 0
      ? []
      : Array.from({ length: 20 }, (_, j) => ({
          src: nth('100.64.0.1', j),
          dst,
          protocol: P.UDP,
          packets: pps / 20,
          bytes: (pps / 20) * 500,
          startMs: now - 1000,
          endMs: now,
          format: FlowFormat.NetflowV9,
          ...extra,
        }));

describe('time and plausibility', () => {
  it('spreads a ten-minute flow exported at once over its ten minutes: no attack', () => {
    const h = testEngine();
    run(h, 5, () => []);
    const now = h.clock.now();
    // 10 kpps on average for 600 s: 6 M packets in one record. A collector that counts it "now" sees 6 Mpps.
    h.feed([{ src: '172.16.0.5', dst: '192.0.2.10', protocol: P.TCP, tcpFlags: F.ACK | F.PSH, packets: 6e6, bytes: 6e9, startMs: now - 600_000, endMs: now }]);
    run(h, 20, () => []);
    expect(h.sink.events).toHaveLength(0);
    expect(h.engine.state.counters.accepted).toBe(1);
  });

  it('detects the same packets sent within one second', () => {
    const h = testEngine();
    run(h, 5, () => []);
    const now = h.clock.now();
    h.feed([{ src: '172.16.0.5', dst: '192.0.2.10', protocol: P.TCP, tcpFlags: F.ACK | F.PSH, packets: 6e6, bytes: 6e9, startMs: now - 900, endMs: now }]);
    run(h, 20, () => []);
    expect(h.sink.of('attack.started')).toHaveLength(1);
    expect(h.sink.of('attack.ended')[0]!.peak.total.pps).toBe(6e6);
  });

  it('counts only the part of a record inside the window, in the seconds it covered', () => {
    const h = testEngine({ windowSeconds: 10 });
    run(h, 30, () => []);
    const now = h.clock.now();
    // 30 kpps for 60 s ending now: each of the last ten seconds holds 30 kpps, not 1.8 Mpps.
    h.feed([{ src: '100.64.0.1', dst: '192.0.2.10', packets: 1.8e6, bytes: 9e8, startMs: now - 60_000, endMs: now }]);
    const started = h.sink.of('attack.started');
    expect(started).toHaveLength(1);
    expect(started[0]!.rates.total.pps).toBe(30000);
    expect(started[0]!.totals.packets).toBeLessThanOrEqual(1.8e6 / 6 + 1);
  });

  it('drops records that ended before the window instead of dumping them into now', () => {
    const h = testEngine();
    run(h, 30, () => []);
    const now = h.clock.now();
    h.feed([{ src: '100.64.0.1', dst: '192.0.2.10', packets: 5e6, bytes: 2.5e9, startMs: now - 25_000, endMs: now - 20_000 }]);
    // Not alone in its batch: a current record keeps the exporter's clock trusted.
    h.feed([{ src: '100.64.0.2', dst: '192.0.2.11', packets: 5, endMs: now }]);
    run(h, 20, () => []);
    expect(h.sink.events).toHaveLength(0);
    expect(h.engine.state.counters.late).toBe(1);
  });

  it('refuses absurd counters (wrapped, garbage, impossible rates)', () => {
    const h = testEngine();
    run(h, 2, () => []);
    const now = h.clock.now();
    const base = { src: '100.64.0.1', dst: '192.0.2.10', startMs: now - 1000, endMs: now };
    h.feed([
      { ...base, packets: 2 ** 32 - 1, bytes: 2 ** 32 - 1 }, // 1 byte per packet: a wrapped octet counter
      { ...base, packets: 1e15, bytes: 6e16 }, // 10^15 packets per second
      { ...base, packets: 1e6, bytes: 1e12 }, // 1 MB per packet
      { ...base, packets: 0, bytes: 0 },
      { ...base, packets: Number.NaN, bytes: 100 },
      { ...base, packets: 10, bytes: 600, samplingRate: 2 ** 32 - 1 }, // 4.3e10 packets after renormalising
    ]);
    run(h, 20, () => []);
    expect(h.sink.events).toHaveLength(0);
    expect(h.engine.state.counters.implausible).toBe(6);
  });

  it('survives an exporter restart whose records carry reset uptime times', () => {
    const h = testEngine();
    run(h, 5, netflow('192.0.2.10', 15000));
    const now = h.clock.now();
    const restarted = { src: '100.64.0.9', dst: '192.0.2.10', protocol: P.UDP, exporter: 0 };
    h.feed([
      // A flow first seen under the old uptime: its start lands 40 days in the future, past its end.
      { ...restarted, packets: 1e9, bytes: 5e11, startMs: now + 40 * 86_400_000, endMs: now },
      // Times from an uptime counted from zero: 1970.
      { ...restarted, packets: 1e9, bytes: 5e11, startMs: 1000, endMs: 5000 },
      // Start at the epoch, end now: a 56-year flow.
      { ...restarted, packets: 1e9, bytes: 5e11, startMs: 1, endMs: now },
    ]);
    run(h, 30, netflow('192.0.2.10', 15000));
    expect(h.sink.events).toHaveLength(0);
  });

  it('does not raise an attack when the detector clock steps back, and keeps counting afterwards', () => {
    const h = testEngine();
    run(h, 10, netflow('192.0.2.10', 15000));
    h.clock.advance(-60_000);
    h.engine.advance(h.clock.now());
    run(h, 10, netflow('192.0.2.10', 15000));
    h.clock.advance(-3000);
    run(h, 10, netflow('192.0.2.10', 15000));
    expect(h.sink.events).toHaveLength(0);
    expect(h.engine.state.counters.clockSteps).toBe(1);
    run(h, 3, netflow('192.0.2.10', 40000));
    expect(h.sink.of('attack.started')).toHaveLength(1);
  });

  it('follows an exporter whose clock lags by an hour, without a phantom burst when it catches on', () => {
    const h = testEngine();
    const lagging = (pps: number) => (now: number, k: number) => netflow('192.0.2.10', pps)(now - 3_600_000, k);
    run(h, 30, lagging(15000));
    expect(h.sink.events).toHaveLength(0);
    expect(h.engine.state.exporterClock.adjustments).toBe(1);
    run(h, 3, lagging(40000));
    expect(h.sink.of('attack.started')).toHaveLength(1);
  });

  it('does not squeeze a backlog delivered after an outage into a burst', () => {
    const h = testEngine();
    run(h, 5, netflow('192.0.2.10', 15000));
    run(h, 60, () => []); // the exporter cannot reach the collector for a minute
    // Then five minutes of 15 kpps records, the last one ending now, arrive within three seconds.
    const now = h.clock.now();
    for (let b = 0; b < 30; b++) {
      const recs: RecordSpec[] = [];
      for (let s = 1; s <= 10; s++) recs.push(...netflow('192.0.2.10', 15000)(now - 300_000 + b * 10_000 + s * 1000, 0));
      h.feed(recs);
      h.advance(100);
    }
    run(h, 20, netflow('192.0.2.10', 15000));
    expect(h.sink.events).toHaveLength(0);
    expect(h.engine.state.exporterClock.adjustments).toBe(0);
  });

  it('moves records stamped ahead of the clock back to now, keeping their duration', () => {
    const h = testEngine();
    const ahead = (pps: number) => (now: number, k: number) => netflow('192.0.2.10', pps)(now + 3_600_000, k);
    run(h, 20, ahead(15000));
    expect(h.sink.events).toHaveLength(0);
    run(h, 3, ahead(40000));
    const s = h.sink.of('attack.started');
    expect(s).toHaveLength(1);
    expect(h.engine.state.counters.future).toBeGreaterThan(0);
  });

  it('places sFlow samples in their own second', () => {
    const h = testEngine();
    run(h, 2, (now, k) => Array.from({ length: samplesPerStep(30000, 1000, 100, k) }, () => ({ src: '100.64.0.1', dst: '192.0.2.10', samplingRate: 1000, endMs: now })));
    expect(h.sink.of('attack.started')).toHaveLength(1);
    expect(h.sink.of('attack.updated').at(-1)!.rates.total.pps).toBe(30000);
  });
});

describe('window edges', () => {
  it('adds only the share of a record that falls inside the window', () => {
    const h = testEngine({ windowSeconds: 10 });
    h.advance(5000);
    const t = h.clock.now();
    h.advance(2900); // the window now starts 7 s before t
    // 150 packets over [t-8 s, t-6.5 s]: a third of them in the second t-7, the rest before the window.
    h.feed([{ src: '100.64.0.1', dst: '192.0.2.10', packets: 150, startMs: t - 8000, endMs: t - 6500 }]);
    const st = h.engine.state;
    const slot = st.hosts.find(0, 0, 0xffff, 0xc000020a);
    const at = (s: number): number => st.hosts.data[slot * st.stride + st.bucket(s)]!;
    expect(at(t / 1000 - 7)).toBe(50);
    expect(at(t / 1000 - 6)).toBe(0);
  });
});
