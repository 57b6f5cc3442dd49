/**
 * The import side of the vulnerability benchmark: the corpus served as NVD CVE API 2.0 pages and
 * imported through `importVulnDocument` into the store, then a page of changed records imported the
 * same way. Only the import calls are timed; generating the pages is reported apart.
 */
import { systemClock } from '../../src/core/clock.js';
import type { VulnStore } from '../../src/cooperation/exposure/vuln-store.js';
import { importVulnDocument } from '../../src/cooperation/exposure/vuln-import.js';
import type { CveId } from '../../src/vulns/record.js';
import { rng, seedOf } from './vulns-pool.js';
import { type CveJson, iso, nvdPageText, type RecordGenerator } from './vulns-records.js';
import type { Shape } from './vulns-templates.js';

/** NVD's largest page of CVEs (`resultsPerPage` ≤ 2 000). */
export const NVD_PAGE = 2_000;

/** What the ingest did. */
export interface IngestResult {
  readonly records: number;
  readonly pages: number;
  /** JSON served, bytes. */
  readonly bytes: number;
  /** Time inside `importVulnDocument`, ms. */
  readonly importMs: number;
  /** Time generating the pages, ms (not part of the figure). */
  readonly generateMs: number;
  readonly changed: number;
  readonly skipped: number;
  /** Records per shape. */
  readonly shapes: ReadonlyMap<Shape, number>;
  /** Records per pool product (as a vulnerable product). */
  readonly recordsOfProduct: Int32Array;
  /** Indexes of the records that have version bounds. */
  readonly ranged: readonly number[];
}

/** Serves records 0 … n−1 as pages of {@link NVD_PAGE} and imports each. `progress` is told after every page. */
export async function ingest(store: VulnStore, generator: RecordGenerator, n: number, products: number, progress: (done: number, ms: number) => void): Promise<IngestResult> {
  const shapes = new Map<Shape, number>();
  const recordsOfProduct = new Int32Array(products);
  const ranged: number[] = [];
  let importMs = 0;
  let generateMs = 0;
  let bytes = 0;
  let changed = 0;
  let skipped = 0;
  let pages = 0;
  const timestamp = iso(Date.UTC(2026, 5, 1));
  for (let start = 0; start < n; start += NVD_PAGE) {
    const t0 = performance.now();
    const items: CveJson[] = [];
    for (let i = start; i < Math.min(n, start + NVD_PAGE); i++) {
      const g = generator.record(i);
      items.push(g.cve);
      shapes.set(g.shape, (shapes.get(g.shape) ?? 0) + 1);
      for (const p of g.products) recordsOfProduct[p] = recordsOfProduct[p]! + 1;
      if (g.ranged) ranged.push(i);
    }
    const text = nvdPageText(items, start, n, timestamp);
    const t1 = performance.now();
    const outcome = await importVulnDocument(store, systemClock, { kind: 'nvd', text, origin: `bench:vulns page ${pages}` });
    const t2 = performance.now();
    generateMs += t1 - t0;
    importMs += t2 - t1;
    bytes += text.length;
    changed += outcome.changed.length;
    skipped += outcome.run.skipped;
    pages++;
    progress(start + items.length, importMs);
  }
  return { records: n, pages, bytes, importMs, generateMs, changed, skipped, shapes, recordsOfProduct, ranged };
}

/** What importing the page of changed records did. */
export interface UpdateResult {
  readonly records: number;
  readonly bytes: number;
  readonly importMs: number;
  readonly changed: readonly CveId[];
  readonly skipped: number;
}

/** Picks `count` distinct records among `ranged` (seeded). */
export function pickRecords(ranged: readonly number[], count: number, seed: number): number[] {
  const r = rng(seedOf(seed, 5));
  const pool = [...ranged];
  const n = Math.min(count, pool.length);
  for (let k = 0; k < n; k++) {
    const j = k + Math.floor(r() * (pool.length - k));
    [pool[k], pool[j]] = [pool[j]!, pool[k]!];
  }
  return pool.slice(0, n);
}

/** Imports one page holding records `which`, each with a new `lastModified` and one range moved, as an NVD poll by `lastModStartDate` returns them. */
export async function importUpdate(store: VulnStore, generator: RecordGenerator, which: readonly number[]): Promise<UpdateResult> {
  const items = which.map((i) => generator.changed(i)!);
  const text = nvdPageText(items, 0, items.length, iso(Date.UTC(2026, 11, 1)));
  const t0 = performance.now();
  const outcome = await importVulnDocument(store, systemClock, { kind: 'nvd', text, origin: 'bench:vulns update', mode: 'poll' });
  return { records: items.length, bytes: text.length, importMs: performance.now() - t0, changed: outcome.changed, skipped: outcome.run.skipped };
}
