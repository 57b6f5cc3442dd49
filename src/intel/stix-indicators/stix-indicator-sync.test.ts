import { beforeEach, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import { TLP2_IDS } from '../../stix/marking/index.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { IndicatorSet } from '../indicator-set.js';
import { StixStore } from '../stix/stix-store.js';
import { bundle, indicator, relationship, stixId } from '../stix/testing/stix-objects.js';
import type { StixIndicatorReader } from './c2-infrastructure.js';
import { createStixIndicatorSync, STIX_SOURCE, type StixIndicatorSync } from './stix-indicator-sync.js';

const id = (n: number): string => stixId('indicator', n);
const C2_INFRA = stixId('infrastructure', 1);
const OTHER_INFRA = stixId('infrastructure', 2);

function infrastructure(n: number, types: string[]): Record<string, unknown> {
  const t = '2024-03-01T09:00:00.000Z';
  return { type: 'infrastructure', spec_version: '2.1', id: stixId('infrastructure', n), created: t, modified: t, name: `infra ${n}`, infrastructure_types: types };
}

/** Eight indicators, one of each outcome, and the C2 infrastructure one of them indicates. */
function threatIntel(): Record<string, unknown> {
  return bundle(1, [
    indicator(1, undefined, { name: 'MirrorFace C2', pattern: "[ipv4-addr:value = '198.51.100.1']", indicator_types: ['malicious-activity'] }),
    indicator(2, undefined, {
      name: 'LODEINFO\nbeacon',
      pattern: "[network-traffic:dst_ref.value = '203.0.113.5' AND network-traffic:dst_port = 443 AND network-traffic:protocols[*] = 'tcp']",
      indicator_types: ['anomalous-activity'],
    }),
    indicator(3, undefined, { name: 'scanner range', pattern: "[ipv6-addr:value ISSUBSET '2001:db8:bad::/48'] OR [ipv4-addr:value ISSUBSET '192.0.2.0/24']", indicator_types: ['anomalous-activity'] }),
    indicator(4, undefined, { pattern: "[domain-name:value = 'evil.example']" }),
    indicator(5, undefined, { pattern: 'alert tcp any any -> any 443 (msg:"x";)', pattern_type: 'snort' }),
    indicator(6, undefined, { pattern: "[ipv4-addr:value = '198.51.100.6']", valid_until: '2025-01-01T00:00:00Z' }),
    indicator(7, undefined, { pattern: "[ipv4-addr:value = '198.51.100.7']", valid_from: '2027-01-01T00:00:00Z' }),
    indicator(8, undefined, { pattern: "[ipv4-addr:value NOT = '198.51.100.8']" }),
    infrastructure(1, ['command-and-control']),
    infrastructure(2, ['hosting-malware']),
    relationship(1, id(2), C2_INFRA),
    relationship(2, id(3), OTHER_INFRA),
  ]);
}

describeStorage('STIX indicator synchroniser', (ctx) => {
  let store: StixStore;
  let set: IndicatorSet;
  let sync: StixIndicatorSync;
  const ingest = (input: unknown, now: number) => store.ingest(input, { source: 'test', defaultMarkingRef: TLP2_IDS.green, now });

  beforeEach(async () => {
    await ctx.reset();
    store = new StixStore(ctx.db);
    set = new IndicatorSet([{ value: '5.8.95.174', label: 'from a file', source: 'file:c2.txt' }]);
    // Two rows a page, so the read crosses pages.
    sync = createStixIndicatorSync({ clock: ctx.clock, logger: silentLogger(), metrics: createMetricsRegistry(), store, indicators: set, pageSize: 2 });
  });

  it('leaves out the indicators the platform published from its own attacks (every bot would be a sighting)', async () => {
    await store.ingest([indicator(40, undefined, { pattern: "[ipv4-addr:value = '100.64.0.9']", indicator_types: ['malicious-activity'] })], {
      source: 'publish:attack-1',
      defaultMarkingRef: TLP2_IDS.amber,
      now: 1000,
    });
    await ingest([indicator(41, undefined, { pattern: "[ipv4-addr:value = '198.51.100.41']" })], 1001);
    const r = await sync.refresh();
    expect(r).toMatchObject({ read: 2, compiled: 1, skippedBy: { 'own-publication': 1 } });
    expect(set.list().map((i) => i.value)).not.toContain('100.64.0.9');
  });

  it('compiles what the flow matcher can decide, reports the rest with reasons, and keeps other sources', async () => {
    await ingest(threatIntel(), 1000);
    const r = await sync.refresh();
    expect(r).toMatchObject({ read: 8, compiled: 3, inputs: 4, change: { added: 4, updated: 0, removed: 0 } });
    expect(r?.skipped.map((s) => [s.id, s.code])).toEqual([
      [id(4), 'non-network'],
      [id(5), 'not-stix-pattern'],
      [id(6), 'expired'],
      [id(7), 'not-yet-valid'],
      [id(8), 'negation'],
    ]);
    expect(r?.skippedBy).toEqual({ 'non-network': 1, 'not-stix-pattern': 1, expired: 1, 'not-yet-valid': 1, negation: 1 });
    expect(set.list().map((i) => [i.key, i.label, i.kind, i.source])).toEqual([
      ['192.0.2.0/24', 'scanner range', 'watch', STIX_SOURCE],
      ['198.51.100.1', 'MirrorFace C2', 'c2', STIX_SOURCE],
      ['2001:db8:bad::/48', 'scanner range', 'watch', STIX_SOURCE],
      // Linked to command-and-control infrastructure: c2 whatever its indicator_types say.
      ['203.0.113.5,443,tcp', 'LODEINFO beacon', 'c2', STIX_SOURCE],
      ['5.8.95.174', 'from a file', 'c2', 'file:c2.txt'],
    ]);
    expect(set.test('203.0.113.5', 443, 'tcp')?.key).toBe('203.0.113.5,443,tcp');
    expect(set.test('203.0.113.5', 80, 'tcp')).toBeUndefined();
    expect(sync.last).toBe(r);
  });

  it('follows the store: new versions, revocations and expiry replace the stix source on refresh', async () => {
    await ingest(threatIntel(), 1000);
    await sync.refresh();
    await ingest(
      [
        indicator(1, '2024-04-01T00:00:00.000Z', { name: 'MirrorFace C2', pattern: "[ipv4-addr:value = '198.51.100.1']", revoked: true }),
        indicator(9, undefined, { name: 'new C2', pattern: "[ipv4-addr:value IN ('198.51.100.90', '198.51.100.91')]", indicator_types: ['compromised'] }),
      ],
      2000,
    );
    const r = await sync.refresh();
    expect(r?.change).toMatchObject({ added: 2, removed: 1, updated: 3 });
    expect(r?.skipped.find((s) => s.id === id(1))?.code).toBe('revoked');
    expect(set.test('198.51.100.1')).toBeUndefined();
    expect(set.test('198.51.100.91')?.kind).toBe('c2');
    // Indicator 3 expires later: the next refresh after that drops it.
    await ingest(indicator(3, '2024-04-01T00:00:00.000Z', { name: 'scanner range', pattern: "[ipv4-addr:value ISSUBSET '192.0.2.0/24']", valid_until: '2026-02-01T00:00:00Z' }), 3000);
    await sync.refresh();
    expect(set.test('192.0.2.7')?.label).toBe('scanner range');
    expect(set.test('2001:db8:bad::1')).toBeUndefined();
    ctx.clock.set(Date.UTC(2026, 1, 1));
    await sync.refresh();
    expect(set.test('192.0.2.7')).toBeUndefined();
    expect(set.test('5.8.95.174')?.source).toBe('file:c2.txt');
  });

  it('coalesces refreshes asked for during a refresh into one more, refreshes at start, and stops', async () => {
    await ingest(threatIntel(), 1000);
    // The first refresh waits at its first page until the test lets it go.
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let lists = 0;
    const gated: StixIndicatorReader = {
      list: async (options) => {
        if (options?.types?.includes('indicator') === true && lists++ === 0) await gate;
        return store.list(options);
      },
      get: store.get.bind(store) as StixIndicatorReader['get'],
      references: store.references.bind(store),
    };
    const gatedSync = createStixIndicatorSync({ clock: ctx.clock, logger: silentLogger(), metrics: createMetricsRegistry(), store: gated, indicators: set });
    const first = gatedSync.refresh();
    await ingest(indicator(9, undefined, { pattern: "[ipv4-addr:value = '198.51.100.90']" }), 2000);
    const second = gatedSync.refresh();
    expect(gatedSync.refresh()).toBe(second);
    release();
    const [a, b] = await Promise.all([first, second]);
    // The set starts at version 1 (the file); one refresh each, in order.
    expect([a?.change.version, b?.change.version]).toEqual([2, 3]);
    expect(set.test('198.51.100.90')?.kind).toBe('watch');

    const fresh = new IndicatorSet();
    const started = createStixIndicatorSync({ clock: ctx.clock, logger: silentLogger(), metrics: createMetricsRegistry(), store, indicators: fresh });
    await started.start();
    // The refresh started in the background; stopping waits for it.
    await started.stop();
    expect(await started.refresh()).toBeUndefined();
    expect(fresh.version).toBeLessThanOrEqual(1);
  });
});
