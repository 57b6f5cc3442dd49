/**
 * NVD CVE API 2.0 records for the vulnerability benchmark: record `i` is a real fixture record (its
 * configuration shape, metrics, references, descriptions) with a fresh CVE id, its products replaced
 * by products of the pool (one vendor of the fixture stays one vendor of the pool), its exact versions
 * and ranges redrawn on the products' release branches, and its hardware platform list redrawn from a
 * device family. A pure function of (`seed`, `i`), so pages need not be kept and an update can
 * regenerate what it changes.
 */
import type { CpeCriterion, VulnerabilityRecord } from '../../src/vulns/record.js';
import { type Branch, between, type Family, type Pool, type Rng, rng, seedOf } from './vulns-pool.js';
import { drawTemplate, type Shape, type TemplateSet } from './vulns-templates.js';

/** One `cpeMatch` as NVD writes it. */
interface CriterionJson {
  vulnerable: boolean;
  criteria: string;
  matchCriteriaId?: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}

/** The `cve` object of an NVD CVE API 2.0 item (the fields the generator rewrites; the rest are kept). */
export interface CveJson {
  id: string;
  published: string;
  lastModified: string;
  configurations?: { nodes: { cpeMatch: CriterionJson[] }[] }[];
  [field: string]: unknown;
}

/** A generated record and what the benchmark needs to know of it. */
export interface GeneratedRecord {
  readonly cve: CveJson;
  readonly shape: Shape;
  /** Pool products named by its vulnerable criteria. */
  readonly products: readonly number[];
  /** True when some criterion has version bounds (an update can change one). */
  readonly ranged: boolean;
}

const BOUNDS = ['versionStartIncluding', 'versionStartExcluding', 'versionEndIncluding', 'versionEndExcluding'] as const;
const DAY_MS = 86_400_000;
const LATEST = Date.UTC(2026, 5, 1);

/** Generates records of the benchmark corpus. */
export class RecordGenerator {
  readonly #pool: Pool;
  readonly #templates: TemplateSet;
  readonly #seed: number;

  constructor(pool: Pool, templates: TemplateSet, seed: number) {
    this.#pool = pool;
    this.#templates = templates;
    this.#seed = seed;
  }

  /** The CVE id of record `i`. */
  id(i: number): string {
    return `CVE-${1999 + (i % 26)}-${10000 + i}`;
  }

