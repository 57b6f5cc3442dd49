import { describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { Lifecycle } from '../core/component.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { validateConfig } from '../config/load.js';
import { DISCARD, numeric } from '../bgp/index.js';
import { demoSpeaker } from './demo-router.js';

describe('demo router', () => {
  it('peers the platform speaker with an in-process router over a real loopback session, so rules become active', async () => {
    const life = new Lifecycle(silentLogger());
    const deps = { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry() };
    const speaker = await demoSpeaker(validateConfig({}).bgp, deps, life);
    await life.start();
    try {
      const { key } = speaker.announce({
        kind: 'flowspec',
        rule: {
          family: 'ipv4',
          components: [
            { kind: 'destination', prefix: '192.0.2.10/32' },
            { kind: 'protocol', terms: numeric.anyOf(6) },
          ],
        },
        actions: [DISCARD],
      });
      await speaker.waitForRoute(key, 'active', { timeoutMs: 15_000 });
      const peer = speaker.peers().find((p) => p.name === 'demo-router');
      expect(peer?.state).toBe('established');
    } finally {
      await life.stop();
    }
  });
});
