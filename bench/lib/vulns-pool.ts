/**
 * The product pool of the vulnerability benchmark: vendors with applications, operating systems and
 * device families (a firmware or one OS on several hardware models), each product with release
 * branches, and the skewed popularity records and assets are drawn with. Seeded, so every run
 * measures the same corpus.
 */

/** A small fast seeded generator (mulberry32): uniform in [0, 1). */
export type Rng = () => number;

/** mulberry32 seeded with `seed`. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed derived from several integers, so that record `i` is the same whatever was generated before it. */
export function seedOf(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) h = Math.imul(h ^ (p >>> 0), 0x01000193) ^ (h >>> 15);
  return h >>> 0;
}

/** An integer in [lo, hi]. */
export function between(r: Rng, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

/** A release branch (`7.2`) and its latest patch: versions are `7.2.0` … `7.2.<latest>`. */
export interface Branch {
  readonly name: string;
  readonly latest: number;
}

/** One product of the pool. */
export interface PoolProduct {
  readonly part: 'a' | 'o' | 'h';
  readonly vendor: number;
  readonly name: string;
  /** Oldest first; hardware has none (its version is `-`). */
  readonly branches: readonly Branch[];
  /** For firmware and device OSes: the family it belongs to. */
  readonly family?: number;
}

/** A firmware (or a device OS) and the hardware models it runs on. */
export interface Family {
  readonly firmware: number;
  readonly models: readonly number[];
}

/** Draws indexes with Zipf-like popularity (weight `1/(rank+1)^s` over a shuffled order). */
export class Popularity {
  readonly #items: Int32Array;
  readonly #cumulative: Float64Array;

  constructor(items: readonly number[], s: number, r: Rng) {
    const order = [...items];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    this.#items = Int32Array.from(order);
    this.#cumulative = new Float64Array(order.length);
    let sum = 0;
    for (let k = 0; k < order.length; k++) this.#cumulative[k] = sum += 1 / (k + 1) ** s;
  }

  get size(): number {
    return this.#items.length;
  }

  /** One item, by popularity. */
  draw(r: Rng): number {
    const c = this.#cumulative;
    const x = r() * c[c.length - 1]!;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.#items[lo]!;
  }
}

/** The pool: vendors, products, device families and the popularity tables. */
export interface Pool {
  readonly vendors: readonly string[];
  readonly products: readonly PoolProduct[];
  readonly families: readonly Family[];
  /** Products of each vendor, by part. */
  readonly byVendor: readonly { readonly a: readonly number[]; readonly o: readonly number[] }[];
  readonly apps: Popularity;
  /** Every operating system and firmware. */
  readonly systems: Popularity;
  /** Firmware and device OSes that run on hardware models. */
  readonly firmware: Popularity;
  /** General-purpose operating systems (platforms of "application running on OS" configurations). */
  readonly oses: Popularity;
}

const CONSONANTS = 'bcdfghklmnprstvz';
const VOWELS = 'aeiou';

/** The Zipf exponent: the most popular product holds about 3 % of the records, as the Linux kernel does in NVD. */
export const POPULARITY_EXPONENT = 0.8;

/** Builds a pool of about `size` products. */
export function buildPool(size: number, seed: number): Pool {
  const r = rng(seedOf(seed, 1));
  const used = new Set<string>();
  const word = (syllables: number): string => {
    let w = '';
    for (let s = 0; s < syllables; s++) w += CONSONANTS[between(r, 0, CONSONANTS.length - 1)]! + VOWELS[between(r, 0, VOWELS.length - 1)]!;
    for (let n = 2; used.has(w); n++) w = w.replace(/\d*$/, String(n));
    used.add(w);
    return w;
  };
  const vendors: string[] = [];
  const products: PoolProduct[] = [];
  const families: Family[] = [];
  const byVendor: { a: number[]; o: number[] }[] = [];
  const osList: number[] = [];
  const add = (p: PoolProduct): number => {
    products.push(p);
    const i = products.length - 1;
    if (p.part !== 'h') byVendor[p.vendor]![p.part].push(i);
    return i;
  };
  while (products.length < size) {
    const vendor = vendors.push(word(between(r, 2, 4))) - 1;
    byVendor.push({ a: [], o: [] });
    const device = r() < 0.2;
    const apps = device ? (r() < 0.3 ? 1 : 0) : Math.min(60, 1 + Math.floor(-Math.log(1 - r()) * 4));
    for (let k = 0; k < apps; k++) add({ part: 'a', vendor, name: `${word(between(r, 2, 3))}${r() < 0.3 ? '_server' : ''}`, branches: branches(r) });
    if (!device && r() < 0.05) osList.push(add({ part: 'o', vendor, name: `${word(2)}_linux`, branches: branches(r) }));
    if (!device) continue;
    for (let f = between(r, 1, 4); f > 0; f--) {
      const family = families.length;
      if (r() < 0.7) {
        const model = word(2) + between(r, 100, 9999);
        const firmware = add({ part: 'o', vendor, name: `${model}_firmware`, branches: branches(r), family });
        families.push({ firmware, models: [add({ part: 'h', vendor, name: model, branches: [] })] });
      } else {
        const firmware = add({ part: 'o', vendor, name: `${word(2)}os`, branches: branches(r), family });
        const series = word(1);
        const models = Array.from({ length: between(r, 2, 12) }, (_, m) => add({ part: 'h', vendor, name: `${series}${100 + m * 10}`, branches: [] }));
        families.push({ firmware, models });
      }
    }
  }
  const ofPart = (part: PoolProduct['part']) => products.flatMap((p, i) => (p.part === part ? [i] : []));
  return {
    vendors,
    products,
    families,
    byVendor,
    apps: new Popularity(ofPart('a'), POPULARITY_EXPONENT, r),
    systems: new Popularity(ofPart('o'), POPULARITY_EXPONENT, r),
    firmware: new Popularity(
      families.map((f) => f.firmware),
      POPULARITY_EXPONENT,
      r,
    ),
    oses: new Popularity(osList, POPULARITY_EXPONENT, r),
  };
}

/** One to six release branches, each with up to 40 patches. */
function branches(r: Rng): Branch[] {
  let major = between(r, 0, 15);
  let minor = between(r, 0, 5);
  return Array.from({ length: between(r, 1, 6) }, () => {
    if (r() < 0.4) {
      major += 1;
      minor = 0;
    } else minor += between(r, 1, 2);
    return { name: `${major}.${minor}`, latest: between(r, 4, 40) };
  });
}

/** `cpe:2.3:<part>:<vendor>:<product>:<version>` followed by `rest` (the 7 attributes after the version). */
export function cpeName(pool: Pool, product: number, version: string, rest = '*:*:*:*:*:*:*'): string {
  const p = pool.products[product]!;
  return `cpe:2.3:${p.part}:${pool.vendors[p.vendor]}:${p.name}:${version}:${rest}`;
}
