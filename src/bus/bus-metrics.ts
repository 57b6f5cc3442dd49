/**
 * Prometheus metrics of a bus, read from its counters at scrape time.
 */
import { Counter, type Registry } from 'prom-client';
import type { BusStats } from './bus.js';

const HELP: Record<keyof BusStats, string> = {
  published: 'Messages published',
  duplicates: 'Publishes dropped as duplicates of a message id seen within the window',
  invalid: 'Messages received that failed their schema or had an unknown subject (dead-lettered)',
  delivered: 'Messages handed to handlers',
  dropped: 'Messages an ephemeral subscription dropped because its queue was full',
  handlerErrors: 'Handlers that threw',
  redelivered: 'Messages delivered again after a failed handler',
  deadLettered: 'Messages dead-lettered',
};

const NAMES: Record<keyof BusStats, string> = {
  published: 'sakimori_bus_published_total',
  duplicates: 'sakimori_bus_duplicates_total',
  invalid: 'sakimori_bus_invalid_total',
  delivered: 'sakimori_bus_delivered_total',
  dropped: 'sakimori_bus_dropped_total',
  handlerErrors: 'sakimori_bus_handler_errors_total',
  redelivered: 'sakimori_bus_redelivered_total',
  deadLettered: 'sakimori_bus_dead_lettered_total',
};

/** Registers the bus counters on `registry`. */
export function registerBusMetrics(registry: Registry, stats: () => Readonly<BusStats>): void {
  for (const key of Object.keys(NAMES) as (keyof BusStats)[]) {
    new Counter({
      name: NAMES[key],
      help: HELP[key],
      registers: [registry],
      collect() {
        this.reset();
        this.inc(stats()[key]);
      },
    });
  }
}
