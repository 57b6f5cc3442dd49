/**
 * A seeded synthetic corpus shaped like NVD for the benchmark. Products are drawn with a Zipf law of
 * exponent 0.8, so that the hottest of 20 000 products has about 3% of the records (NVD's Linux
 * kernel has 8 000–10 000 of about 300 000) and a long tail has a few each; records have one to a
 * dozen ranges, each within one release branch as kernel records have, firmware has "running on"
 * lists of hardware, half the records carry a CVE 5 statement (by CPE name or purl), and some are
 * not analysed by NVD. Assets pick products with the same skew and run versions of any branch.
 */
import type { AffectedProduct, Configuration, CpeCriterion, Sourced, VulnerabilityRecord } from '../../record.js';
import type { AssetProducts } from '../asset-products.js';
import { cpe, criterion, node, nvdRecord, platform, runningOn, statement, statementRecord } from './records.js';

/** A small fast seeded generator (mulberry32), so that every run measures the same corpus. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Product {
  readonly part: 'a' | 'o';
  readonly vendor: string;
  readonly product: string;
  readonly purl?: string;
}

/** The corpus: `records` records over `products` products, and `assets` assets. */
export interface Corpus {
  readonly records: VulnerabilityRecord[];
  readonly assets: AssetProducts[];
}

/** Builds a corpus; the first products are the hottest (Zipf-like popularity). */
export function corpus(options: { readonly records: number; readonly assets: number; readonly products: number; readonly seed?: number }): Corpus {
  const rnd = random(options.seed ?? 14);
  const products: Product[] = [];
  for (let p = 0; p < options.products; p++) {
    const vendor = `vendor${p % Math.ceil(options.products / 3)}`;
    products.push(p % 5 === 4 ? { part: 'a', vendor, product: `lib${p}`, purl: `pkg:npm/lib${p}` } : { part: p % 3 === 0 ? 'o' : 'a', vendor, product: `product${p}` });
  }
  const pick = zipf(products, 0.8, rnd);
  const version = (): string => `${1 + Math.floor(rnd() * 12)}.${Math.floor(rnd() * 20)}.${Math.floor(rnd() * 30)}`;
  const records: VulnerabilityRecord[] = [];
  for (let i = 0; i < options.records; i++) records.push(record(`CVE-${2000 + (i % 25)}-${10000 + i}`, pick(), rnd, version));
  const assets: AssetProducts[] = [];
  for (let ref = 0; ref < options.assets; ref++) {
    const p = pick();
    const v = version();
    const cpes = [cpe(p.part, p.vendor, p.product, v)];
    if (p.part === 'o' && rnd() < 0.5) cpes.push(cpe('h', p.vendor, `model${Math.floor(rnd() * 40)}`, '-'));
    assets.push(p.purl !== undefined && rnd() < 0.5 ? { ref, cpes: [], purl: `${p.purl}@${v}` } : { ref, cpes });
  }
  return { records, assets };
}

/** Draws from `items` with probability falling as rank^-s. */
function zipf<T>(items: readonly T[], s: number, rnd: () => number): () => T {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 1; k <= items.length; k++) cumulative.push((total += k ** -s));
  return () => {
    const x = rnd() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo] as T;
  };
}

function record(id: string, p: Product, rnd: () => number, version: () => string): VulnerabilityRecord {
  const name = cpe(p.part, p.vendor, p.product);
  const ranges: CpeCriterion[] = [];
  // Hot products get many ranges per record, as kernel and Windows records do.
  const count = 1 + Math.floor(rnd() * rnd() * 12);
  for (let r = 0; r < count; r++) {
    const branch = version().replace(/\.\d+$/, '');
    ranges.push(criterion(name, { startIncluding: `${branch}.0`, endExcluding: `${branch}.${1 + Math.floor(rnd() * 30)}` }));
  }
  const statements: Sourced<AffectedProduct>[] = [];
  if (rnd() < 0.5) {
    const identity = p.purl !== undefined ? { purl: p.purl, versionType: 'semver' } : { cpes: [name] };
    statements.push(statement({ vendor: p.vendor, product: p.product, ...identity, affected: [{ endExcluding: version() }] }));
  }
  if (rnd() < 0.15) return statementRecord(id, statements);
  const configurations: Configuration[] = [];
  if (p.part === 'o' && rnd() < 0.3) {
    const hardware = Array.from({ length: 5 + Math.floor(rnd() * 40) }, (_, m) => platform(cpe('h', p.vendor, `model${m}`, '-')));
    configurations.push(runningOn(ranges, hardware));
  } else configurations.push({ operator: 'OR', negate: false, nodes: [node('OR', ranges)] });
  return nvdRecord(id, configurations, statements);
}
