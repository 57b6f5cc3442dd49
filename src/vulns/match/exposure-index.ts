/**
 * The exposure index: operators' assets and vulnerability records kept matched as either changes.
 *
 * Records are filed under the (part, vendor, product) of their vulnerable criteria and statement CPE
 * names, their statements' purl (type, namespace, name) and fallback names; assets under those of
 * their CPE names and purl. Putting a record evaluates it only against the assets that share a key
 * (and a record with a criterion whose vendor or product is ANY, which is rare, against all), and
 * putting an asset only against the records that share one and could apply to its version (see
 * `VersionTable`): every key an id, every candidate visited once through a stamp
 * array, every pair evaluated without allocating. The index keeps which pairs have a finding or an
 * undecided comparison; the findings themselves are written out when asked for.
 */
import type { Failure, VulnsResult } from '../errors.js';
import { ok } from '../errors.js';
import type { CveId, VulnerabilityRecord } from '../record.js';
import { type AssetProducts, assetKeys, type CompiledAsset, compileAsset } from './asset-products.js';
import { NameCache } from './compiled-name.js';
import { type CompiledRecord, compileRecord, type MalformedName } from './compiled-record.js';
import type { Finding, Undecided } from './finding.js';
import { type MatchContext, Scratch } from './outcome.js';
import { describePair, PAIR_FINDING, PAIR_UNDECIDED, type PairResult, pairVerdict } from './pair.js';
import { compareCveIds, PairSet, Postings, Visited } from './postings.js';
import { KeyInterner } from './product-keys.js';
import { RecordTables } from './record-tables.js';
import { withParseCache } from './version-cache.js';
import type { VersionComparator } from './version-comparator.js';

/** What putting records reports: their CPE names and purls that could not be read (those never match). */
export interface PutRecordResult {
  readonly malformed: readonly MalformedName[];
}

/** Sizes of an index. */
export interface ExposureStats {
  readonly records: number;
  readonly assets: number;
  /** Pairs (asset, record) with a finding. */
  readonly findings: number;
  /** Pairs with an undecided comparison. */
  readonly undecided: number;
}

/** Assets and records kept matched; see {@link createExposureIndex}. */
export interface ExposureIndex {
  /** Adds or replaces a record (by id) and matches it against the assets. */
  putRecord(record: VulnerabilityRecord): PutRecordResult;
  /**
   * Adds or replaces many records (a feed's page, a full refresh) and matches them: the assets they
   * could concern are matched once against all of them, through the version tables.
   */
  putRecords(records: Iterable<VulnerabilityRecord>): PutRecordResult;
  /** Removes a record and its findings; false when there was none. */
  removeRecord(id: CveId): boolean;
  /** Adds or replaces an asset (by ref) and matches it against the records; a malformed name refuses the whole asset and changes nothing. */
  putAsset(asset: AssetProducts): VulnsResult<void>;
  /** Removes an asset and its findings; false when there was none. */
  removeAsset(ref: number): boolean;
  /** The asset's findings, by CVE id. */
  findingsForAsset(ref: number): readonly Finding[];
  /** The record's findings, by asset ref. */
  findingsForRecord(id: CveId): readonly Finding[];
  /** The asset's undecided comparisons, by CVE id. */
  undecidedForAsset(ref: number): readonly Undecided[];
  /** The record's undecided comparisons, by asset ref. */
  undecidedForRecord(id: CveId): readonly Undecided[];
  /** Every finding, asset by asset in ref order, each asset's by CVE id; written out as iterated. */
  matchAll(): Iterable<Finding>;
  /** How many records, assets, findings and undecided pairs it holds. */
  stats(): ExposureStats;
}

/** How an index works; see {@link DEFAULT_EXPOSURE_CONFIG}. */
export interface ExposureIndexConfig {
  /**
   * Up to this many records put at once are matched one by one against the assets sharing their
   * keys; more are matched asset by asset through the version tables (cheaper per pair, dearer per
   * call).
   */
  readonly directBatch: number;
}

/** The defaults. */
export const DEFAULT_EXPOSURE_CONFIG: ExposureIndexConfig = Object.freeze({ directBatch: 8 });

