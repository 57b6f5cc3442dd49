import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import Value from 'typebox/value';
import { expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { describeExternal, TEST_NATS_URL, tcpAvailable } from '../testing/external.js';
import type { BusMessage } from '../bus/bus.js';
import { BusConfigSchema, type BusConfig } from '../bus/config.js';
import { createPlatformBus } from './platform-bus.js';

const config = (overrides: Record<string, unknown>): BusConfig => Value.Default(BusConfigSchema, structuredClone(overrides)) as BusConfig;
const deps = () => ({ clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry() });

it('is the in-process bus by default', async () => {
  const bus = createPlatformBus(config({}), deps());
  expect(bus.name).toBe('memory:local');
  await bus.stop();
});

const url = new URL(TEST_NATS_URL);
const reachable = await tcpAvailable(url.hostname, Number(url.port || 4222));

describeExternal('platform bus on NATS', reachable ? [] : [`NATS at ${TEST_NATS_URL} (SAKIMORI_TEST_NATS_URL)`], () => {
  it('carries the platform subjects with the configured site and marking, subscribed before it started', async () => {
    const id = `t${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const bus = createPlatformBus(config({ kind: 'nats', url: TEST_NATS_URL, stream: `SAKIMORI_TEST_${id}`, prefix: id, site: 'osaka-2', marking: 'TLP:GREEN' }), deps());
    const got: BusMessage[] = [];
    bus.subscribe('detection.infection.reported', (m) => void got.push(m));
    await bus.start();
    try {
      await bus.publish('detection.infection.reported', { address: '198.51.100.23', indicator: 'ipv4-addr:45.32.13.180 (MirrorFace C2)' });
      await bus.flush();
      expect(got.map((m) => [m.subject, m.data, m.headers.origin, m.headers.marking])).toEqual([
        ['detection.infection.reported', { address: '198.51.100.23', indicator: 'ipv4-addr:45.32.13.180 (MirrorFace C2)' }, 'osaka-2', 'TLP:GREEN'],
      ]);
    } finally {
      await bus.stop();
      const nc = await connect({ servers: TEST_NATS_URL });
      await (await jetstreamManager(nc)).streams.delete(`SAKIMORI_TEST_${id}`);
      await nc.close();
    }
  });
});
