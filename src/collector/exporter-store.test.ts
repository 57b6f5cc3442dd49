import { beforeEach, describe, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { asId, type ExporterId } from '../core/ids.js';
import { DecodeError, ExporterCounters } from '../flow/decoder.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { ExporterStore, decodeErrorsByKind, type ExporterStatsInput } from './exporter-store.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not coded: ${String(e)}`;
  }
}

const stats = (over: Partial<ExporterStatsInput> = {}): ExporterStatsInput => ({
  datagrams: 100,
  records: 2900,
  bytes: 146_000,
  decodeErrors: {},
  templateMisses: 0,
  sequenceGaps: 0,
  lostRecords: 0,
  drops: 0,
  ...over,
});

describe('decodeErrorsByKind', () => {
  it('names the kinds that occurred and leaves out the rest', () => {
    const c = new ExporterCounters();
    c.error(DecodeError.Truncated);
    c.error(DecodeError.Truncated);
    c.error(DecodeError.TemplateMissing);
    expect(decodeErrorsByKind(c.errors)).toEqual({ truncated: 2, template_missing: 1 });
    expect(decodeErrorsByKind(new ExporterCounters().errors)).toEqual({});
  });
});

describeStorage('exporter store', (ctx) => {
  let store: ExporterStore;
  beforeEach(async () => {
    await ctx.reset();
    store = new ExporterStore(ctx.db, ctx.clock);
  });

  it('creates an exporter on first sight under its canonical address', async () => {
    const t = ctx.clock.now();
    const e = await store.upsertSeen('2001:DB8:0:0::0001', { name: 'edge-1', samplingRate: 1000 });
    expect(e).toEqual({ id: e.id, address: '2001:db8::1', name: 'edge-1', samplingRate: 1000, firstSeen: t, lastSeen: t });
    const v4 = await store.upsertSeen('::ffff:192.0.2.7');
    expect(v4.address).toBe('192.0.2.7');
    expect(await store.findByAddress('192.0.2.7')).toEqual(v4);
  });

  it('moves lastSeen forward on later sightings, keeps id, firstSeen and unspecified settings', async () => {
    const first = await store.upsertSeen('192.0.2.1', { name: 'core-a', samplingRate: 512 });
    ctx.clock.advance(60_000);
    const again = await store.upsertSeen('192.0.2.1');
    expect(again).toEqual({ ...first, lastSeen: first.firstSeen + 60_000 });
    const late = await store.upsertSeen('192.0.2.1', { samplingRate: null }, first.firstSeen + 1000);
    expect(late).toEqual({ ...first, samplingRate: null, lastSeen: first.firstSeen + 60_000 });
  });

  it('refuses an address that is not one', async () => {
    expect(await codeOf(store.upsertSeen('router.example'))).toBe('SAKIMORI_ERR_INVALID_ADDRESS');
  });

  it('keeps one stats row per exporter and period; recording a period again replaces it', async () => {
    const e = await store.upsertSeen('198.51.100.9');
    const p0 = Date.UTC(2026, 0, 1, 0, 0);
    await store.recordStats(e.id, p0, stats({ decodeErrors: { truncated: 3 } }));
    await store.recordStats(e.id, p0, stats({ datagrams: 150, decodeErrors: { truncated: 4, bad_template: 1 } }));
    await store.recordStats(e.id, p0 + 60_000, stats({ bytes: 5_000_000_000_000, lostRecords: 7, drops: 2 }));
    const rows = await store.statsBetween(e.id, p0, p0 + 120_000);
    expect(rows).toEqual([
      { exporterId: e.id, periodStart: p0, ...stats({ datagrams: 150, decodeErrors: { truncated: 4, bad_template: 1 } }) },
      { exporterId: e.id, periodStart: p0 + 60_000, ...stats({ bytes: 5_000_000_000_000, lostRecords: 7, drops: 2 }) },
    ]);
  });

  it('lists every exporter with its latest period', async () => {
    const a = await store.upsertSeen('192.0.2.1');
    const b = await store.upsertSeen('2001:db8::2');
    const c = await store.upsertSeen('192.0.2.10');
    const p0 = Date.UTC(2026, 0, 1);
    await store.recordStats(a.id, p0, stats());
    await store.recordStats(a.id, p0 + 60_000, stats({ records: 1 }));
    await store.recordStats(b.id, p0, stats({ sequenceGaps: 2 }));
    const list = await store.listWithLatestStats();
    expect(list.map((x) => [x.exporter.address, x.latest?.periodStart, x.latest?.records])).toEqual([
      ['192.0.2.1', p0 + 60_000, 1],
      ['192.0.2.10', undefined, undefined],
      ['2001:db8::2', p0, 2900],
    ]);
    expect(list.find((x) => x.exporter.id === c.id)?.latest).toBeUndefined();
  });

  it('refuses stats for an unknown exporter or with bad counters, storing nothing', async () => {
    const e = await store.upsertSeen('192.0.2.1');
    expect(await codeOf(store.recordStats(asId<ExporterId>('nope'), 0, stats()))).toBe('SAKIMORI_ERR_COLLECTOR_UNKNOWN_EXPORTER');
    expect(await codeOf(store.recordStats(e.id, 0, stats({ records: -1 })))).toBe('SAKIMORI_ERR_COLLECTOR_INVALID_STATS');
    expect(await codeOf(store.recordStats(e.id, 0, stats({ bytes: 1.5 })))).toBe('SAKIMORI_ERR_COLLECTOR_INVALID_STATS');
    expect(await codeOf(store.recordStats(e.id, 0, stats({ decodeErrors: { truncated: Number.NaN } })))).toBe('SAKIMORI_ERR_COLLECTOR_INVALID_STATS');
    expect(await store.statsBetween(e.id, 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('prunes periods older than the retention limit', async () => {
    const e = await store.upsertSeen('192.0.2.1');
    for (let i = 0; i < 5; i++) await store.recordStats(e.id, i * 60_000, stats());
    expect(await store.pruneStats(3 * 60_000)).toBe(3);
    expect((await store.statsBetween(e.id, 0, 10 * 60_000)).map((s) => s.periodStart)).toEqual([180_000, 240_000]);
  });

  it('drops an exporter’s stats with the exporter', async () => {
    const e = await store.upsertSeen('192.0.2.1');
    await store.recordStats(e.id, 0, stats());
    await ctx.db.deleteFrom('exporters').where('id', '=', e.id).execute();
    const left = await ctx.db.selectFrom('exporter_stats').selectAll().execute();
    expect(left).toEqual([]);
  });
});
