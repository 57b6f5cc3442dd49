/**
 * End to end: the simulator's C2 beacon scenario, encoded as real IPFIX, decoded by the collector
 * and matched against ESET's published MirrorFace indicators, must yield one sighting per
 * (C2 address, beaconing host) with the beacon counts of the ground truth.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Value from 'typebox/value';
import { expect, it } from 'vitest';
import type { BusMessage } from '../bus/bus.js';
import { createMemoryBus } from '../bus/memory/memory-bus.js';
import { PLATFORM_SUBJECTS } from '../platform/platform.js';
import { createCollector } from '../collector/collector.js';
import { CollectorConfigSchema, type CollectorConfig } from '../collector/config.js';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { createDecoders } from '../flow/decoders.js';
import { parseScenario } from '../simulator/scenario.js';
import { createSimulation } from '../simulator/simulation.js';
import { describeExternal, missingFixtures, REPO_ROOT, sharedFixture } from '../testing/external.js';
import { IntelConfigSchema, type IntelConfig } from './config.js';
import { IndicatorSet } from './indicator-set.js';
import { readIndicatorFile } from './read-indicator-file.js';
import type { SightingEvent } from './sighting.js';
import { createSightings } from './sightings.js';
import { DEMO_NETWORKS } from './testing/flows.js';

describeExternal('sightings of the simulated MirrorFace C2 beacons', missingFixtures(), () => {
  it('finds every beaconing host and C2 address, with the ground-truth counts, and nothing else', async () => {
    const scenario = parseScenario(readFileSync(join(REPO_ROOT, 'scenarios', 'c2-beacons.yaml'), 'utf8'), 'scenarios/c2-beacons.yaml');
    const sim = createSimulation(scenario, { durationS: 420 });
    const clock = new ManualClock(sim.startMs);
    const base = { clock, logger: silentLogger(), metrics: createMetricsRegistry() };
    const bus = createMemoryBus({ catalogue: PLATFORM_SUBJECTS }, base);
    const events: BusMessage<string, SightingEvent>[] = [];
    bus.subscribe('sighting.*', (m) => void events.push(m));
    const indicators = new IndicatorSet();
    const eset = readIndicatorFile(sharedFixture('iocs', 'mirrorface-eset-liberalface.json'), { label: 'MirrorFace C2' });
    indicators.replaceSource(eset.source, eset.inputs);
    const sightings = createSightings(Value.Default(IntelConfigSchema, {}) as IntelConfig, { ...base, bus, indicators, networks: DEMO_NETWORKS });
    const collector = createCollector(Value.Default(CollectorConfigSchema, {}) as CollectorConfig, { ...base, decoders: createDecoders() });
    collector.addConsumer(sightings);
    for (const d of sim.datagrams()) {
      clock.set(d.timeMs);
      collector.ingest(d.kind, d.payload, sim.exporters[d.exporter]!.address, d.timeMs);
    }
    collector.flush();
    await sightings.flush();
    await bus.flush();

    const truth = sim.truth();
    const expected = new Map<string, number>();
    for (const b of truth.beacons) for (const c2 of b.destinations) expected.set(`${c2} ${b.host}`, (expected.get(`${c2} ${b.host}`) ?? 0) + 1);
    // Both beaconing hosts, the workstation to several C2 addresses.
    expect(new Set(truth.beacons.filter((b) => b.count > 0).map((b) => b.host)).size).toBe(2);
    const got = new Map(events.map((e) => [`${e.data.indicator.key} ${e.data.host}`, e.data]));
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, count] of expected) {
      const s = got.get(key)!;
      const beacon = truth.beacons.find((b) => b.host === s.host)!;
      // One flow record each way per beacon connection (unsampled IPFIX).
      expect({ key, out: s.outboundCount, in: s.inboundCount, ports: s.ports, direction: s.direction }).toEqual({ key, out: count, in: count, ports: [beacon.port], direction: 'both' });
      expect(s.indicator.label).toBe('MirrorFace C2');
    }
  });
});
