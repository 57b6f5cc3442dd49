/**
 * Shared pieces of the CLI's composition roots: configuration, logger and metrics for a command,
 * and the collector with its decoders built from the configuration.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createCollector, type Collector } from '../collector/collector.js';
import { decoderLimits, type CollectorConfig } from '../collector/config.js';
import type { Clock } from '../core/clock.js';
import { createLogger, type LogFormat, type LoggerOptions } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { createDecoders } from '../flow/decoders.js';

/** What every command starts from. */
export interface CommandContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Registry;
}

/** Loads the configuration named by the global `--config` option (or SAKIMORI_CONFIG). */
export function commandContext(program: Command, options: { overrides?: Record<string, unknown>; logLevel?: string; processMetrics?: boolean } = {}): CommandContext {
  const root = rootOf(program);
  const file = (root.opts() as { config?: string }).config;
  const config = loadConfig({ file, ...(options.overrides === undefined ? {} : { overrides: options.overrides }) });
  const logger = createLogger(loggerOptions(program, config, options.logLevel ?? config.log.level));
  const metrics = createMetricsRegistry({ processMetrics: options.processMetrics === true });
  return { config, logger, metrics };
}

/**
 * The logger settings of a command: `level`, and the format from the global `--log-format` option
 * or else `log.format`.
 */
export function loggerOptions(program: Command, config: Pick<Config, 'log'>, level: string): LoggerOptions {
  const flag = (rootOf(program).opts() as { logFormat?: LogFormat }).logFormat;
  return { level, format: flag ?? config.log.format };
}

function rootOf(c: Command): Command {
  let r = c;
  while (r.parent !== null) r = r.parent;
  return r;
}

/** Builds the collector and its decoders from the configuration. */
export function buildCollector(config: CollectorConfig, deps: { clock: Clock; logger: Logger; metrics: Registry }): Collector {
  const decoders = createDecoders(decoderLimits(config));
  return createCollector(config, { ...deps, decoders });
}

/** Parses a positive number option, or throws a commander-style error. */
export function positiveNumber(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${JSON.stringify(v)}`);
    return n;
  };
}
