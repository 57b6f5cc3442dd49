import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Creates the metrics registry for one program. Components register their own metrics on the
 * registry they are given (never on prom-client's global one), so tests get isolated registries.
 */
export function createMetricsRegistry(options: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.processMetrics === true) collectDefaultMetrics({ register: registry, prefix: 'sakimori_' });
  return registry;
}
