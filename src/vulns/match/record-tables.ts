/**
 * Where the index files records: each vulnerable criterion and each affected statement in the
 * {@link VersionTable} of the key of what it names and the scheme its versions are compared in, as a
 * range, a pinned version or "every version". A record is filed wherever it could apply, so that an
 * asset visiting the tables of its own keys meets every record that could concern it, and few others.
 */
import type { VersionScheme } from '../record.js';
import type { CompiledAsset } from './asset-products.js';
import type { CompiledRecord, CompiledStatement, StatementRanges } from './compiled-record.js';
import { SCHEMES, schemeIndexOf } from './version-cache.js';
import type { VersionComparator } from './version-comparator.js';
import { VersionTable } from './version-table.js';

const GENERIC = schemeIndexOf('generic');

/** The version tables of every key and scheme, and which tables each record slot is in. */
export class RecordTables {
  readonly #comparator: VersionComparator;
  /** By `key * 4 + scheme`. */
  readonly #tables: (VersionTable | undefined)[] = [];
  readonly #filed: (readonly number[] | undefined)[] = [];
  /** Bumped each time a slot is filed or unfiled: entries of older generations are stale. */
  readonly #generations: number[] = [];

  constructor(comparator: VersionComparator) {
    this.#comparator = comparator;
  }

  /** Files `record` under `slot`. */
  file(record: CompiledRecord, slot: number): void {
    this.#generations[slot] = (this.#generations[slot] ?? 0) + 1;
    const ids = new Set<number>();
    const table = (key: number, scheme: number): VersionTable => {
      ids.add(key * 4 + scheme);
      return this.#table(key * 4 + scheme);
    };
    for (const c of record.criteria) {
      const name = c.name;
      // A configuration yields a finding only through a vulnerable criterion: platforms file nothing.
      if (!c.vulnerable || name === undefined || name.key < 0) continue;
      const t = table(name.key, GENERIC);
      if (c.bounds !== undefined) t.addRange(slot, c.bounds);
      else if (name.exactVersion !== undefined) t.addExact(slot, name.exactVersion);
      else t.addAlways(slot);
    }
    for (const st of record.statements) fileStatement(st, slot, table);
    this.#filed[slot] = [...ids];
  }

  /** Takes whatever is filed under `slot` out. */
  unfile(slot: number): void {
    this.#generations[slot] = (this.#generations[slot] ?? 0) + 1;
    for (const id of this.#filed[slot] ?? []) this.#tables[id]?.stale();
    this.#filed[slot] = undefined;
  }

  /** Calls `visit` with the slot of each record that could apply to `asset` (some more than once; records with wildcards in vendor or product not included). */
  visit(asset: CompiledAsset, visit: (slot: number) => void): void {
    for (const cpe of asset.cpes) {
      for (let s = 0; s < 4; s++) {
        if (cpe.key >= 0) this.#tables[cpe.key * 4 + s]?.visit(cpe.version, cpe.lower[3], visit);
        if (cpe.nameKey >= 0) this.#tables[cpe.nameKey * 4 + s]?.visit(cpe.version, undefined, visit);
      }
    }
    const purl = asset.purl;
    if (purl !== undefined) for (let s = 0; s < 4; s++) this.#tables[purl.key * 4 + s]?.visit(purl.version, undefined, visit);
  }

  #table(id: number): VersionTable {
    let table = this.#tables[id];
    if (table === undefined) {
      table = new VersionTable(this.#comparator, SCHEMES[id % 4] as VersionScheme, this.#generations);
      this.#tables[id] = table;
    }
    return table;
  }
}

function fileStatement(st: CompiledStatement, slot: number, table: (key: number, scheme: number) => VersionTable): void {
  // Versions outside every range still apply with `affected` as default, and text must be read.
  const always = st.everyVersion || st.hasText || st.sourced.value.defaultStatus === 'affected';
  const byRanges = (key: number, ranges: StatementRanges): void => {
    const t = table(key, schemeIndexOf(ranges.scheme));
    if (always) t.addAlways(slot);
    else for (const range of ranges.affected) t.addRange(slot, range);
  };
  for (const name of st.names) {
    if (name.key < 0) continue;
    if (name.anyVersion) byRanges(name.key, st.cpeRanges);
    else if (name.exactVersion !== undefined) table(name.key, schemeIndexOf(st.cpeRanges.scheme)).addExact(slot, name.exactVersion);
    else table(name.key, schemeIndexOf(st.cpeRanges.scheme)).addAlways(slot);
  }
  if (st.purlKey >= 0) byRanges(st.purlKey, st.purlRanges);
  if (st.nameKey >= 0) byRanges(st.nameKey, st.cpeRanges);
}
