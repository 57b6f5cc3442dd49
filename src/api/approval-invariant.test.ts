/**
 * The approval invariant, as a property over random sequences of API calls (see
 * `testing/invariant/harness.ts`): no countermeasure executes unless a quorum of distinct commission
 * members, none of them the requester or the last amender, approved exactly the digest that
 * executes, or it is an emergency action whose every target is derived from an active attack it
 * cites, by an actor allowed to act in emergencies, reviewed afterwards. `npm run invariant` runs
 * more sequences (`-- --runs N --seed S`).
 */
import { describe, it } from 'vitest';
import { runInvariant } from './testing/invariant/harness.js';

const RUNS = Number(process.env.SAKIMORI_INVARIANT_RUNS ?? 2000);

describe('the approval invariant', () => {
  it(`holds over ${RUNS} random sequences of API calls`, { timeout: 1_800_000 }, async () => {
    await runInvariant({ numRuns: RUNS, maxCommands: 20 });
  });
});
