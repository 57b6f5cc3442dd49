import { beforeEach, expect, it } from 'vitest';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import type { DetectionBaselinesTable } from '../tables.js';
import { Baselines, type BaselineSnapshot } from '../baseline.js';
import { SERIES } from '../traffic-class.js';
import { BASELINE_ROW_FORMAT, BaselineStore } from './baseline-store.js';

const settings = { percentile: 0.99, utcOffsetMinutes: 540 };
const MONDAY_9 = Date.UTC(2026, 0, 5, 9) / 1000;

/** Learned cells as the engine exports them: two networks, hours learned from real histograms. */
function learnedSnapshot(): BaselineSnapshot {
  const b = new Baselines({ percentile: 0.99, minSecondsPerHour: 60, smoothing: 0.3, utcOffsetMinutes: 540 }, ['net-a', 'net-b', 'net-quiet']);
  const rates = (v: number) => Float64Array.from({ length: SERIES }, (_, k) => v * (k + 1));
  for (const [hour, net, v] of [
    [0, 0, 1000],
    [1, 0, 3000],
    [5, 1, 777],
    [170, 0, 1500],
  ] as const) {
    for (let s = 0; s < 120; s++) b.observe(net, MONDAY_9 + hour * 3600 + s, rates(v + s), 0, rates(10 * v), 0);
  }
  b.finishHour();
  return b.export();
}

describeStorage('baseline store', (ctx) => {
  beforeEach(() => ctx.reset());
  const row = (over: Partial<DetectionBaselinesTable>): DetectionBaselinesTable => ({
    network_id: 'net-bad',
    hour_of_week: 3,
    format: BASELINE_ROW_FORMAT,
    percentile: settings.percentile,
    utc_offset_minutes: settings.utcOffsetMinutes,
    samples: 1,
    host: JSON.stringify(new Array(SERIES).fill(100)),
    prefix: JSON.stringify(new Array(SERIES).fill(800)),
    saved_at: 0,
    ...over,
  });

  it('reads back exactly the cells it saved, one row per network and hour of the week', async () => {
    const store = new BaselineStore(ctx.db, ctx.clock);
    const snapshot = learnedSnapshot();
    // Monday 09:00 UTC is 18:00 in Japan (UTC offset 540); a week and two hours later is cell 20.
    expect(snapshot.networks.map((n) => [n.networkId, n.hours.map((h) => h.hourOfWeek)])).toEqual([
      ['net-a', [18, 19, 20]],
      ['net-b', [23]],
    ]);
    expect(await store.replace(snapshot, settings)).toBe(4);
    const rows = await ctx.db.selectFrom('detection_baselines').select(['network_id', 'hour_of_week', 'format', 'saved_at']).orderBy('network_id').orderBy('hour_of_week').execute();
    expect(rows.map((r) => [r.network_id, Number(r.hour_of_week), Number(r.format), Number(r.saved_at)])).toEqual([
      ['net-a', 18, 1, ctx.clock.now()],
      ['net-a', 19, 1, ctx.clock.now()],
      ['net-a', 20, 1, ctx.clock.now()],
      ['net-b', 23, 1, ctx.clock.now()],
    ]);
    expect(await store.load(settings)).toEqual({ snapshot, refused: [] });
  });

  it('replaces what was stored: cells of networks and hours no longer learned go', async () => {
    const store = new BaselineStore(ctx.db, ctx.clock);
    await store.replace(learnedSnapshot(), settings);
    const onlyA = {
      version: 1,
      percentile: 0.99,
      networks: [{ networkId: 'net-a', hours: [{ hourOfWeek: 2, samples: 3, host: new Array(SERIES).fill(5), prefix: new Array(SERIES).fill(40) }] }],
    } as const;
    expect(await store.replace(onlyA, settings)).toBe(1);
    expect(await store.load(settings)).toEqual({ snapshot: onlyA, refused: [] });
    expect(await store.replace({ version: 1, percentile: 0.99, networks: [] }, settings)).toBe(0);
    expect(await ctx.db.selectFrom('detection_baselines').selectAll().execute()).toEqual([]);
  });

  it.each([
    ['an older row format', { format: 0 }, 'malformed', 'hour 3 has row format 0, this version reads 1'],
    ['too few series', { host: JSON.stringify([1, 2, 3]) }, 'malformed', `invalid baseline snapshot: net-bad.hours[1].host needs ${SERIES} non-negative numbers`],
    ['too many series', { prefix: JSON.stringify(new Array(SERIES + 1).fill(1)) }, 'malformed', `invalid baseline snapshot: net-bad.hours[1].prefix needs ${SERIES} non-negative numbers`],
    ['a negative rate', { host: JSON.stringify(new Array(SERIES).fill(-1)) }, 'malformed', `invalid baseline snapshot: net-bad.hours[1].host needs ${SERIES} non-negative numbers`],
    ['text that is not JSON', { prefix: '[1, 2' }, 'malformed', 'prefix of hour 3 is not JSON'],
    ['an hour outside the week', { hour_of_week: 168 }, 'malformed', 'invalid baseline snapshot: net-bad.hours[1].hourOfWeek must be a distinct integer 0–167'],
    ['no samples', { samples: 0 }, 'malformed', 'invalid baseline snapshot: net-bad.hours[1].samples must be 1–65535'],
    ['another percentile', { percentile: 0.95 }, 'settings', 'learned at percentile 0.95, configured 0.99'],
    ['another UTC offset', { utc_offset_minutes: 0 }, 'settings', 'learned at UTC offset 0 min, configured 540 min'],
  ] as const)('refuses a network with %s, whole, and still reads the others', async (_, bad, kind, reason) => {
    const store = new BaselineStore(ctx.db, ctx.clock);
    const good = learnedSnapshot();
    await store.replace(good, settings);
    // One good row and one bad row of the same network: the network is refused whole.
    await ctx.db
      .insertInto('detection_baselines')
      .values([row({ hour_of_week: 1 }), row(bad)])
      .execute();
    expect(await store.load(settings)).toEqual({ snapshot: good, refused: [{ networkId: 'net-bad', kind, reason }] });
  });
});
