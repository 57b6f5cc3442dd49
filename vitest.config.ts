import { defineConfig } from 'vitest/config';

const INCLUDE = ['src/**/*.test.ts', 'web/**/*.test.ts', 'scripts/**/*.test.ts'];
/**
 * Tests that compare what a real exporter sends, second by second, with what a capture saw: they
 * measure the platform against wall-clock time and need the cores to themselves, so they run
 * after everything else, one at a time (under the whole suite's load a second can slip by 2 %).
 */
const REAL_TIME = ['src/collector/real-exporter-timing.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores on the reference machine: external peers (gobgpd, pmacctd, tshark) are heavy.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'suite', include: INCLUDE, exclude: REAL_TIME, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'real-time', include: REAL_TIME, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
