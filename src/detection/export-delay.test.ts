import { describe, expect, it } from 'vitest';
import { FlowFormat } from '../flow/flow-batch.js';
import { ExportDelay } from './exporter-clock.js';
import { nth, P, run, testEngine, type RecordSpec } from './testing/flow-builder.js';

/** Short flows exported by NetFlow after a 15 s inactive timeout: each record ends 15–16 s before it arrives. */
const inactiveTimeoutExport =
  (dst: string, pps: number, sources: number) =>
  (now: number, k: number): RecordSpec[] =>
    k % 10 !== 0
      ? []
      : Array.from({ length: sources }, (_, j) => ({
          src: nth('100.96.0.1', (k * 7 + j) % 60000),
          dst,
          protocol: P.UDP,
          srcPort: 53,
          packets: pps / sources,
          bytes: (pps / sources) * 1200,
          startMs: now - 15_900,
          endMs: now - 15_000,
          format: FlowFormat.NetflowV9,
        }));

/** Long flows exported at the active timeout by the same exporter: on time, so its clock is not skewed. */
const activeTimeoutExport = (now: number, k: number): RecordSpec[] =>
  k % 10 !== 0
    ? []
    : Array.from({ length: 10 }, (_, j) => ({
        src: nth('172.16.0.1', j),
        dst: '192.0.2.30',
        protocol: P.TCP,
        packets: 100,
        bytes: 100_000,
        startMs: now - 60_000,
        endMs: now,
        format: FlowFormat.NetflowV9,
      }));

const both =
  (...fs: Array<(now: number, k: number) => RecordSpec[]>) =>
  (now: number, k: number): RecordSpec[] =>
    fs.flatMap((f) => f(now, k));

describe('export delay (records exported after the inactive timeout)', () => {
  it('detects a reflection flood whose one-packet flows all arrive 15 s late, within a second of their arrival', () => {
    const h = testEngine();
    // Ordinary short flows (DNS answers to clients) teach the engine the exporter's 15 s delay.
    run(h, 10, both(activeTimeoutExport, inactiveTimeoutExport('192.0.2.20', 2000, 20)));
    expect(h.engine.state.exporterClock.offset[0]).toBe(0);
    expect(h.engine.state.exportDelay.delay[0]).toBeGreaterThanOrEqual(15_000);
    const arrival = h.clock.now();
    let detectedAt = -1;
    run(h, 10, (now, k) => {
      if (detectedAt < 0 && h.sink.of('attack.started').length > 0) detectedAt = now;
      return both(activeTimeoutExport, inactiveTimeoutExport('192.0.2.10', 60000, 200))(now, k);
    });
    const started = h.sink.of('attack.started');
    expect(started).toHaveLength(1);
    expect(started[0]!.target).toBe('192.0.2.10');
    expect(detectedAt - arrival).toBeLessThanOrEqual(1000);
    // The true rate, not a squeeze: 60 kpps a second.
    const updates = h.sink.of('attack.updated');
    expect(Math.max(...updates.map((u) => u.rates.total.pps))).toBeLessThanOrEqual(61000);
    expect(Math.max(...updates.map((u) => u.rates.total.pps))).toBeGreaterThanOrEqual(59000);
  });

  it('does not adopt a lateness that keeps falling (a backlog) and never squeezes records together', () => {
    const d = new ExportDelay();
    // Lateness falling 10 s per second: a backlog being delivered.
    for (let s = 100; s < 130; s++) {
      d.advance(s);
      d.observe(0, 300_000 - (s - 100) * 10_000);
    }
    d.advance(131);
    expect(d.delay[0]).toBe(0);
    expect(d.adoptions).toBe(0);
    // A steady 15 s after that is adopted after 3 s.
    for (let s = 131; s < 136; s++) {
      d.observe(0, 15_200 + (s % 2) * 500);
      d.advance(s + 1);
    }
    expect(d.delay[0]).toBe(15_200);
  });
});
