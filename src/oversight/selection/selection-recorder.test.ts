import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import { parseAddress, writeAddressAt } from '../../core/ip.js';
import { FlowBatch } from '../../flow/flow-batch.js';
import { TestExporters } from '../../flow/testing/test-exporters.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { startTestLog } from '../audit/testing/fixtures.js';
import { auditEntries } from '../testing/fixtures.js';
import { parseDelegatedStats } from './delegated-stats.js';
import { DomesticSet } from './domestic-set.js';
import { SelectionFilter } from './selection-filter.js';
import { createSelectionRecorder } from './selection-recorder.js';

const FILE = fileURLToPath(new URL('./testdata/delegated-test-extended.txt', import.meta.url));
const d = parseDelegatedStats(readFileSync(FILE, 'utf8'), FILE, 'JP');
const HOUR = 3_600_000;

function fill(b: FlowBatch, flows: readonly [string, string, number][]): void {
  b.clear();
  for (const [s, t, exporter] of flows) {
    const i = b.begin();
    writeAddressAt(b.srcAddr, i, parseAddress(s));
    writeAddressAt(b.dstAddr, i, parseAddress(t));
    b.exporter[i] = exporter;
    b.commit();
  }
}

describeStorage('selection evidence', (ctx) => {
  beforeEach(() => ctx.reset());

  it('records kept and erased counts per exporter and period in the table and the audit log', async () => {
    ctx.clock.set(Date.UTC(2026, 4, 1, 9, 30));
    const { log, store } = await startTestLog({ clock: ctx.clock });
    const exporters = new TestExporters();
    const a = exporters.add('10.255.0.1').index;
    const b6 = exporters.add('::1').index;
    const filter = new SelectionFilter(new DomesticSet(d.v4, d.v6));
    const recorder = createSelectionRecorder({ periodSeconds: 3600, country: 'JP' }, { filter, db: ctx.db, audit: log, clock: ctx.clock, logger: silentLogger(), metrics: createMetricsRegistry() });
    const batch = new FlowBatch(16);
    fill(batch, [
      ['192.0.2.1', '198.51.100.1', a],
      ['192.0.2.1', '100.64.0.1', a],
      ['2001:db8:100::1', '2001:db8:200::1', b6],
    ]);
    filter.consume(batch, exporters);
    ctx.clock.advance(HOUR / 2); // 10:00, the period boundary
    await recorder.recordNow();
    fill(batch, [['198.19.3.3', '203.0.113.3', a]]);
    filter.consume(batch, exporters);
    ctx.clock.advance(HOUR / 4);
    await recorder.stop();

    const rows = await ctx.db.selectFrom('selection_counters').selectAll().orderBy('period_start').orderBy('exporter').execute();
    expect(rows.map((r) => ({ ...r, period_start: Number(r.period_start), period_end: Number(r.period_end), kept: Number(r.kept), erased: Number(r.erased) }))).toEqual([
      { exporter: '10.255.0.1', period_start: Date.UTC(2026, 4, 1, 9), period_end: Date.UTC(2026, 4, 1, 10), kept: 1, erased: 1 },
      { exporter: '::1', period_start: Date.UTC(2026, 4, 1, 9), period_end: Date.UTC(2026, 4, 1, 10), kept: 0, erased: 1 },
      { exporter: '10.255.0.1', period_start: Date.UTC(2026, 4, 1, 10), period_end: Date.UTC(2026, 4, 1, 10, 15), kept: 0, erased: 1 },
    ]);
    const evidence = (await auditEntries(store)).filter((e) => e.action === 'selection.counters');
    expect(evidence.map((e) => [e.subjects[0]!.id, e.details.kept, e.details.erased, e.details.period_start])).toEqual([
      ['10.255.0.1', 1, 1, '2026-05-01T09:00:00.000Z'],
      ['0::1', 0, 1, '2026-05-01T09:00:00.000Z'],
      ['10.255.0.1', 0, 1, '2026-05-01T10:00:00.000Z'],
    ]);
    expect(evidence[0]!.details).toMatchObject({ rule: 'erase_domestic_to_domestic', country: 'JP' });
  });

  it('carries the counts over when the audit log refuses them, losing nothing', async () => {
    const { log } = await startTestLog({ clock: ctx.clock });
    const exporters = new TestExporters();
    const a = exporters.add('10.255.0.9').index;
    const filter = new SelectionFilter(new DomesticSet(d.v4, d.v6));
    let fail = true;
    const audit = { append: (e: Parameters<typeof log.append>[0]) => (fail ? Promise.reject(new Error('disk full')) : log.append(e)) };
    const recorder = createSelectionRecorder({ periodSeconds: 3600, country: 'JP' }, { filter, db: ctx.db, audit, clock: ctx.clock, logger: silentLogger(), metrics: createMetricsRegistry() });
    const batch = new FlowBatch(4);
    fill(batch, [
      ['192.0.2.1', '198.51.100.1', a],
      ['192.0.2.1', '100.64.0.1', a],
    ]);
    filter.consume(batch, exporters);
    await recorder.recordNow();
    expect(await ctx.db.selectFrom('selection_counters').selectAll().execute()).toEqual([]);
    fail = false;
    ctx.clock.advance(2 * HOUR);
    await recorder.recordNow();
    const rows = await ctx.db.selectFrom('selection_counters').select(['kept', 'erased']).execute();
    expect(rows.map((r) => [Number(r.kept), Number(r.erased)])).toEqual([[1, 1]]);
  });
});
