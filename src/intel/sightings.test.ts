import Value from 'typebox/value';
import { beforeEach, expect, it } from 'vitest';
import type { BusMessage } from '../bus/bus.js';
import { createMemoryBus } from '../bus/memory/memory-bus.js';
import { PLATFORM_SUBJECTS } from '../platform/platform.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { busSink, type HostInfected } from '../detection/attack.js';
import { DetectionConfigSchema, type DetectionConfig } from '../detection/config.js';
import { createDetector } from '../detection/detector.js';
import { createInfectionReports } from '../detection/infection-reports.js';
import { createStorage } from '../storage/storage.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { IntelConfigSchema, type IntelConfig } from './config.js';
import { IndicatorSet } from './indicator-set.js';
import type { SightingEvent } from './sighting.js';
import { SightingStore } from './sighting-store.js';
import { createSightings, type SightingsDeps } from './sightings.js';
import { DEMO_NETWORKS, flows, NO_EXPORTERS, type FlowSpec } from './testing/flows.js';
import { narrowBus } from '../bus/narrow.js';
import { DETECTION_SUBJECTS } from '../detection/event-schemas.js';

const intelConfig = (o: Record<string, unknown> = {}): IntelConfig => Value.Default(IntelConfigSchema, o) as IntelConfig;
const detectionConfig = (): DetectionConfig => Value.Default(DetectionConfigSchema, {}) as DetectionConfig;

/** A beacon exchange between a host and a C2 address: `out` records host → C2, `back` records C2 → host. */
function beacon(host: string, c2: string, port: number, t: number, out: number, back: number): FlowSpec[] {
  const r: FlowSpec[] = [];
  for (let k = 0; k < out; k++) r.push({ src: host, dst: c2, srcPort: 50000 + k, dstPort: port, packets: 3, bytes: 400, samplingRate: 100, startMs: t + k * 1000, endMs: t + k * 1000 + 300 });
  for (let k = 0; k < back; k++) r.push({ src: c2, dst: host, srcPort: port, dstPort: 50000 + k, packets: 2, bytes: 900, samplingRate: 100, startMs: t + k * 1000 + 50, endMs: t + k * 1000 + 250 });
  return r;
}

