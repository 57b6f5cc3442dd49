/**
 * Exposure benchmark: 300 000 records and 10 000 assets matched through the index (full load, then
 * every finding written out, then every record put again), one record and one asset changed, and the
 * naive match on a slice for comparison. Run with `npx tsx src/vulns/match/testing/benchmark.ts [records] [assets]`.
 */
import * as versions from '../../versions/index.js';
import { createExposureIndex } from '../exposure-index.js';
import { naiveMatch } from '../naive-match.js';
import { corpus } from './synthetic.js';

const RECORDS = Number(process.argv[2] ?? 300_000);
const ASSETS = Number(process.argv[3] ?? 10_000);

/** Runs `run`, printing wall time and this process's CPU time (the steadier figure on a shared machine). */
function time<T>(label: string, run: () => T): T {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(cpu);
  const ms = (x: number): string => x.toFixed(0).padStart(7);
  console.log(`${label.padEnd(52)} ${ms(performance.now() - start)} ms wall ${ms((used.user + used.system) / 1000)} ms cpu`);
  return result;
}

const data = time(`generate ${RECORDS} records, ${ASSETS} assets`, () => corpus({ records: RECORDS, assets: ASSETS, products: 20_000 }));
const index = createExposureIndex(versions);
time('index: putRecords, every record', () => index.putRecords(data.records));
time('index: put every asset (matches them)', () => {
  for (const a of data.assets) index.putAsset(a);
});
const written = time('index: matchAll, every finding written out', () => {
  let n = 0;
  for (const _ of index.matchAll()) n++;
  return n;
});
console.log(`  ${JSON.stringify(index.stats())}, ${written} findings written out, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);

time('index: putRecords, every record again (a refresh)', () => index.putRecords(data.records));
time('index: putRecords, 2 000 records again (a day of NVD)', () => index.putRecords(data.records.slice(0, 2000)));

// The record with the most findings (of the first thousand) is the costliest to change.
const findingsOf = (r: (typeof data.records)[number]): number => index.findingsForRecord(r.id).length;
const hottest = data.records.slice(0, 1000).reduce((best, r) => (findingsOf(r) > findingsOf(best) ? r : best));
time(`index: putRecord ${hottest.id} again (${findingsOf(hottest)} findings)`, () => index.putRecord(hottest));
time(`index: findingsForRecord ${hottest.id}`, () => index.findingsForRecord(hottest.id));
const asset = data.assets[0];
if (asset !== undefined) time('index: putAsset 0 again', () => index.putAsset(asset));
time('index: findingsForAsset 0', () => index.findingsForAsset(0));

const slice = { records: data.records.slice(0, Math.ceil(RECORDS / 30)), assets: data.assets.slice(0, Math.ceil(ASSETS / 10)) };
const naiveMs = time(`naive: ${slice.assets.length} assets × ${slice.records.length} records`, () => {
  const start = performance.now();
  naiveMatch(slice.assets, slice.records, versions);
  return performance.now() - start;
});
console.log(`  naive, extrapolated to the full corpus: ~${((naiveMs * 300) / 1000).toFixed(0)} s`);
