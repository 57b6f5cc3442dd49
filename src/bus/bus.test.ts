import { describe, expect, it } from 'vitest';
import { subjectMatches } from './bus.js';

// The memory bus's delivery test now runs in the contract suite (`contract.ts`) for every bus.
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