describeStorage('sightings', (ctx) => {
  let events: BusMessage[];
  let harness: (store?: SightingStore, overrides?: Record<string, unknown>) => ReturnType<typeof createSightings> & { bus: ReturnType<typeof createMemoryBus> };

  beforeEach(async () => {
    await ctx.reset();
    events = [];
    const bus = createMemoryBus({ catalogue: PLATFORM_SUBJECTS }, { clock: ctx.clock, logger: silentLogger() });
    bus.subscribe('sighting.*', (m) => void events.push(m));
    bus.subscribe('host.*', (m) => void events.push(m));
    const indicators = new IndicatorSet();
    indicators.add('file:mirrorface.txt', [
      { value: '45.32.13.180', label: 'MirrorFace C2' },
      { value: '103.175.16.39', port: 443, protocol: 'tcp', label: 'MirrorFace C2' },
    ]);
    indicators.add('feed:watch', [{ value: '2001:db8:bad::/48', kind: 'watch', label: 'scanner' }]);
    const base = { clock: ctx.clock, logger: silentLogger() };
    const detector = createDetector(detectionConfig(), { ...base, metrics: createMetricsRegistry(), sink: busSink(bus, () => undefined), networks: DEMO_NETWORKS });
    await createInfectionReports({ bus: narrowBus(bus, DETECTION_SUBJECTS), detector, logger: base.logger }).start!();
    harness = (store, overrides = {}) => {
      const deps: SightingsDeps = { ...base, metrics: createMetricsRegistry(), bus, indicators, store, networks: DEMO_NETWORKS };
      return Object.assign(createSightings(intelConfig(overrides), deps), { bus });
    };
  });

  const of = <T>(subject: string): T[] => events.filter((e) => e.subject === subject).map((e) => e.data as T);

  it('records a protected host beaconing to a C2 address, stores it, publishes it and reports the host infected', async () => {
    const store = new SightingStore(ctx.db, ctx.clock);
    const s = harness(store);
    const t0 = ctx.clock.now() - 60_000;
    s.consume(
      flows([
        ...beacon('198.51.100.23', '45.32.13.180', 8443, t0, 3, 2),
        // The same C2 talking to an address outside every protected network is not recorded.
        ...beacon('172.16.0.9', '45.32.13.180', 8443, t0, 1, 1),
        // Port 80 of 103.175.16.39 is not the listed 443/tcp.
        { src: '198.51.100.23', dst: '103.175.16.39', dstPort: 80, startMs: t0 },
        { src: '192.0.2.10', dst: '172.16.5.5', dstPort: 443, startMs: t0 },
      ]),
      NO_EXPORTERS,
    );
    await s.flush();
    await s.bus.flush();
    const created = of<SightingEvent>('sighting.new');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      kind: 'sighting.new',
      indicator: { key: '45.32.13.180', value: '45.32.13.180', label: 'MirrorFace C2', kind: 'c2', source: 'file:mirrorface.txt' },
      host: '198.51.100.23',
      family: 4,
      networkId: 'net-minato-4',
      organizationId: 'org-minato',
      networkPrefix: '198.51.100.0/24',
      direction: 'both',
      firstSeen: t0,
      lastSeen: t0 + 2300,
      count: 5,
      outboundCount: 3,
      inboundCount: 2,
      packets: 3 * 3 * 100 + 2 * 2 * 100,
      bytes: 3 * 400 * 100 + 2 * 900 * 100,
      ports: [8443],
      protocols: [6],
    });
    const infected = of<HostInfected>('host.infected');
    expect(infected).toHaveLength(1);
    expect(infected[0]).toMatchObject({
      host: '198.51.100.23',
      networkId: 'net-minato-4',
      organizationId: 'org-minato',
      evidence: { kind: 'indicator', indicator: 'ipv4-addr:45.32.13.180 (MirrorFace C2)', details: { sightingId: created[0]!.id, direction: 'both', ports: [8443], count: 5 } },
    });
    expect(s.counters.infectionsReported).toBe(1);
    expect(s.tracker.counters.unprotected).toBe(2);

    // More beacons: the same sighting moves on; the host is not reported again.
    s.consume(flows(beacon('198.51.100.23', '45.32.13.180', 10443, t0 + 30_000, 2, 0)), NO_EXPORTERS);
    await s.flush();
    await s.bus.flush();
    const updated = of<SightingEvent>('sighting.updated');
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ id: created[0]!.id, count: 7, outboundCount: 5, inboundCount: 2, lastSeen: t0 + 31_300, ports: [8443, 10443] });
    expect(of('host.infected')).toHaveLength(1);
    // Nothing new: nothing published.
    await s.flush();
    await s.bus.flush();
    expect(events).toHaveLength(3);

    const { kind: _kind, ...stored } = updated[0]!;
    expect(await store.list()).toEqual([stored]);
    expect(await store.get(stored.id)).toEqual(stored);
  });

  it('continues the stored sighting after a restart instead of starting another', async () => {
    const store = new SightingStore(ctx.db, ctx.clock);
    const t0 = ctx.clock.now() - 10_000;
    const first = harness(store);
    first.consume(flows(beacon('203.0.113.5', '103.175.16.39', 443, t0, 2, 0)), NO_EXPORTERS);
    await first.stop();
    const second = harness(store);
    second.consume(flows(beacon('203.0.113.5', '103.175.16.39', 443, t0 + 5000, 1, 1)), NO_EXPORTERS);
    await second.flush();
    await second.bus.flush();
    expect(of<SightingEvent>('sighting.new').map((e) => e.count)).toEqual([2]);
    const updated = of<SightingEvent>('sighting.updated');
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({
      id: of<SightingEvent>('sighting.new')[0]!.id,
      indicator: { key: '103.175.16.39,443,tcp' },
      count: 4,
      outboundCount: 3,
      inboundCount: 1,
      firstSeen: t0,
      direction: 'both',
    });
    expect(await store.list({ host: '203.0.113.5' })).toHaveLength(1);
  });

  it('records watch-list hits on IPv6 without reporting infection, and unprotected ones when asked', async () => {
    const s = harness(new SightingStore(ctx.db, ctx.clock), { requireProtected: false });
    const t0 = ctx.clock.now() - 1000;
    s.consume(
      flows([
        { src: '2001:db8:bad::7', dst: '2001:db8:200::99', protocol: 17, srcPort: 53, dstPort: 40000, startMs: t0 },
        { src: '2001:db8:200::99', dst: '2001:db8:bad:1::1', protocol: 17, srcPort: 40000, dstPort: 53, startMs: t0 + 10 },
        { src: '172.16.0.9', dst: '45.32.13.180', dstPort: 8443, startMs: t0 },
      ]),
      NO_EXPORTERS,
    );
    await s.flush();
    await s.bus.flush();
    const created = of<SightingEvent>('sighting.new').sort((a, b) => a.host.localeCompare(b.host));
    expect(created.map((e) => [e.host, e.family, e.indicator.key, e.networkId, e.direction, e.count, e.ports])).toEqual([
      ['172.16.0.9', 4, '45.32.13.180', null, 'outbound', 1, [8443]],
      ['2001:db8:200::99', 6, '2001:db8:bad::/48', 'net-minato-6', 'both', 2, [53]],
    ]);
    // A watch-list indicator is not a C2 server; an unprotected host is nobody's to notify.
    expect(of('host.infected')).toHaveLength(0);
  });

  it('keeps counts through a storage outage and writes them once storage is back', async () => {
    const other = createStorage({ ...ctx.options, migrateOnStart: false }, ctx.deps);
    await other.start();
    // A store bound to whichever connection the storage has now, like a server's across restarts.
    const live = new Proxy({} as typeof other.db, {
      get: (_t, p) => {
        const v: unknown = Reflect.get(other.db, p);
        return typeof v === 'function' ? v.bind(other.db) : v;
      },
    });
    const s = harness(new SightingStore(live, ctx.clock));
    const t0 = ctx.clock.now() - 5000;
    s.consume(flows(beacon('192.0.2.44', '45.32.13.180', 8443, t0, 2, 0)), NO_EXPORTERS);
    await s.flush();
    await other.stop();
    s.consume(flows(beacon('192.0.2.44', '45.32.13.180', 8443, t0 + 1000, 1, 0)), NO_EXPORTERS);
    await s.flush();
    expect(s.counters.flushFailures).toBe(1);
    s.consume(flows(beacon('192.0.2.44', '45.32.13.180', 8443, t0 + 3000, 1, 0)), NO_EXPORTERS);
    await other.start();
    await s.flush();
    await s.bus.flush();
    expect(of<SightingEvent>('sighting.new').map((e) => [e.host, e.count])).toEqual([['192.0.2.44', 2]]);
    // Both records that arrived while storage was away are in the update.
    expect(of<SightingEvent>('sighting.updated').map((e) => [e.host, e.count])).toEqual([['192.0.2.44', 4]]);
    expect((await new SightingStore(ctx.db, ctx.clock).list()).map((r) => r.count)).toEqual([4]);
    await other.stop();
  });

  it('works without storage, from memory', async () => {
    const s = harness(undefined);
    const t0 = ctx.clock.now() - 5000;
    s.consume(flows(beacon('198.19.0.8', '45.32.13.180', 8443, t0, 1, 0)), NO_EXPORTERS);
    await s.flush();
    s.consume(flows(beacon('198.19.0.8', '45.32.13.180', 8443, t0 + 1000, 1, 0)), NO_EXPORTERS);
    await s.flush();
    await s.bus.flush();
    expect(of<SightingEvent>('sighting.new').map((e) => e.count)).toEqual([1]);
    expect(of<SightingEvent>('sighting.updated').map((e) => [e.count, e.id === of<SightingEvent>('sighting.new')[0]!.id])).toEqual([[2, true]]);
  });
});
