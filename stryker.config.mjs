// Mutation testing of the rule modules (StrykerJS with the vitest runner). `npm run mutate` runs it
// over every module listed here and scores each without the mutants that only change an error
// message (scripts/mutate.ts); `npx stryker run -m <file>` checks one module by hand.
import { fileURLToPath } from 'node:url';

// Tests run in a copy of the repository under tempDirName, where `../shared/fixtures` is not beside
// it: point them at the real one, or the tests that read it would be skipped, not run.
process.env.SKM_SHARED_FIXTURES ??= fileURLToPath(new URL('../shared/fixtures', import.meta.url));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/operations/requests/guards.ts',
    'src/operations/requests/approval.ts',
    'src/operations/requests/emergency.ts',
    'src/oversight/access/access-guard.ts',
    'src/oversight/access/scope.ts',
    'src/oversight/audit/merkle/verify.ts',
    'src/oversight/audit/merkle/subtree-verify.ts',
    'src/oversight/audit/merkle/verdict.ts',
    'src/oversight/audit/export/checkpoint-check.ts',
    'src/oversight/audit/export/verify-checkpoints.ts',
    'src/oversight/audit/export/verify-export.ts',
  ],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'artifacts/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  concurrency: 2,
  timeoutMS: 30000,
  cleanTempDir: 'always',
};
