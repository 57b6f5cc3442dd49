/**
 * Sakimori's collector as a separate process for benchmarks: the real pipeline (UDP listeners,
 * queue, decoders, renormalisation) with a per-destination counting consumer. Forked with IPC;
 * answers `{type:'stats'}` with its counters and exits on `{type:'stop'}`.
 *
 * argv: <netflowPort> <sflowPort> [thread|main] (collector.receiveThread; default thread)
 */
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createMetricsRegistry } from '../../src/core/metrics.js';
import { validateConfig } from '../../src/config/load.js';
import { buildCollector } from '../../src/cli/context.js';
import { DestinationCounts } from './destination-counts.js';

const [netflowPort, sflowPort] = process.argv.slice(2, 4).map(Number);
const receiveThread = process.argv[4] !== 'main';
const config = validateConfig({
  collector: { netflow: { listen: [`127.0.0.1:${netflowPort}`] }, sflow: { listen: [`127.0.0.1:${sflowPort}`] }, receiveThread },
}).collector;
const collector = buildCollector(config, { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry() });
const counts = new DestinationCounts(1 << 20);
collector.addConsumer({ name: 'count', consume: (b) => counts.addBatch(b) });
await collector.start!();

process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') {
    let datagrams = 0;
    let records = 0;
    let errors = 0;
    for (const s of collector.exporters.all()) {
      datagrams += s.counters.datagrams;
      records += s.counters.records;
      errors += s.counters.errorTotal;
    }
    process.send!({ type: 'stats', datagrams, records, errors, queueDrops: collector.queueDrops, queued: collector.queued, destinations: counts.size, rss: process.memoryUsage().rss });
  } else if (m.type === 'stop') {
    void collector.stop!().then(() => process.exit(0));
  }
});
process.send!({ type: 'ready' });
