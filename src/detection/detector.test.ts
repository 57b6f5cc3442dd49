import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory/memory-bus.js';
import { DETECTION_SUBJECTS } from './event-schemas.js';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { TestExporters } from '../flow/testing/test-exporters.js';
import { busSink, type DetectionEvent } from './attack.js';
import { createDetector } from './detector.js';
import { batchOf, DEMO_NETWORKS, nth, P, testConfig } from './testing/flow-builder.js';

describe('detector component', () => {
  it('consumes batches, publishes on the bus under each event kind, ticks from the clock and exposes metrics', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 9));
    const logger = silentLogger();
    const bus = createMemoryBus({ catalogue: DETECTION_SUBJECTS }, { clock, logger });
    const got: string[] = [];
    bus.subscribe('attack.*', (m) => void got.push(`${m.subject}:${m.data.kind}`));
    const metrics = createMetricsRegistry();
    const detector = createDetector(testConfig({ cooldownSeconds: 3 }), { clock, logger, metrics, sink: busSink(bus, () => undefined), networks: DEMO_NETWORKS, newId: () => 'a1' });
    await detector.start!();
    const none = new TestExporters();
    for (let i = 0; i < 20; i++) {
      detector.consume(batchOf(Array.from({ length: 5 }, (_, j) => ({ src: nth('100.64.0.0', j), dst: '192.0.2.10', protocol: P.UDP, samplingRate: 1000, endMs: clock.now() }))), none);
      clock.advance(100);
    }
    expect(detector.activeAttacks()).toHaveLength(1);
    expect(detector.attackers('a1')!.length).toBe(5);
    clock.advance(10_000);
    detector.tick();
    await bus.flush();
    expect(got[0]).toBe('attack.started:attack.started');
    expect(got.at(-1)).toBe('attack.ended:attack.ended');
    const text = await metrics.metrics();
    expect(text).toMatch(/sakimori_detection_records_total\{result="accepted"\} 100/);
    expect(text).toMatch(/sakimori_detection_attacks_started_total\{scope="host"\} 1/);
    expect(text).toMatch(/sakimori_detection_attacks_active\{scope="host"\} 0/);
    expect(text).toMatch(/sakimori_detection_tracked_hosts\{direction="inbound"\} \d+/);
    expect(text).toMatch(/sakimori_detection_processing_seconds_total \d/);
    await detector.stop!();
  });

  it('ends ongoing attacks with reason "shutdown" when stopped', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 9));
    const events: DetectionEvent[] = [];
    const detector = createDetector(testConfig(), { clock, logger: silentLogger(), metrics: createMetricsRegistry(), sink: { publish: (e) => void events.push(e) }, networks: DEMO_NETWORKS });
    await detector.start!();
    detector.consume(batchOf([{ src: '100.64.0.1', dst: '192.0.2.10', packets: 50000, startMs: clock.now() - 1000, endMs: clock.now() }]), new TestExporters());
    await detector.stop!();
    expect(events.map((e) => e.kind)).toEqual(['attack.started', 'attack.ended']);
    expect(events[1]).toMatchObject({ reason: 'shutdown' });
  });
});
