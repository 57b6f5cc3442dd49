/**
 * A short run of the decoder fuzzer (`npm run fuzz:decoders` runs millions): 20,000 random and
 * mutated datagrams per format must leave no exception escaping a decoder, keep templates within
 * the caps, and actually exercise the error paths.
 */
import { describe, expect, it } from 'vitest';
import { FLOW_FORMAT_NAMES, FlowFormat } from './flow-batch.js';
import { describeExternal, missingFixtures } from '../testing/external.js';
import { fixtureSeeds } from './testing/fixture-seeds.js';
import { EXPECTED_FUZZ_ERRORS, FUZZ_LIMITS, fuzzFormat } from './testing/fuzz.js';
import { syntheticSeeds } from './testing/seed-corpus.js';

const COUNT = 20_000;
const FORMATS = [FlowFormat.NetflowV5, FlowFormat.NetflowV9, FlowFormat.Ipfix, FlowFormat.Sflow];

function check(format: FlowFormat, seeds: Uint8Array[], seed: number): void {
  const r = fuzzFormat(format, seeds, COUNT, seed, () => performance.now());
  expect(r.escaped, String((r.lastEscape as Error | undefined)?.stack)).toBe(0);
  expect(r.templatesHeld).toBeLessThanOrEqual(FUZZ_LIMITS.maxTemplatesTotal);
  expect(r.records).toBeGreaterThan(0);
  for (const kind of EXPECTED_FUZZ_ERRORS[format]) expect(r.errors[kind], `error kind ${kind}`).toBeGreaterThan(0);
}

describe('decoder fuzzing (synthetic seeds)', () => {
  for (const format of FORMATS) {
    it(`${FLOW_FORMAT_NAMES[format]}: ${COUNT} mutated datagrams, no escaped exception`, () => check(format, syntheticSeeds(format), 1));
  }
});

describeExternal('decoder fuzzing (fixture captures as seeds)', missingFixtures(), () => {
  for (const format of FORMATS) {
    it(`${FLOW_FORMAT_NAMES[format]}: ${COUNT} mutated datagrams, no escaped exception`, () => check(format, [...syntheticSeeds(format), ...fixtureSeeds()[format]], 2));
  }
});
