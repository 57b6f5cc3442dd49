import { describe, expect, it } from 'vitest';
import { FlowFormat } from '../flow/flow-batch.js';
import { F, nth, P, run, testEngine, type RecordSpec } from './testing/flow-builder.js';

/** Unsampled single-packet SYN records of a `pps` flood, dated `delayMs` before they are handed over every 10 ms. */
const flood =
  (dst: string, pps: number, delayMs = 0) =>
  (now: number, k: number): RecordSpec[] => {
    const n = Math.floor((pps * (k + 1)) / 100) - Math.floor((pps * k) / 100);
    return Array.from({ length: n }, (_, j) => {
      const t = now - delayMs - 10 + ((j + 0.5) * 10) / n;
      return { src: nth('100.64.0.0', (k * 131 + j) % 5000), dst, protocol: P.TCP, tcpFlags: F.SYN, bytes: 60, startMs: t, endMs: t, format: FlowFormat.Ipfix };
    });
  };
/** Ordinary traffic to the same host: `pps` packets a second of ACKs, as one record every 10 ms. */
const ordinary =
  (dst: string, pps: number) =>
  (now: number): RecordSpec[] => [{ src: '172.16.0.9', dst, protocol: P.TCP, tcpFlags: F.ACK, packets: pps / 100, bytes: (pps / 100) * 1000, startMs: now - 10, endMs: now, format: FlowFormat.Ipfix }];
const both =
  (...fs: Array<(now: number, k: number) => RecordSpec[]>) =>
  (now: number, k: number): RecordSpec[] =>
    fs.flatMap((f) => f(now, k));

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

describe('startedAt: when the attack began, from the records’ own times', () => {
  for (const into of [0, 300, 650]) {
    it(`an attack starting ${into} ms into a second, over ordinary traffic: startedAt within 20 ms, and the started rate is the attack's, saying what it rests on`, () => {
      const h = testEngine({}, undefined, T0);
      run(h, 8 + into / 1000, ordinary('192.0.2.10', 3000), 10);
      const begin = h.clock.now();
      run(h, 3, both(ordinary('192.0.2.10', 3000), flood('192.0.2.10', 50000)), 10);
      const s = h.sink.of('attack.started')[0]!;
      expect(Math.abs(s.startedAt - begin)).toBeLessThanOrEqual(20);
      // 53 kpps in total; a threshold-sized figure (20 k) would be the partial second.
      expect(s.rates.total.pps).toBeGreaterThan(53000 * 0.97);
      expect(s.rates.total.pps).toBeLessThan(53000 * 1.03);
      expect(s.ratesEstimate.estimated).toBe(true);
      expect(Math.abs(s.ratesEstimate.coveredMs - (s.detectedAt - begin))).toBeLessThanOrEqual(30);
      expect(s.ratesEstimate.coveredFraction).toBeCloseTo(Math.min(1, s.ratesEstimate.coveredMs / 1000), 3);
    });
  }

  it('records sent 15 s late (inactive timeout) are counted on arrival, yet startedAt and every reported second are in their own time', () => {
    const h = testEngine({}, undefined, T0);
    // Ordinary short flows teach the engine the exporter's delay first; its long flows, exported at
    // the active timeout, arrive on time (so its clock is not taken to lag).
    const exporter = (now: number, k: number): RecordSpec[] =>
      k % 10 !== 0
        ? []
        : [
            { src: '172.16.0.9', dst: '192.0.2.20', packets: 20, bytes: 2000, startMs: now - 15_100, endMs: now - 15_000, format: FlowFormat.NetflowV9 },
            { src: '172.16.0.7', dst: '192.0.2.30', packets: 100, bytes: 100_000, startMs: now - 60_000, endMs: now, format: FlowFormat.NetflowV9 },
          ];
    run(h, 12.4, exporter, 10);
    const arrival = h.clock.now();
    run(h, 8, both(exporter, flood('192.0.2.10', 50000, 15_000)), 10);
    const s = h.sink.of('attack.started')[0]!;
    expect(s.detectedAt - arrival).toBeLessThan(1000);
    expect(Math.abs(s.startedAt - (arrival - 15_000))).toBeLessThanOrEqual(20);
    const seconds = h.sink.of('attack.updated').map((u) => [u.second - (arrival - 15_400), u.rates.total.pps]);
    // The first records are dated 0.39 s into their second: 0.61 s × 50 kpps.
    expect(seconds.slice(0, 4)).toEqual([
      [0, 30500],
      [1000, 50000],
      [2000, 50000],
      [3000, 50000],
    ]);
  });
});

describe('a second is reported once it is complete, and once', () => {
  it('waits for an exporter whose records arrive 1.5 s after their time: no second is reported short', () => {
    const h = testEngine({}, undefined, T0);
    run(h, 6, ordinary('192.0.2.10', 3000), 10);
    run(h, 10, both(ordinary('192.0.2.10', 3000), flood('192.0.2.10', 50000, 1500)), 10);
    const updates = h.sink.of('attack.updated');
    const begin = T0 + 6000 - 1500;
    const full = updates.filter((u) => u.second >= begin + 1000 && u.second < begin + 7000);
    expect(full.length).toBeGreaterThanOrEqual(5);
    for (const u of full) expect(u.rates.total.pps).toBe(53000);
  });

  it('reports each second once, the first one once it is complete, and never before the attack began', () => {
    const h = testEngine({}, undefined, T0);
    run(h, 5.5, ordinary('192.0.2.10', 3000), 10);
    const begin = h.clock.now();
    run(h, 6, both(ordinary('192.0.2.10', 3000), flood('192.0.2.10', 50000)), 10);
    const seconds = h.sink.of('attack.updated').map((u) => u.second);
    expect(new Set(seconds).size).toBe(seconds.length);
    expect(seconds[0]).toBe(Math.floor(begin / 1000) * 1000);
    for (let k = 1; k < seconds.length; k++) expect(seconds[k]! - seconds[k - 1]!).toBe(1000);
    const first = h.sink.of('attack.updated')[0]!;
    expect(first.at).toBeGreaterThanOrEqual(first.second + 2000);
  });
});
