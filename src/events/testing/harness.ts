/**
 * Test helpers for the event outputs: configuration from schema defaults, a bus on a manual clock,
 * and a logger whose records tests can read.
 */
import Type from 'typebox';
import Value from 'typebox/value';
import type { Catalogue } from '../../bus/bus.js';
import { createMemoryBus } from '../../bus/memory/memory-bus.js';
import { ManualClock } from '../../core/clock.js';
import { createLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import { EventsConfigSchema, type EventsConfig } from '../config.js';

/** The events section: schema defaults under `overrides`. */
export function eventsConfig(overrides: Record<string, unknown>): EventsConfig {
  return Value.Default(EventsConfigSchema, structuredClone(overrides)) as EventsConfig;
}

const ANY_OBJECT = { schema: Type.Record(Type.String(), Type.Unknown()), description: 'any object' };

/**
 * The subjects the output tests publish. The outputs forward whatever a subject carries, so their
 * tests publish small objects rather than whole detection events.
 */
const EVENT_TEST_SUBJECTS = {
  'attack.started': ANY_OBJECT,
  'attack.updated': ANY_OBJECT,
  'attack.ended': ANY_OBJECT,
  'host.infected': ANY_OBJECT,
  'sighting.new': ANY_OBJECT,
  'operations.case.opened': ANY_OBJECT,
} as const satisfies Catalogue;

/** Clock, bus, metrics and a logger whose JSON records land in `logs`. */
export function eventsHarness() {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug' }, { write: (s: string) => void logs.push(JSON.parse(s) as Record<string, unknown>) });
  const bus = createMemoryBus({ catalogue: EVENT_TEST_SUBJECTS }, { clock, logger });
  return { clock, logs, logger, bus, metrics: createMetricsRegistry() };
}
