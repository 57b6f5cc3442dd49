/**
 * `sakimori serve`: the platform — storage, collector, detection and the HTTP API — as one process.
 * This is the composition root: components are created here, started in order and stopped in
 * reverse on SIGINT/SIGTERM.
 */
import type { Command } from 'commander';
import { createApiServer } from '../../api/server.js';
import { exportersRoutes } from '../../api/routes/exporters.js';
import { ExporterStore } from '../../collector/exporter-store.js';
import { createStatsWriter } from '../../collector/stats-writer.js';
import { createTrafficMeter } from '../../collector/traffic-meter.js';
import { systemClock } from '../../core/clock.js';
import { Lifecycle } from '../../core/component.js';
import { OperatorRegistry } from '../../registry/registry.js';
import { seedDemo } from '../../registry/seed.js';
import { createStorage } from '../../storage/storage.js';
import { buildCollector, commandContext } from '../context.js';

interface ServeOpts {
  demo?: boolean;
  statsIntervalSeconds: string;
}

/** Registers `sakimori serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the platform: flow collector, detection, storage and the HTTP API')
    .option('--demo', 'seed the demo organisations and run the built-in simulated exporters')
    .option('--stats-interval-seconds <n>', 'how often per-exporter traffic is logged', '10')
    .action(async (opts: ServeOpts, cmd: Command) => {
      const ctx = commandContext(cmd, { processMetrics: true });
      const { config, logger, metrics } = ctx;
      const clock = systemClock;
      const deps = { clock, logger, metrics };
      const life = new Lifecycle(logger);

      const storage = life.add(createStorage({ ...config.storage, dataDir: config.dataDir }, deps));
      const collector = buildCollector(config.collector, deps);
      const meter = createTrafficMeter(Number(opts.statsIntervalSeconds) * 1000, deps);
      collector.addConsumer(meter);
      life.add(meter);
      const api = createApiServer(config.api, deps, [exportersRoutes({ exporters: collector.exporters, meter })]);

      await life.start();
      const exporterStore = new ExporterStore(storage.db, clock);
      life.add(createStatsWriter(60_000, { ...deps, exporters: collector.exporters, store: exporterStore }));
      if (opts.demo === true) {
        const seeded = await seedDemo(new OperatorRegistry(storage.db, clock));
        if (seeded.created.length > 0) logger.info({ organizations: seeded.created }, 'seeded demo organisations');
      }
      life.add(collector);
      life.add(api);
      await life.start();

      logger.info({ storage: storage.location, listeners: collector.listeners, api: api.urls }, 'sakimori is running');
      process.stderr.write(`\nSakimori is running.\n  console/API: ${api.urls.join(' ')}\n  metrics:     ${api.urls[0] ?? ''}${config.api.metricsPath}\n  flow export: ${collector.listeners.map((l) => `${l.kind} udp ${l.address}:${l.port}`).join(', ')}\n  storage:     ${storage.location}\nPress Ctrl-C to stop.\n\n`);

      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          logger.info({ signal }, 'stopping');
          resolve();
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      await life.stop();
    });
}