/**
 * Creates an empty exposure index that compares versions with `comparator`.
 *
 * @example
 * ```ts
 * const index = createExposureIndex(versions);
 * index.putAsset({ ref: 0, cpes: ['cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*'] });
 * index.putRecord(record);
 * index.findingsForAsset(0); // [{ recordId: 'CVE-2023-27997', certainty: 'confirmed', why: 'fortios 7.2.4 is in [7.2.0, 7.2.5) of …', … }]
 * ```
 */
export function createExposureIndex(comparator: VersionComparator, config: ExposureIndexConfig = DEFAULT_EXPOSURE_CONFIG): ExposureIndex {
  return new Index(comparator, config);
}

class Index implements ExposureIndex {
  readonly #keys = new KeyInterner();
  readonly #compile: { keys: KeyInterner; names: NameCache; versions: VersionComparator };
  readonly #context: MatchContext;
  readonly #slotOf = new Map<CveId, number>();
  readonly #records: (CompiledRecord | undefined)[] = [];
  readonly #freeSlots: number[] = [];
  readonly #wildRecords = new Set<number>();
  readonly #tables: RecordTables;
  readonly #assets: (CompiledAsset | undefined)[] = [];
  #assetCount = 0;
  readonly #assetsByKey = new Postings();
  readonly #findings = new PairSet();
  readonly #undecided = new PairSet();
  // Stamps: candidates of one query, records of one batch, assets one batch concerns.
  readonly #visited = new Visited();
  readonly #batch = new Visited();
  readonly #concerned = new Visited();

  readonly #config: ExposureIndexConfig;

  constructor(given: VersionComparator, config: ExposureIndexConfig) {
    this.#config = config;
    const comparator = withParseCache(given);
    this.#compile = { keys: this.#keys, names: new NameCache(this.#keys), versions: comparator };
    this.#context = { versions: comparator, scratch: new Scratch() };
    this.#tables = new RecordTables(comparator);
  }

  putRecord(record: VulnerabilityRecord): PutRecordResult {
    return this.putRecords([record]);
  }

