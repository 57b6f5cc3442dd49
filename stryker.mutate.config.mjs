// The configuration `npm run mutate` (scripts/mutate.ts) runs StrykerJS with: the shared settings of
// stryker.config.mjs, one module at a time, tested by the tests of its part only
// (vitest.mutate.config.ts reads them from SAKIMORI_MUTATE_TESTS) rather than by everything that
// imports it.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default { ...base, vitest: { configFile: 'vitest.mutate.config.ts', related: false }, reporters: ['json', 'progress'], tempDirName: '.stryker-tmp-mutate' };
