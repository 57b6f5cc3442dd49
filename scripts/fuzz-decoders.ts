/**
 * Fuzzes the flow decoders with random and mutated datagrams, seeded from the shared fixture
 * captures (when present) and valid synthetic datagrams. Fails (exit 1) if any exception escapes
 * a decoder's checks or a template cap is exceeded.
 *
 * Usage: npm run fuzz:decoders -- [--count 1000000] [--seed 1] [--format v5,v9,ipfix,sflow] [--no-fixtures]
 */
import { parseArgs } from 'node:util';
import { DECODE_ERROR_NAMES } from '../src/flow/decoder.js';
import { FLOW_FORMAT_NAMES, FlowFormat } from '../src/flow/flow-batch.js';
import { fixtureSeeds } from '../src/flow/testing/fixture-seeds.js';
import { FUZZ_LIMITS, fuzzFormat } from '../src/flow/testing/fuzz.js';
import { syntheticSeeds } from '../src/flow/testing/seed-corpus.js';
import { hasSharedFixtures } from '../src/testing/external.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    format: { type: 'string', default: 'v5,v9,ipfix,sflow' },
    'no-fixtures': { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isSafeInteger(count) || count <= 0 || !Number.isSafeInteger(seed)) {
  process.stderr.write('--count must be a positive integer and --seed an integer\n');
  process.exit(2);
}
const byName: Record<string, FlowFormat> = { v5: FlowFormat.NetflowV5, v9: FlowFormat.NetflowV9, ipfix: FlowFormat.Ipfix, sflow: FlowFormat.Sflow };
const formats = values.format.split(',').map((n) => {
  const f = byName[n.trim()];
  if (f === undefined) {
    process.stderr.write(`unknown format ${n}; use v5, v9, ipfix, sflow\n`);
    process.exit(2);
  }
  return f;
});

const useFixtures = !values['no-fixtures'] && hasSharedFixtures();
const fixtures = useFixtures ? fixtureSeeds() : undefined;
process.stdout.write(`fuzzing ${count} datagrams per format, seed ${seed}, fixtures ${useFixtures ? 'used' : 'not used'}\n`);
let failed = false;
for (const format of formats) {
  const seeds = [...syntheticSeeds(format), ...(fixtures?.[format] ?? [])];
  const r = fuzzFormat(format, seeds, count, seed, () => performance.now());
  const rate = Math.round(r.datagrams / (r.elapsedMs / 1000));
  const errors = DECODE_ERROR_NAMES.map((n, k) => [n, r.errors[k]!] as const)
    .filter(([, v]) => v > 0)
    .map(([n, v]) => `${n}=${v}`)
    .join(' ');
  const name = FLOW_FORMAT_NAMES[format];
  process.stdout.write(
    `${name.padEnd(11)} ${r.datagrams} datagrams (${seeds.length} seeds) in ${(r.elapsedMs / 1000).toFixed(1)} s = ${rate} datagrams/s; ${r.records} records; escaped exceptions ${r.escaped}; templates held ${r.templatesHeld}\n`,
  );
  process.stdout.write(`${' '.repeat(12)}errors: ${errors}\n`);
  if (r.escaped > 0) {
    failed = true;
    process.stdout.write(`${' '.repeat(12)}last escaped exception: ${String((r.lastEscape as Error)?.stack ?? r.lastEscape)}\n`);
  }
  if (r.templatesHeld > FUZZ_LIMITS.maxTemplatesTotal) {
    failed = true;
    process.stdout.write(`${' '.repeat(12)}template cap exceeded: ${r.templatesHeld} > ${FUZZ_LIMITS.maxTemplatesTotal}\n`);
  }
}
process.exit(failed ? 1 : 0);
