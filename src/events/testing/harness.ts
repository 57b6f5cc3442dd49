/**
 * Test helpers for the event outputs: configuration from schema defaults, a bus on a manual clock,
 * and a logger whose records tests can read.
 */
import Value from 'typebox/value';
import { createMemoryBus } from '../../bus/memory/memory-bus.js';
import { ManualClock } from '../../core/clock.js';
import { createLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import { EventsConfigSchema, type EventsConfig } from '../config.js';

/** The events section: schema defaults under `overrides`. */
export function eventsConfig(overrides: Record<string, unknown>): EventsConfig {
  return Value.Default(EventsConfigSchema, structuredClone(overrides)) as EventsConfig;
}

/** Clock, bus, metrics and a logger whose JSON records land in `logs`. */
export function eventsHarness() {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug' }, { write: (s: string) => void logs.push(JSON.parse(s) as Record<string, unknown>) });
  const bus = createMemoryBus({ clock, logger });
  return { clock, logs, logger, bus, metrics: createMetricsRegistry() };
}
