// The test run StrykerJS uses for one rule module (`npm run mutate`): only the tests of the part
// the module belongs to, named by scripts/mutate.ts in SAKIMORI_MUTATE_TESTS, not the whole suite.
import { defineConfig } from 'vitest/config';

const include = (process.env.SAKIMORI_MUTATE_TESTS ?? 'src/**/*.test.ts').split(',');

export default defineConfig({
  test: {
    include,
    // Real peers (gobgpd) and browsers take minutes per run and test no rule module.
    exclude: ['**/node_modules/**', '**/*.gobgpd.test.ts', 'web/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
