/**
 * `sakimori serve`: the platform — storage, collector, detection, indicators, countermeasures,
 * safeguards and the HTTP API — as one process, until SIGINT/SIGTERM stops it in reverse order.
 */
import type { Command } from 'commander';
import { formatDemoAccounts } from '../../accounts/demo-accounts.js';
import { systemClock } from '../../core/clock.js';
import { commandContext } from '../context.js';
import { buildPlatform, demoOverrides } from '../platform.js';
import { startBanner } from '../start-banner.js';

interface ServeOpts {
  demo?: boolean;
  events?: string;
  statsIntervalSeconds?: string;
}

/** Registers `sakimori serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the platform: flow collector, detection, countermeasures, safeguards, storage and the HTTP API')
    .option('--demo', 'seed the demo organisations and run the built-in simulated exporters (the demo scenario)')
    .option('--events <path|->', 'append detection events (attacks, sightings, infected hosts) as JSON lines to a file, or - for standard output')
    .option('--stats-interval-seconds <n>', 'how often per-exporter traffic is logged (0: never); overrides collector.trafficLogSeconds (default 10)')
    .action(async (opts: ServeOpts, cmd: Command) => {
      const overrides: Record<string, unknown> = {
        ...(opts.demo === true ? demoOverrides() : {}),
        ...(opts.events === undefined ? {} : { events: { file: { path: opts.events } } }),
        ...(opts.statsIntervalSeconds === undefined ? {} : { collector: { trafficLogSeconds: Number(opts.statsIntervalSeconds) } }),
      };
      const { config, logger, metrics } = commandContext(cmd, { processMetrics: true, overrides });
      const p = await buildPlatform(config, { clock: systemClock, logger, metrics }, { demo: opts.demo === true });
      logger.info({ storage: p.storage.location, listeners: p.collector.listeners, api: p.api.urls }, 'sakimori is running');
      process.stderr.write(
        startBanner({
          apiUrls: p.api.urls,
          metricsUrls: p.metricsListener.urls,
          flowListeners: p.collector.listeners,
          storage: p.storage.location,
          demoAccounts: opts.demo === true ? formatDemoAccounts() : undefined,
        }),
      );
      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          logger.info({ signal }, 'stopping');
          resolve();
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      await p.life.stop();
    });
}
