/**
 * The approval invariant over many more random sequences than CI runs:
 * `npm run invariant -- [--runs N] [--seed S] [--commands C] [--postgres]`. Prints what the runs did
 * (executions checked by path, calls accepted and refused, time per command) and, when a sequence
 * breaks the invariant, the shrunk sequence with the seed to replay it.
 */
import { parseArgs } from 'node:util';
import { runInvariant } from '../src/api/testing/invariant/harness.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5000' }, seed: { type: 'string' }, commands: { type: 'string', default: '20' }, postgres: { type: 'boolean', default: false } },
});
const started = performance.now();
const s = await runInvariant({
  numRuns: Number(values.runs),
  maxCommands: Number(values.commands),
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
  ...(values.postgres ? { dialect: 'postgres' as const } : {}),
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${s.sequences} sequences, ${s.calls} calls (${s.accepted} accepted, ${s.refused} refused) in ${seconds.toFixed(0)} s\n`);
process.stdout.write(`executions checked: ${s.prior} on prior approval, ${s.emergency} emergency\n`);
for (const [k, v] of [...s.time].sort((a, b) => b[1].ms - a[1].ms)) process.stdout.write(`  ${k.padEnd(12)} ${String(v.n).padStart(6)} × ${(v.ms / v.n).toFixed(1)} ms\n`);
