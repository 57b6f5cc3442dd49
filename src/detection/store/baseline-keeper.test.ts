import { pino } from 'pino';
import type { Registry } from 'prom-client';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { ThresholdOrigin } from '../engine-state.js';
import { DEMO_NETWORKS, nth, P, run, samplesPerStep, testEngine, type RecordSpec, type TestEngine } from '../testing/flow-builder.js';
import { SERIES } from '../traffic-class.js';
import { createBaselineKeeper } from './baseline-keeper.js';
import { BASELINE_ROW_FORMAT, BaselineStore } from './baseline-store.js';

const MONDAY_9 = Date.UTC(2026, 0, 5, 9);
const HOUR = 3600_000;
const WEEK = 7 * 24 * HOUR;
const overrides = (baseline: Record<string, unknown> = {}) => ({ baseline: { minSecondsPerHour: 60, saveIntervalSeconds: 60, ...baseline } });

const traffic =
  (dst: string, pps: number) =>
  (now: number, k: number): RecordSpec[] =>
    Array.from({ length: samplesPerStep(pps, 1000, 1000, k) }, (_, j) => ({ src: nth('172.16.0.0', (k + j) % 100), dst, protocol: P.UDP, bytes: 300, samplingRate: 1000, endMs: now }));

/**
 * Two minutes of `pps` to a host of net-hikari-4 from the engine's clock on, folded into its hour
 * cell: seconds are learned as they leave the 10 s window, and the first of the next hour folds.
 */
function learnHour(h: TestEngine, pps: number): void {
  const start = h.clock.now();
  run(h, 120, traffic('198.19.0.10', pps), 1000);
  h.advance(start + HOUR - h.clock.now());
  run(h, 15, traffic('198.19.0.10', pps), 1000);
}

/** What detection derives from the baselines at the engine's current second. */
const thresholds = (h: TestEngine) => ({ host: Array.from(h.engine.state.hostThr), prefix: Array.from(h.engine.state.prefixThr), origin: Array.from(h.engine.state.hostOrigin) });

