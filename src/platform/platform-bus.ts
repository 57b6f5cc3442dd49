/**
 * Builds the bus the platform's parts share from the `bus` section.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from '../core/clock.js';
import type { BusConfig } from '../bus/config.js';
import { createMemoryBus } from '../bus/memory/memory-bus.js';
import { createJetStreamBus } from '../bus/nats/jetstream-bus.js';
import { PLATFORM_SUBJECTS, type PlatformBus } from './platform.js';

/** Creates the configured bus over the platform's subjects; start it before its subscribers. */
export function createPlatformBus(config: BusConfig, deps: { readonly clock: Clock; readonly logger: Logger; readonly metrics: Registry }): PlatformBus {
  const common = { catalogue: PLATFORM_SUBJECTS, site: config.site, marking: config.marking };
  switch (config.kind) {
    case 'memory':
      return createMemoryBus(common, deps);
    case 'nats':
      return createJetStreamBus({ ...common, url: config.url, stream: config.stream, prefix: config.prefix }, deps);
  }
}
