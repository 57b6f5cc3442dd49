/**
 * The approval invariant, as a property over random sequences of API calls (see
 * `testing/invariant/harness.ts`): no countermeasure executes unless a quorum of distinct commission
 * members, none of them the requester or the last amender, approved exactly the digest that
 * executes, or it is an emergency action whose every target is derived from an active attack it
 * cites, by an actor allowed to act in emergencies, reviewed afterwards. `npm run invariant` runs
 * more sequences (`-- --runs N --seed S`).
 */
import { describe, expect, it } from 'vitest';
import { runInvariant } from './testing/invariant/harness.js';

const RUNS = Number(process.env.SAKIMORI_INVARIANT_RUNS ?? 2000);

describe('the approval invariant', () => {
  it(`holds over ${RUNS} random sequences of API calls`, { timeout: 1_800_000 }, async () => {
    const stats = await runInvariant({ numRuns: RUNS, maxCommands: 20 });
    // Not held vacuously: every sequence ran, and countermeasures executed by both paths were
    // checked, beside calls the platform refused and accepted.
    expect(stats.sequences).toBe(RUNS);
    expect(stats.prior).toBeGreaterThan(0);
    expect(stats.emergency).toBeGreaterThan(0);
    expect(stats.refused).toBeGreaterThan(0);
    expect(stats.accepted).toBeGreaterThan(0);
  });
});