  /** Record `i`. */
  record(i: number): GeneratedRecord {
    const r = rng(seedOf(this.#seed, 2, i));
    const template = drawTemplate(this.#templates, r(), r());
    const cve = JSON.parse(template.text) as CveJson;
    const year = 1999 + (i % 26);
    const published = Date.UTC(year, 0, 1) + Math.floor(r() * 364 * DAY_MS);
    cve.id = this.id(i);
    cve.published = iso(published);
    cve.lastModified = iso(Math.min(LATEST, published + Math.floor(r() * 3 * 365 * DAY_MS)));
    const mapper = new ProductMapper(this.#pool, r);
    for (const configuration of cve.configurations ?? []) {
      const hardware = configuration.nodes.some((n) => n.cpeMatch.some((m) => !m.vulnerable && partOf(m.criteria) === 'h'));
      const family = hardware ? this.#pool.families[this.#pool.products[this.#pool.firmware.draw(r)]!.family!] : undefined;
      for (const node of configuration.nodes) {
        if (family !== undefined && node.cpeMatch.every((m) => !m.vulnerable)) node.cpeMatch = platformsOf(this.#pool, family, r);
        else for (const m of node.cpeMatch) mapper.rewrite(m, family !== undefined && m.vulnerable ? family.firmware : undefined);
      }
    }
    return { cve, shape: template.shape, products: [...mapper.vulnerable], ranged: mapper.ranged };
  }

  /** Record `i` as NVD serves it after a change: a new `lastModified` and one range moved. Undefined for a record without ranges. */
  changed(i: number): CveJson | undefined {
    const { cve, ranged } = this.record(i);
    if (!ranged) return undefined;
    const r = rng(seedOf(this.#seed, 3, i));
    cve.lastModified = iso(Date.UTC(2026, 10, 1) + Math.floor(r() * 30 * DAY_MS));
    const bounded = (cve.configurations ?? []).flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch.filter((m) => BOUNDS.some((b) => m[b] !== undefined))));
    moveBound(bounded[Math.floor(r() * bounded.length)]!);
    return cve;
  }
}

/** Maps a fixture's (part, vendor, product) to pool products, the same within one record. */
class ProductMapper {
  readonly vulnerable = new Set<number>();
  ranged = false;
  readonly #pool: Pool;
  readonly #r: Rng;
  readonly #products = new Map<string, number>();
  readonly #vendors = new Map<string, number>();
  /** Next branch per product, so that the ranges of one product in one record cover different branches. */
  readonly #cursor = new Map<number, number>();

  constructor(pool: Pool, r: Rng) {
    this.#pool = pool;
    this.#r = r;
  }

  /** Rewrites `m` in place for pool product `forced` (or the product its name maps to). */
  rewrite(m: CriterionJson, forced: number | undefined): void {
    const f = m.criteria.split(/(?<!\\):/);
    const product = forced ?? this.#map(f[2]!, f[3]!, f[4]!, m.vulnerable);
    const p = this.#pool.products[product]!;
    if (m.vulnerable) this.vulnerable.add(product);
    let version = f[5]!;
    if (version !== '*' && version !== '-') version = p.branches.length === 0 ? '-' : versionOn(this.#branch(product), this.#r);
    const had = BOUNDS.filter((b) => m[b] !== undefined);
    for (const b of had) delete m[b];
    if (had.length > 0 && p.branches.length > 0) {
      this.ranged = true;
      const branch = this.#branch(product);
      if (had.includes('versionStartIncluding')) m.versionStartIncluding = `${branch.name}.0`;
      if (had.includes('versionStartExcluding')) m.versionStartExcluding = `${branch.name}.0`;
      if (had.includes('versionEndExcluding')) m.versionEndExcluding = `${branch.name}.${between(this.#r, 1, branch.latest)}`;
      if (had.includes('versionEndIncluding')) m.versionEndIncluding = `${branch.name}.${between(this.#r, 0, branch.latest - 1)}`;
    }
    m.criteria = `cpe:2.3:${p.part}:${this.#pool.vendors[p.vendor]}:${p.name}:${version}:${f.slice(6).join(':')}`;
    if (m.matchCriteriaId !== undefined) m.matchCriteriaId = uuid(this.#r);
  }

  #map(part: string, vendor: string, product: string, vulnerable: boolean): number {
    const key = `${part}:${vendor}:${product}`;
    const known = this.#products.get(key);
    if (known !== undefined) return known;
    const pool = this.#pool;
    const r = this.#r;
    let chosen: number;
    if (part === 'h') {
      const family = pool.families[between(r, 0, pool.families.length - 1)]!;
      chosen = family.models[between(r, 0, family.models.length - 1)]!;
    } else if (!vulnerable && part === 'o' && pool.oses.size > 0) chosen = pool.oses.draw(r);
    else {
      const side = part === 'a' ? 'a' : 'o';
      const sameVendor = this.#vendors.get(vendor);
      const taken = new Set(this.#products.values());
      const siblings = sameVendor === undefined ? [] : pool.byVendor[sameVendor]![side].filter((x) => !taken.has(x));
      chosen = siblings.length > 0 ? siblings[between(r, 0, siblings.length - 1)]! : (side === 'a' ? pool.apps : pool.systems).draw(r);
    }
    this.#products.set(key, chosen);
    if (!this.#vendors.has(vendor)) this.#vendors.set(vendor, pool.products[chosen]!.vendor);
    return chosen;
  }

  #branch(product: number): Branch {
    const branches = this.#pool.products[product]!.branches;
    const next = this.#cursor.get(product) ?? between(this.#r, 0, branches.length - 1);
    this.#cursor.set(product, next + 1);
    return branches[next % branches.length]!;
  }
}

/** A `vulnerable: false` criterion for each of a run of the family's models. */
function platformsOf(pool: Pool, family: Family, r: Rng): CriterionJson[] {
  const n = family.models.length;
  const k = between(r, 1, n);
  const start = between(r, 0, n - k);
  return family.models.slice(start, start + k).map((model) => {
    const p = pool.products[model]!;
    return { vulnerable: false, criteria: `cpe:2.3:h:${pool.vendors[p.vendor]}:${p.name}:-:*:*:*:*:*:*:*`, matchCriteriaId: uuid(r) };
  });
}

/** Moves one bound of `m` by one patch: the end (a fix released later), else the start. */
function moveBound(m: CriterionJson): void {
  if (m.versionEndExcluding !== undefined) m.versionEndExcluding = bump(m.versionEndExcluding, 1);
  else if (m.versionEndIncluding !== undefined) m.versionEndIncluding = bump(m.versionEndIncluding, 1);
  else if (m.versionStartIncluding !== undefined) m.versionStartIncluding = bump(m.versionStartIncluding, 1);
  else if (m.versionStartExcluding !== undefined) m.versionStartExcluding = bump(m.versionStartExcluding, 1);
}

/** Bounds of the model, the end first: a fix released later is the usual change. */
const RANGE_KEYS = ['endExcluding', 'endIncluding', 'startIncluding', 'startExcluding'] as const;

/** `record` with the first bounded criterion moved by one patch, or undefined when it has no bounds. */
export function withMovedRange(record: VulnerabilityRecord): VulnerabilityRecord | undefined {
  const configurations = record.configurations?.value ?? [];
  for (const [c, configuration] of configurations.entries()) {
    for (const [n, node] of configuration.nodes.entries()) {
      const at = node.cpeMatch.findIndex((m) => RANGE_KEYS.some((k) => m[k] !== undefined));
      const old = node.cpeMatch[at];
      if (old === undefined) continue;
      const key = RANGE_KEYS.find((k) => old[k] !== undefined)!;
      const moved: CpeCriterion = { ...old, [key]: bump(old[key]!, 1) };
      const cpeMatch = node.cpeMatch.map((m, i) => (i === at ? moved : m));
      const value = configurations.map((x, i) => (i === c ? { ...x, nodes: x.nodes.map((y, j) => (j === n ? { ...y, cpeMatch } : y)) } : x));
      return { ...record, configurations: { ...record.configurations!, value } };
    }
  }
  return undefined;
}

/** A version of `branch`. */
function versionOn(branch: Branch, r: Rng): string {
  return `${branch.name}.${between(r, 0, branch.latest)}`;
}

function bump(version: string, by: number): string {
  const parts = version.split('.');
  const last = Number(parts[parts.length - 1]);
  parts[parts.length - 1] = String(Number.isFinite(last) ? Math.max(0, last + by) : 0);
  return parts.join('.');
}

function partOf(criteria: string): string | undefined {
  return criteria.split(':')[2];
}

function uuid(r: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789ABCDEF'[Math.floor(r() * 16)]).join('');
  return `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
}

/** An ISO 8601 timestamp as NVD writes it (milliseconds, no zone). */
export function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, -1);
}

/** One NVD CVE API 2.0 response page holding `records`, as NVD serves it (compact JSON). */
export function nvdPageText(records: readonly CveJson[], startIndex: number, totalResults: number, timestamp: string): string {
  return JSON.stringify({
    resultsPerPage: records.length,
    startIndex,
    totalResults,
    format: 'NVD_CVE',
    version: '2.0',
    timestamp,
    vulnerabilities: records.map((cve) => ({ cve })),
  });
}
