/**
 * The platform as `serve` builds it, restarted over the same database: learned baselines are there
 * again before the first flow, with the thresholds derived from them — no relearning gap. A stop
 * keeps everything learned; a kill keeps what the last periodic save wrote.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { loadConfig } from '../config/load.js';
import { nth, P, samplesPerStep, batchOf, type RecordSpec } from '../detection/testing/flow-builder.js';
import { ThresholdOrigin } from '../detection/engine-state.js';
import { BaselineStore } from '../detection/store/baseline-store.js';
import { OperatorRegistry } from '../registry/registry.js';
import { seedDemo } from '../registry/seed.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { buildPlatform, type Platform } from './platform.js';

const MONDAY_9 = Date.UTC(2026, 0, 5, 9);
const HOUR = 3600_000;
const WEEK = 7 * 24 * HOUR;

describeStorage('platform restart with learned baselines', (ctx) => {
  afterEach(() => vi.useRealTimers());

  const start = (clock: ManualClock): Promise<Platform> => {
    const config = loadConfig({
      env: {},
      overrides: {
        dataDir: ctx.options.dataDir,
        storage: { url: ctx.options.url },
        log: { level: 'silent' },
        api: { listen: '127.0.0.1:0', metrics: { listen: '127.0.0.1:0' }, webRoot: ctx.options.dataDir },
        collector: { netflow: { listen: ['127.0.0.1:0'] }, sflow: { listen: ['127.0.0.1:0'] } },
        detection: { baseline: { minSecondsPerHour: 60, saveIntervalSeconds: 60 } },
      },
    });
    return buildPlatform(config, { clock, logger: silentLogger(), metrics: createMetricsRegistry() });
  };

  /** `seconds` of `pps` (sampled 1:1000) to the utility's portal, one batch per second into the platform's detection engine, its clock ticking. */
  const feed = (p: Platform, clock: ManualClock, seconds: number, pps: number): void => {
    for (let k = 0; k < seconds; k++) {
      const now = clock.now();
      const records: RecordSpec[] = Array.from({ length: samplesPerStep(pps, 1000, 1000, k) }, (_, j) => ({
        src: nth('172.16.0.0', (k + j) % 100),
        dst: '198.19.0.10',
        protocol: P.UDP,
        bytes: 300,
        samplingRate: 1000,
        endMs: now,
      }));
      if (records.length > 0) p.detector.engine.consume(batchOf(records), now);
      clock.advance(1000);
      p.detector.tick();
    }
  };
  /** Two minutes of traffic, then into the next hour until this one is folded into its cell. */
  const learnHour = (p: Platform, clock: ManualClock, pps: number): void => {
    const from = clock.now();
    feed(p, clock, 120, pps);
    clock.set(from + HOUR);
    feed(p, clock, 15, pps);
  };
  /** The thresholds detection derives from the baselines at its current second. */
  const thresholds = (p: Platform) => ({
    host: Array.from(p.detector.engine.state.hostThr),
    prefix: Array.from(p.detector.engine.state.prefixThr),
    origin: Array.from(p.detector.engine.state.hostOrigin),
  });

  it('a stop saves every learned cell: after the restart the baselines and thresholds are the same', async () => {
    await ctx.reset();
    await seedDemo(new OperatorRegistry(ctx.db, ctx.clock));
    const clock = new ManualClock(MONDAY_9);
    const a = await start(clock);
    let before: { baselines: ReturnType<Platform['detector']['exportBaselines']>; thresholds: ReturnType<typeof thresholds> };
    try {
      learnHour(a, clock, 2000);
      // A week later (and a second, for the engine to step into the hour) the learned cell is in force.
      clock.set(MONDAY_9 + WEEK);
      feed(a, clock, 2, 0);
      before = { baselines: a.detector.exportBaselines(), thresholds: thresholds(a) };
      expect(before.baselines.networks).toHaveLength(1);
      expect(before.baselines.networks[0]!.hours.map((h) => h.hourOfWeek)).toEqual([9]);
      expect(before.thresholds.origin).toContain(ThresholdOrigin.Learned);
    } finally {
      await a.life.stop();
    }

    const b = await start(clock);
    try {
      expect(b.detector.exportBaselines()).toEqual(before.baselines);
      expect(thresholds(b)).toEqual(before.thresholds);
    } finally {
      await b.life.stop();
    }
  }, 60_000);

  it('a kill keeps what the last periodic save wrote; an hour learned after it is lost', async () => {
    await ctx.reset();
    await seedDemo(new OperatorRegistry(ctx.db, ctx.clock));
    // Intervals only move when the test says so: the periodic save runs once, then never again.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = new ManualClock(MONDAY_9);
    const a = await start(clock);
    let b: Platform | undefined;
    try {
      learnHour(a, clock, 2000);
      const atSave = a.detector.exportBaselines();
      expect(atSave.networks).toHaveLength(1);
      vi.advanceTimersByTime(60_000);
      const store = new BaselineStore(ctx.db, ctx.clock);
      await vi.waitFor(async () => expect((await store.load({ percentile: 0.99, utcOffsetMinutes: 0 })).snapshot).toEqual(atSave), { timeout: 10_000 });
      learnHour(a, clock, 3000);
      expect(a.detector.exportBaselines().networks[0]!.hours).toHaveLength(2);
      // Killed: `a` never stops before the next start, so nothing but the periodic save is stored.
      b = await start(clock);
      expect(b.detector.exportBaselines()).toEqual(atSave);
    } finally {
      await b?.life.stop();
      await a.life.stop();
    }
  }, 60_000);
});
