import { describe, expect, it } from 'vitest';
import { createMemoryTaxiiBackend } from './memory-backend.js';
import { contractSeed, runTaxiiBackendContract, stixObject } from './testing/backend-contract.js';

// The shared contract (its assertions live in testing/backend-contract.ts, run by every backend).
runTaxiiBackendContract('memory', (seed, now) => createMemoryTaxiiBackend(seed, { now }));

describe('memory TAXII backend', () => {
  const seed = contractSeed([stixObject(1)]);
  const root = Object.keys(seed).find((k) => k !== '/discovery')!;

  it("answers each collection's rights from the seed when no rights function is given", async () => {
    const b = createMemoryTaxiiBackend(seed, { now: () => 0 });
    const list = await b.collections(root, { id: 'anyone' });
    expect(list?.map((c) => [c.title, c.can_read, c.can_write])).toEqual([
      ['rw', true, true],
      ['closed', false, false],
    ]);
  });

  it('asks the rights function per principal when one is given, so one collection can differ by caller', async () => {
    const b = createMemoryTaxiiBackend(seed, { now: () => 0, rights: (p) => ({ canRead: p.id === 'reader', canWrite: false }) });
    expect((await b.collections(root, { id: 'reader' }))?.map((c) => c.can_read)).toEqual([true, true]);
    expect((await b.collections(root, { id: 'stranger' }))?.map((c) => c.can_read)).toEqual([false, false]);
    expect(await b.collections('no-such-root', { id: 'reader' })).toBeUndefined();
  });
});
