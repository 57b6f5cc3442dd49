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
import type { CveId, VersionScheme, VulnerabilityRecord } from '../record.js';
import { type AssetProducts, type CompiledAsset, compileAsset } from './asset-products.js';
import { NameCache } from './compiled-name.js';
import { fileRecord } from './record-filing.js';
import { SCHEMES, withParseCache } from './version-cache.js';
import { VersionTable } from './version-table.js';
import { type CompiledRecord, compileRecord, type MalformedName } from './compiled-record.js';
import type { Finding, Undecided } from './finding.js';
import { type MatchContext, Scratch } from './outcome.js';
import { describePair, PAIR_FINDING, PAIR_UNDECIDED, pairVerdict } from './pair.js';
import { compareCveIds, PairSet, Postings, Visited } from './postings.js';
import { KeyInterner } from './product-keys.js';
import type { VersionComparator } from './version-comparator.js';

/** What putting a record reports: the CPE names and purls of it that could not be read (those never match). */
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
export function createExposureIndex(comparator: VersionComparator): ExposureIndex {
  return new Index(comparator);
}

class Index implements ExposureIndex {
  readonly #keys = new KeyInterner();
  readonly #compile: { keys: KeyInterner; names: NameCache; versions: VersionComparator };
  readonly #context: MatchContext;
  readonly #slotOf = new Map<CveId, number>();
  readonly #records: (CompiledRecord | undefined)[] = [];
  readonly #freeSlots: number[] = [];
  readonly #wildRecords = new Set<number>();
  readonly #assets: (CompiledAsset | undefined)[] = [];
  #assetCount = 0;
  /** Records by key and scheme (`key * 4 + scheme`): an asset visits only those that could apply to its version. */
  readonly #tables: (VersionTable | undefined)[] = [];
  /** The tables each record slot is filed in. */
  readonly #filed: (readonly number[] | undefined)[] = [];
  readonly #assetsByKey = new Postings();
  readonly #findings = new PairSet();
  readonly #undecided = new PairSet();
  readonly #visited = new Visited();

  constructor(given: VersionComparator) {
    const comparator = withParseCache(given);
    this.#compile = { keys: this.#keys, names: new NameCache(this.#keys), versions: comparator };
    this.#context = { versions: comparator, scratch: new Scratch() };
  }

  putRecord(record: VulnerabilityRecord): PutRecordResult {
    const compiled = compileRecord(record, this.#compile);
    const existing = this.#slotOf.get(record.id);
    if (existing !== undefined) this.#unfileRecord(existing);
    const slot = existing ?? this.#freeSlots.pop() ?? this.#records.length;
    this.#slotOf.set(record.id, slot);
    this.#records[slot] = compiled;
    this.#fileRecord(compiled, slot);
    this.#visited.next();
    const visit = (ref: number): void => {
      const asset = this.#assets[ref];
      if (asset !== undefined && this.#visited.first(ref)) this.#evaluate(compiled, slot, asset);
    };
    if (compiled.wild) for (let ref = 0; ref < this.#assets.length; ref++) visit(ref);
    else for (const key of compiled.keys) this.#assetsByKey.get(key)?.forEach(visit);
    return { malformed: compiled.malformed };
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
    const keys = assetKeys(a);
    this.#assetsByKey.add(keys, a.ref);
    this.#visited.next();
    const visit = (slot: number): void => {
      const record = this.#records[slot];
      if (record !== undefined && this.#visited.first(slot)) this.#evaluate(record, slot, a);
    };
    for (const cpe of a.cpes) {
      for (const key of [cpe.key, cpe.nameKey]) if (key >= 0) for (let s = 0; s < 4; s++) this.#tables[key * 4 + s]?.visit(cpe.version, cpe.lower[3], visit);
    }
    if (a.purl !== undefined) for (let s = 0; s < 4; s++) this.#tables[a.purl.key * 4 + s]?.visit(a.purl.version, undefined, visit);
    this.#wildRecords.forEach(visit);
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

  #evaluate(record: CompiledRecord, slot: number, asset: CompiledAsset): void {
    const verdict = pairVerdict(record, asset, this.#context);
    if ((verdict & PAIR_FINDING) !== 0) this.#findings.add(asset.ref, slot);
    if ((verdict & PAIR_UNDECIDED) !== 0) this.#undecided.add(asset.ref, slot);
  }

  #fileRecord(record: CompiledRecord, slot: number): void {
    this.#filed[slot] = fileRecord(record, slot, (key, scheme) => {
      const id = key * 4 + scheme;
      let table = this.#tables[id];
      if (table === undefined) {
        table = new VersionTable(this.#context.versions, SCHEMES[scheme] as VersionScheme);
        this.#tables[id] = table;
      }
      return table;
    });
    if (record.wild) this.#wildRecords.add(slot);
  }

  #unfileRecord(slot: number): void {
    for (const id of this.#filed[slot] ?? []) {
      const table = this.#tables[id];
      table?.remove(slot);
      if (table?.empty) this.#tables[id] = undefined;
    }
    this.#filed[slot] = undefined;
    this.#wildRecords.delete(slot);
    this.#findings.removeRecord(slot);
    this.#undecided.removeRecord(slot);
  }

  #forAsset<T extends Finding | Undecided>(ref: number, pairs: PairSet, pick: (r: ReturnType<typeof describePair>) => T | undefined): T[] {
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

  #forRecord<T extends Finding | Undecided>(id: CveId, pairs: PairSet, pick: (r: ReturnType<typeof describePair>) => T | undefined): T[] {
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

/** The keys an asset is filed under: its CPE names' products and fallback names, and its purl. */
function assetKeys(asset: CompiledAsset): number[] {
  const keys = new Set<number>();
  for (const cpe of asset.cpes) {
    if (cpe.key >= 0) keys.add(cpe.key);
    if (cpe.nameKey >= 0) keys.add(cpe.nameKey);
  }
  if (asset.purl !== undefined) keys.add(asset.purl.key);
  return [...keys];
}
