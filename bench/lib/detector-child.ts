/**
 * Sakimori's collector and detector as a separate process for real-time benchmarks: the real
 * pipeline (UDP listeners, queue, decoders, renormalisation, detection on the wall clock) with a
 * sink that forwards compact lifecycle events to the parent over IPC. Forked by
 * {@link ./detector-process.ts}; configured by the first message, answers `{type:'stats'}` and
 * exits on `{type:'stop'}`.
 */
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createMetricsRegistry } from '../../src/core/metrics.js';
import { validateConfig } from '../../src/config/load.js';
import { buildCollector } from '../../src/cli/context.js';
import type { DetectionEvent } from '../../src/detection/attack.js';
import { createDetector } from '../../src/detection/detector.js';
import type { ProtectedNetworkInput } from '../../src/detection/protected-networks.js';
import type { DetectorChildEvent, DetectorChildSetup } from './detector-process.js';

function compact(e: DetectionEvent): DetectorChildEvent | undefined {
  switch (e.kind) {
    case 'attack.started':
      return {
        kind: e.kind,
        attackId: e.attackId,
        scope: e.scope,
        target: e.target,
        startedAt: e.startedAt,
        detectedAt: e.detectedAt,
        pps: e.rates.total.pps,
        vectors: e.vectors.map((v) => v.vector),
      };
    case 'attack.updated':
      return { kind: e.kind, attackId: e.attackId, scope: e.scope, target: e.target, second: e.second, pps: e.rates.total.pps, vectors: e.vectors.map((v) => v.vector) };
    case 'attack.ended':
      return { kind: e.kind, attackId: e.attackId, scope: e.scope, target: e.target, endedAt: e.endedAt, pps: e.peak.total.pps, vectors: e.vectors.map((v) => v.vector) };
    case 'host.infected':
      return undefined;
  }
}

process.once('message', (setup: DetectorChildSetup) => {
  void (async () => {
    const config = validateConfig({
      collector: { netflow: { listen: [`127.0.0.1:${setup.netflowPort}`] }, sflow: { listen: [`127.0.0.1:${setup.sflowPort}`] }, exporters: setup.exporters },
      detection: setup.detection,
    });
    const deps = { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry() };
    const detector = createDetector(config.detection, {
      ...deps,
      networks: setup.networks as ProtectedNetworkInput[],
      sink: {
        publish(e) {
          const c = compact(e);
          if (c !== undefined) process.send!({ type: 'event', event: c });
        },
      },
    });
    const collector = buildCollector(config.collector, deps);
    collector.addConsumer(detector);
    await detector.start!();
    await collector.start!();
    process.on('message', (m: { type: string }) => {
      if (m.type === 'stats') {
        let records = 0;
        for (const s of collector.exporters.all()) records += s.counters.records;
        process.send!({ type: 'stats', records, queueDrops: collector.queueDrops, rss: process.memoryUsage().rss });
      } else if (m.type === 'stop') {
        void collector.stop!().then(async () => {
          await detector.stop!();
          process.exit(0);
        });
      }
    });
    process.send!({ type: 'ready' });
  })();
});