describeStorage('baseline keeper', (ctx) => {
  beforeEach(() => ctx.reset());
  afterEach(() => vi.useRealTimers());
  /** A keeper over the engine, with the engine's configuration. */
  const keeperFor = (h: TestEngine, logger = silentLogger(), metrics = createMetricsRegistry()) =>
    createBaselineKeeper(h.engine.state.config, { clock: h.clock, logger, metrics, store: new BaselineStore(ctx.db, h.clock), baselines: h.engine });
  const metricValues = async (metrics: Registry, name: string) => (await metrics.getSingleMetric(name)!.get()).values.map((v) => [v.labels, v.value]);

  it('saves at stop, and a detector started on the same storage has the same baselines and thresholds: no relearning', async () => {
    const a = testEngine(overrides(), undefined, MONDAY_9);
    const keeperA = keeperFor(a);
    await keeperA.start!();
    learnHour(a, 2000);
    a.advance(MONDAY_9 + WEEK - a.clock.now()); // next Monday 09:00: the learned cell is in force
    a.advance(1000);
    const learned = a.engine.exportBaselines();
    expect(learned.networks.map((n) => [n.networkId, n.hours.map((c) => c.hourOfWeek)])).toEqual([['net-hikari-4', [9]]]);
    expect(thresholds(a).origin).toContain(ThresholdOrigin.Learned);
    await keeperA.stop!();

    const b = testEngine(overrides(), undefined, a.clock.now());
    expect(b.engine.exportBaselines().networks).toEqual([]);
    await keeperFor(b).start!();
    expect(b.engine.exportBaselines()).toEqual(learned);
    expect(thresholds(b)).toEqual(thresholds(a));
    // And detection acts on them at once: 9 kpps is far under the 20 kpps default, over 3 × 2 kpps.
    run(b, 5, traffic('198.19.0.10', 9000), 1000);
    expect(b.sink.of('attack.started').map((e) => e.trigger.thresholdSource)).toEqual(['learned']);
  });

  it('keeps what the last periodic save wrote when killed; an hour learned after it is lost', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const store = new BaselineStore(ctx.db, ctx.clock);
    const a = testEngine(overrides(), undefined, MONDAY_9);
    const keeperA = keeperFor(a);
    await keeperA.start!();
    learnHour(a, 2000);
    const atSave = a.engine.exportBaselines();
    vi.advanceTimersByTime(60_000);
    await vi.waitFor(async () => expect((await store.load({ percentile: 0.99, utcOffsetMinutes: 0 })).snapshot).toEqual(atSave));
    learnHour(a, 3000); // 10:00–11:00, after the save
    expect(a.engine.exportBaselines().networks[0]!.hours).toHaveLength(2);
    // Killed: no stop, no save. The next start has what the periodic save wrote.
    const b = testEngine(overrides(), undefined, a.clock.now());
    await keeperFor(b).start!();
    expect(b.engine.exportBaselines()).toEqual(atSave);
  });

  it('writes only when the baselines changed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const a = testEngine(overrides(), undefined, MONDAY_9);
    const metrics = createMetricsRegistry();
    const keeper = keeperFor(a, silentLogger(), metrics);
    await keeper.start!();
    expect(await keeper.save()).toBe(false); // nothing learned, nothing stored
    learnHour(a, 2000);
    expect(await keeper.save()).toBe(true);
    run(a, 30, traffic('198.19.0.10', 2000), 1000); // within the hour: no cell changes
    expect(await keeper.save()).toBe(false);
    await keeper.stop!();
    expect(await ctx.db.selectFrom('detection_baselines').select('hour_of_week').execute()).toHaveLength(1);
    expect(await metricValues(metrics, 'sakimori_detection_baseline_saves_total')).toEqual([[{ result: 'written' }, 1]]);
  });

  it('counts a failed save, logs it and writes at the next chance', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const a = testEngine(overrides(), undefined, MONDAY_9);
    const metrics = createMetricsRegistry();
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
    const store = new BaselineStore(ctx.db, a.clock);
    let failNext = true;
    const flaky: Pick<BaselineStore, 'load' | 'replace'> = {
      load: (settings) => store.load(settings),
      replace: (snapshot, settings) => {
        if (!failNext) return store.replace(snapshot, settings);
        failNext = false;
        return Promise.reject(new Error('disk full'));
      },
    };
    const keeper = createBaselineKeeper(a.engine.state.config, { clock: a.clock, logger, metrics, store: flaky, baselines: a.engine });
    await keeper.start!();
    learnHour(a, 2000);
    vi.advanceTimersByTime(60_000);
    await vi.waitFor(() => expect(lines.map((l) => l.msg)).toContain('could not save learned baselines; trying again at the next interval'));
    vi.advanceTimersByTime(60_000);
    await vi.waitFor(async () => expect((await store.load({ percentile: 0.99, utcOffsetMinutes: 0 })).snapshot).toEqual(a.engine.exportBaselines()));
    await keeper.stop!();
    expect(await metricValues(metrics, 'sakimori_detection_baseline_saves_total')).toEqual([
      [{ result: 'failed' }, 1],
      [{ result: 'written' }, 1],
    ]);
  });

  it('refuses bad stored rows with a logged reason: that network learns afresh, the others keep theirs, the next save replaces the bad rows', async () => {
    const store = new BaselineStore(ctx.db, ctx.clock);
    const cell = (hourOfWeek: number, v: number) => ({ hourOfWeek, samples: 2, host: new Array(SERIES).fill(v), prefix: new Array(SERIES).fill(v * 8) });
    const good = { networkId: 'net-aozora-4', hours: [cell(9, 1500)] };
    await store.replace({ version: 1, percentile: 0.99, networks: [good, { networkId: 'net-gone', hours: [cell(9, 1)] }] }, { percentile: 0.99, utcOffsetMinutes: 0 });
    // A row from an older format and one with 20 series instead of 21.
    const row = { percentile: 0.99, utc_offset_minutes: 0, samples: 1, prefix: JSON.stringify(new Array(SERIES).fill(1)), saved_at: 0 };
    await ctx.db
      .insertInto('detection_baselines')
      .values([
        { ...row, network_id: 'net-minato-4', hour_of_week: 9, format: 0, host: JSON.stringify(new Array(SERIES).fill(1)) },
        { ...row, network_id: 'net-kumo-4', hour_of_week: 9, format: BASELINE_ROW_FORMAT, host: JSON.stringify(new Array(SERIES - 1).fill(1)) },
      ])
      .execute();
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });

    const h = testEngine(overrides(), undefined, MONDAY_9);
    const metrics = createMetricsRegistry();
    const keeper = keeperFor(h, logger, metrics);
    await keeper.start!();
    expect(h.engine.exportBaselines().networks).toEqual([good]);
    expect(lines.filter((l) => l.level === 50).map((l) => [l.msg, l.networkId, l.reason])).toEqual([
      ['stored baseline refused; this network learns afresh', 'net-kumo-4', `invalid baseline snapshot: net-kumo-4.hours[0].host needs ${SERIES} non-negative numbers`],
      ['stored baseline refused; this network learns afresh', 'net-minato-4', 'hour 9 has row format 0, this version reads 1'],
    ]);
    expect(lines.find((l) => l.msg === 'learned baselines loaded')).toMatchObject({ networks: 1, refused: 2, notProtected: 1 });
    expect(await metricValues(metrics, 'sakimori_detection_baseline_refused_total')).toEqual([[{ kind: 'malformed' }, 2]]);
    // Nothing learned since, yet the first save writes: the refused and unprotected rows go.
    expect(await keeper.save()).toBe(true);
    const rows = await ctx.db.selectFrom('detection_baselines').select(['network_id']).distinct().execute();
    expect(rows.map((r) => r.network_id)).toEqual(['net-aozora-4']);
    await keeper.stop!();
  });

  it('learned with another percentile: refused with a warning, the network learns afresh', async () => {
    const store = new BaselineStore(ctx.db, ctx.clock);
    await store.replace(
      { version: 1, percentile: 0.95, networks: [{ networkId: 'net-aozora-4', hours: [{ hourOfWeek: 9, samples: 1, host: new Array(SERIES).fill(7), prefix: new Array(SERIES).fill(7) }] }] },
      { percentile: 0.95, utcOffsetMinutes: 0 },
    );
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
    const h = testEngine(overrides(), undefined, MONDAY_9);
    await keeperFor(h, logger).start!();
    expect(h.engine.exportBaselines().networks).toEqual([]);
    expect(lines.filter((l) => l.level === 40).map((l) => l.reason)).toEqual(['learned at percentile 0.95, configured 0.99']);
  });

  it('a network removed from the registry while running loses its rows at the next save', async () => {
    const a = testEngine(overrides(), undefined, MONDAY_9);
    const keeper = keeperFor(a);
    await keeper.start!();
    learnHour(a, 2000);
    expect(await keeper.save()).toBe(true);
    const stored = async () => (await ctx.db.selectFrom('detection_baselines').select('network_id').distinct().execute()).map((r) => r.network_id);
    expect(await stored()).toEqual(['net-hikari-4']);
    a.engine.setNetworks(
      DEMO_NETWORKS.filter((n) => n.id !== 'net-hikari-4'),
      a.clock.now(),
    );
    expect(await keeper.save()).toBe(true);
    expect(await stored()).toEqual([]);
    await keeper.stop!();
  });

  it('neither loads nor saves while baselines are disabled', async () => {
    const store = new BaselineStore(ctx.db, ctx.clock);
    const stored = {
      version: 1,
      percentile: 0.99,
      networks: [{ networkId: 'net-aozora-4', hours: [{ hourOfWeek: 9, samples: 1, host: new Array(SERIES).fill(7), prefix: new Array(SERIES).fill(7) }] }],
    } as const;
    await store.replace(stored, { percentile: 0.99, utcOffsetMinutes: 0 });
    const h = testEngine(overrides({ enabled: false }), undefined, MONDAY_9);
    const keeper = keeperFor(h);
    await keeper.start!();
    expect(h.engine.exportBaselines().networks).toEqual([]);
    await keeper.stop!();
    expect((await store.load({ percentile: 0.99, utcOffsetMinutes: 0 })).snapshot).toEqual(stored);
  });
});
