import { describe, expect, it } from 'vitest';
import { Baselines, hourOfWeek } from './baseline.js';
import { nth, P, run, samplesPerStep, testEngine, type RecordSpec } from './testing/flow-builder.js';
import { SERIES } from './traffic-class.js';

const opts = { percentile: 0.99, minSecondsPerHour: 60, smoothing: 0.5, utcOffsetMinutes: 0 };
const MONDAY_9 = Date.UTC(2026, 0, 5, 9) / 1000; // 2026-01-05 was a Monday

describe('hour of week', () => {
  it('counts from Monday 00:00 in local time', () => {
    expect(hourOfWeek(Date.UTC(2026, 0, 5, 0) / 1000, 0)).toBe(0);
    expect(hourOfWeek(MONDAY_9, 0)).toBe(9);
    expect(hourOfWeek(Date.UTC(2026, 0, 11, 23, 59) / 1000, 0)).toBe(167); // Sunday 23:59
    expect(hourOfWeek(Date.UTC(2026, 0, 4, 15) / 1000, 540)).toBe(0); // Sunday 15:00 UTC is Monday 00:00 JST
  });
});

describe('Baselines', () => {
  const series = (v: number): Float32Array => new Float32Array(SERIES).fill(v);

  it('learns a high percentile per hour cell and folds weeks with a moving average', () => {
    const b = new Baselines(opts, ['n1']);
    // 99 % of seconds at 1000, 1 % at 100 000: the 99th percentile is about 1000.
    for (let s = 0; s < 3600; s++) b.observe(0, MONDAY_9 + s, series(s % 100 === 0 ? 1e5 : 1000), 0, series(s % 100 === 0 ? 1e6 : 8000), 0);
    b.observe(0, MONDAY_9 + 3600, series(0), 0, series(0), 0); // the next hour folds this one
    const host = new Float64Array(SERIES);
    const prefix = new Float64Array(SERIES);
    expect(b.learned(0, MONDAY_9 + 100, host, prefix)).toBe(true);
    expect(host[0]).toBeGreaterThanOrEqual(1000);
    expect(host[0]).toBeLessThan(1000 * Math.SQRT2);
    expect(prefix[0]).toBeGreaterThanOrEqual(8000);
    expect(prefix[0]).toBeLessThan(8000 * Math.SQRT2);
    // Another hour of the week has nothing learned yet (and less than a day is learned).
    expect(b.learned(0, MONDAY_9 + 7200, host, prefix)).toBe(false);
    // A week later the same cell moves halfway (smoothing 0.5) towards 4000.
    const week = 7 * 86400;
    for (let s = 0; s < 3600; s++) b.observe(0, MONDAY_9 + week + s, series(4000), 0, series(8000), 0);
    b.finishHour();
    b.learned(0, MONDAY_9 + week, host, prefix);
    expect(host[0]).toBeGreaterThan(2000);
    expect(host[0]).toBeLessThan(4000);
  });

  it('does not learn an hour with too few observed seconds', () => {
    const b = new Baselines(opts, ['n1']);
    for (let s = 0; s < 30; s++) b.observe(0, MONDAY_9 + s, series(1000), 0, series(1000), 0);
    b.finishHour();
    expect(b.learned(0, MONDAY_9, new Float64Array(SERIES), new Float64Array(SERIES))).toBe(false);
    expect(b.export().networks).toEqual([]);
  });

  it('exports plain data and imports it by network id', () => {
    const b = new Baselines(opts, ['n1', 'n2']);
    for (let s = 0; s < 120; s++) b.observe(1, MONDAY_9 + s, series(3000), 0, series(9000), 0);
    b.finishHour();
    const snap = JSON.parse(JSON.stringify(b.export()));
    expect(snap).toMatchObject({ version: 1, percentile: 0.99, networks: [{ networkId: 'n2', hours: [{ hourOfWeek: 9, samples: 1 }] }] });
    const c = new Baselines(opts, ['n0', 'n2', 'n3']);
    expect(c.import(snap)).toBe(1);
    const host = new Float64Array(SERIES);
    expect(c.learned(1, MONDAY_9, host, new Float64Array(SERIES))).toBe(true);
    expect(host[0]).toBeGreaterThanOrEqual(3000);
    expect(c.export()).toEqual(snap);
  });

  it.each([
    [null, /not an object/],
    [{ version: 2, networks: [] }, /unsupported version/],
    [{ version: 1, networks: [{ networkId: 'n', hours: [{ hourOfWeek: 168, samples: 1, host: [], prefix: [] }] }] }, /hourOfWeek/],
    [{ version: 1, networks: [{ networkId: 'n', hours: [{ hourOfWeek: 1, samples: 1, host: [1, 2], prefix: [] }] }] }, /host needs 21/],
    [{ version: 1, networks: [{ networkId: 'n', hours: [{ hourOfWeek: 1, samples: 1, host: new Array(21).fill(-1), prefix: new Array(21).fill(0) }] }] }, /non-negative/],
  ])('refuses a malformed snapshot %j and keeps what it has', (bad, message) => {
    const b = new Baselines(opts, ['n']);
    for (let s = 0; s < 120; s++) b.observe(0, MONDAY_9 + s, series(3000), 0, series(9000), 0);
    b.finishHour();
    const before = b.export();
    expect(() => b.import(bad)).toThrow(message);
    expect(b.export()).toEqual(before);
  });
});

