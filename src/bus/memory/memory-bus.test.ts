import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import { CONTRACT_SUBJECTS, describeBusContract } from '../testing/contract.js';
import { createMemoryBus } from './memory-bus.js';

describeBusContract('memory', async (catalogue, options) => {
  const bus = createMemoryBus({ catalogue, ...options }, { clock: systemClock, logger: silentLogger() });
  await bus.start();
  return { bus, close: () => bus.stop() };
});

describe('memory bus', () => {
  it('forgets the oldest messages past its retention, and a durable consumer that fell behind counts them as dropped', async () => {
    const bus = createMemoryBus({ catalogue: CONTRACT_SUBJECTS, retain: 3 }, { clock: new ManualClock(), logger: silentLogger() });
    const got: number[] = [];
    const sub = bus.subscribe('attack.started', (m) => void got.push(m.data.n), { durable: 'slow' });
    sub.unsubscribe();
    for (let n = 1; n <= 5; n++) await bus.publish('attack.started', { n });
    bus.subscribe('attack.started', (m) => void got.push(m.data.n), { durable: 'slow' });
    await bus.flush();
    expect(got).toEqual([3, 4, 5]);
    expect(bus.stats().dropped).toBe(2);
  });

  it('exports its counters as metrics', async () => {
    const metrics = createMetricsRegistry();
    const bus = createMemoryBus({ catalogue: CONTRACT_SUBJECTS }, { clock: new ManualClock(), logger: silentLogger(), metrics });
    await bus.publish('attack.started', { n: 1 });
    await bus.publish('attack.started', { n: 'x' } as never);
    const text = await metrics.metrics();
    expect(text).toContain('sakimori_bus_published_total 2');
    expect(text).toContain('sakimori_bus_invalid_total 1');
    expect(text).toContain('sakimori_bus_dead_lettered_total 1');
  });
});
