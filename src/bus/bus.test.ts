import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { subjectMatches } from './bus.js';
import { createMemoryBus } from './memory/memory-bus.js';

describe('subject patterns', () => {
  it.each([
    ['attack.started', 'attack.started', true],
    ['attack.*', 'attack.started', true],
    ['attack.*', 'attack.started.x', false],
    ['attack.>', 'attack.started.x', true],
    ['attack.>', 'attack', false],
    ['>', 'anything.at.all', true],
    ['sighting.*', 'attack.started', false],
  ])('%s vs %s → %s', (p, s, want) => expect(subjectMatches(p, s)).toBe(want));
});

describe('memory bus', () => {
  it('delivers in publish order and survives a failing handler', async () => {
    const bus = createMemoryBus({ clock: new ManualClock(), logger: silentLogger() });
    const got: string[] = [];
    bus.subscribe('attack.*', () => {
      throw new Error('boom');
    });
    bus.subscribe<{ n: number }>('attack.*', (m) => void got.push(`${m.subject}:${m.data.n}`));
    await bus.publish('attack.started', { n: 1 });
    await bus.publish('attack.updated', { n: 2 });
    await bus.publish('sighting.new', { n: 3 });
    await bus.flush();
    expect(got).toEqual(['attack.started:1', 'attack.updated:2']);
    expect(bus.handlerErrors).toBe(2);
  });
});