describe('learned thresholds in the engine', () => {
  const traffic =
    (dst: string, pps: number) =>
    (now: number, k: number): RecordSpec[] =>
      Array.from({ length: samplesPerStep(pps, 1000, 1000, k) }, (_, j) => ({ src: nth('172.16.0.0', (k + j) % 100), dst, protocol: P.UDP, bytes: 300, samplingRate: 1000, endMs: now }));

  it('learns a quiet network and then catches a flood below the default threshold', () => {
    const h = testEngine({ baseline: { minSecondsPerHour: 600 } });
    run(h, 3700, traffic('198.19.0.10', 2000), 1000); // Monday 09:00–10:00: 2 kpps
    h.advance(7 * 86400 * 1000 - 3700 * 1000); // next Monday 09:00
    const learned = h.engine.exportBaselines();
    expect(learned.networks.map((n) => n.networkId)).toEqual(['net-hikari-4']);
    run(h, 10, traffic('198.19.0.10', 9000), 1000); // under the 20 kpps default, over 3 × the learned 2 kpps
    const s = h.sink.of('attack.started');
    expect(s).toHaveLength(1);
    expect(s[0]!.trigger).toMatchObject({ class: 'total', metric: 'pps', thresholdSource: 'learned' });
    expect(s[0]!.trigger.threshold).toBeGreaterThanOrEqual(6000);
    expect(s[0]!.trigger.threshold).toBeLessThan(9000);
  });

  it('uses imported baselines, and configured thresholds before learned ones', () => {
    const h = testEngine({}, [
      { id: 'a', organizationId: 'o', prefix: '198.19.0.0/24' },
      { id: 'b', organizationId: 'o', prefix: '192.0.2.0/24', thresholds: { total: { pps: 50000 } } },
    ]);
    const cell = (v: number) => ({ hourOfWeek: 9, samples: 1, host: new Array(SERIES).fill(v), prefix: new Array(SERIES).fill(v * 10) });
    expect(
      h.engine.importBaselines({
        version: 1,
        percentile: 0.99,
        networks: [
          { networkId: 'a', hours: [cell(2000)] },
          { networkId: 'b', hours: [cell(2000)] },
        ],
      }),
    ).toBe(2);
    run(h, 5, (now, k) => [...traffic('198.19.0.10', 9000)(now, k * 10), ...traffic('192.0.2.10', 9000)(now, k * 10)], 1000);
    const started = h.sink.of('attack.started');
    expect(started.map((e) => [e.target, e.trigger.class, e.trigger.thresholdSource])).toEqual([
      ['198.19.0.10', 'total', 'learned'],
      // The configured total threshold stands; the classes it leaves open are learned.
      ['192.0.2.10', 'udp', 'learned'],
    ]);
    expect(started[1]!.thresholds.total).toEqual({ pps: 50000, bps: 50000000, flowsPerSecond: 6000 });
  });
});

describe('baseline revision', () => {
  it('changes when learned cells may change — an hour folded, a snapshot imported, networks replaced — and only then', () => {
    const b = new Baselines(opts, ['n1']);
    const series = new Float32Array(SERIES).fill(1000);
    const r0 = b.revision;
    for (let s = 0; s < 120; s++) b.observe(0, MONDAY_9 + s, series, 0, series, 0);
    b.export();
    expect(b.revision).toBe(r0);
    b.finishHour();
    const r1 = b.revision;
    expect(r1).not.toBe(r0);
    // An hour with too few seconds folds nothing.
    for (let s = 0; s < 10; s++) b.observe(0, MONDAY_9 + 3600 + s, series, 0, series, 0);
    b.finishHour();
    expect(b.revision).toBe(r1);
    b.import(b.export());
    const r2 = b.revision;
    expect(r2).not.toBe(r1);
    b.import({ version: 1, percentile: 0.99, networks: [{ networkId: 'elsewhere', hours: [] }] });
    expect(b.revision).toBe(r2);
    b.remap(['n0', 'n1']);
    expect(b.revision).not.toBe(r2);
  });
});