  putRecords(records: Iterable<VulnerabilityRecord>): PutRecordResult {
    const slots: number[] = [];
    const malformed: MalformedName[] = [];
    this.#batch.next();
    for (const record of records) {
      const compiled = compileRecord(record, this.#compile);
      const slot = this.#place(compiled);
      // A record given twice is matched once, as last given.
      if (!this.#batch.has(slot)) slots.push(slot);
      this.#batch.mark(slot);
      for (const m of compiled.malformed) malformed.push(m);
    }
    if (slots.length <= this.#config.directBatch) for (const slot of slots) this.#matchRecord(slot);
    else this.#matchBatch(slots);
    return { malformed };
  }

  removeRecord(id: CveId): boolean {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    this.#unfileRecord(slot);
    this.#slotOf.delete(id);
    this.#records[slot] = undefined;
    this.#freeSlots.push(slot);
    return true;
  }

  putAsset(asset: AssetProducts): VulnsResult<void> {
    const compiled = compileAsset(asset, this.#keys);
    if (!compiled.ok) return compiled satisfies Failure;
    const a = compiled.value;
    this.removeAsset(a.ref);
    this.#assets[a.ref] = a;
    this.#assetCount++;
    this.#assetsByKey.add(assetKeys(a), a.ref);
    this.#matchAsset(a, undefined);
    return ok(undefined);
  }

  removeAsset(ref: number): boolean {
    const asset = this.#assets[ref];
    if (asset === undefined) return false;
    this.#assetsByKey.remove(assetKeys(asset), ref);
    this.#findings.removeAsset(ref);
    this.#undecided.removeAsset(ref);
    this.#assets[ref] = undefined;
    this.#assetCount--;
    return true;
  }

  findingsForAsset(ref: number): readonly Finding[] {
    return this.#forAsset(ref, this.#findings, (r) => r.finding);
  }

  findingsForRecord(id: CveId): readonly Finding[] {
    return this.#forRecord(id, this.#findings, (r) => r.finding);
  }

  undecidedForAsset(ref: number): readonly Undecided[] {
    return this.#forAsset(ref, this.#undecided, (r) => r.undecided);
  }

  undecidedForRecord(id: CveId): readonly Undecided[] {
    return this.#forRecord(id, this.#undecided, (r) => r.undecided);
  }

  *matchAll(): Iterable<Finding> {
    for (let ref = 0; ref < this.#assets.length; ref++) yield* this.findingsForAsset(ref);
  }

  stats(): ExposureStats {
    return { records: this.#slotOf.size, assets: this.#assetCount, findings: this.#findings.size, undecided: this.#undecided.size };
  }

  /** Stores and files a compiled record in its slot (the one it had, or a free one), its old findings dropped. */
  #place(compiled: CompiledRecord): number {
    const id = compiled.record.id;
    const existing = this.#slotOf.get(id);
    if (existing !== undefined) this.#unfileRecord(existing);
    const slot = existing ?? this.#freeSlots.pop() ?? this.#records.length;
    this.#slotOf.set(id, slot);
    this.#records[slot] = compiled;
    this.#tables.file(compiled, slot);
    if (compiled.wild) this.#wildRecords.add(slot);
    return slot;
  }

  /** Matches record `slot` against every asset sharing one of its keys (every asset when it is wild). */
  #matchRecord(slot: number): void {
    const record = this.#records[slot];
    if (record === undefined) return;
    this.#visited.next();
    const visit = (ref: number): void => {
      const asset = this.#assets[ref];
      if (asset !== undefined && this.#visited.first(ref)) this.#evaluate(record, slot, asset);
    };
    if (record.wild) for (let ref = 0; ref < this.#assets.length; ref++) visit(ref);
    else for (const key of record.keys) this.#assetsByKey.get(key)?.forEach(visit);
  }

  /** Matches the records of the current batch against every asset they could concern, asset by asset through the tables. */
  #matchBatch(slots: readonly number[]): void {
    this.#concerned.next();
    const concerned: number[] = [];
    const add = (ref: number): void => {
      if (this.#concerned.first(ref)) concerned.push(ref);
    };
    for (const slot of slots) {
      const record = this.#records[slot];
      if (record?.wild) for (let ref = 0; ref < this.#assets.length; ref++) add(ref);
      else for (const key of record?.keys ?? []) this.#assetsByKey.get(key)?.forEach(add);
    }
    for (const ref of concerned) {
      const asset = this.#assets[ref];
      if (asset !== undefined) this.#matchAsset(asset, this.#batch);
    }
  }

  /** Matches `asset` against the records that could apply to it (only those of `batch`, when given). */
  #matchAsset(asset: CompiledAsset, batch: Visited | undefined): void {
    this.#visited.next();
    const visit = (slot: number): void => {
      const record = this.#records[slot];
      if (record !== undefined && (batch === undefined || batch.has(slot)) && this.#visited.first(slot)) this.#evaluate(record, slot, asset);
    };
    this.#tables.visit(asset, visit);
    this.#wildRecords.forEach(visit);
  }

  #evaluate(record: CompiledRecord, slot: number, asset: CompiledAsset): void {
    const verdict = pairVerdict(record, asset, this.#context);
    if ((verdict & PAIR_FINDING) !== 0) this.#findings.add(asset.ref, slot);
    if ((verdict & PAIR_UNDECIDED) !== 0) this.#undecided.add(asset.ref, slot);
  }

  #unfileRecord(slot: number): void {
    this.#tables.unfile(slot);
    this.#wildRecords.delete(slot);
    this.#findings.removeRecord(slot);
    this.#undecided.removeRecord(slot);
  }

  #forAsset<T extends Finding | Undecided>(ref: number, pairs: PairSet, pick: (r: PairResult) => T | undefined): T[] {
    const asset = this.#assets[ref];
    if (asset === undefined) return [];
    const out: T[] = [];
    for (const slot of pairs.slotsOf(ref)) {
      const record = this.#records[slot];
      const item = record === undefined ? undefined : pick(describePair(record, asset, this.#context));
      if (item !== undefined) out.push(item);
    }
    return out.sort((a, b) => compareCveIds(a.recordId, b.recordId));
  }

  #forRecord<T extends Finding | Undecided>(id: CveId, pairs: PairSet, pick: (r: PairResult) => T | undefined): T[] {
    const slot = this.#slotOf.get(id);
    const record = slot === undefined ? undefined : this.#records[slot];
    if (slot === undefined || record === undefined) return [];
    const out: T[] = [];
    for (const ref of [...pairs.refsOf(slot)].sort((a, b) => a - b)) {
      const asset = this.#assets[ref];
      const item = asset === undefined ? undefined : pick(describePair(record, asset, this.#context));
      if (item !== undefined) out.push(item);
    }
    return out;
  }
}
