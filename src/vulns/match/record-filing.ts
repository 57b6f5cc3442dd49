/**
 * Where the index files a record: each vulnerable criterion and each affected statement under the
 * key of what it names and the scheme its versions are compared in, as a range, a pinned version,
 * or "every version". A record is filed wherever it could apply, so that an asset that visits the
 * tables of its own keys meets every record that could concern it (and few others).
 */
import type { CompiledRecord, CompiledStatement, StatementRanges } from './compiled-record.js';
import { schemeIndexOf } from './version-cache.js';
import type { VersionTable } from './version-table.js';

/** The table of a key and scheme, created when missing. */
export type TableFor = (key: number, schemeIndex: number) => VersionTable;

const GENERIC = schemeIndexOf('generic');

/** Files record `slot` in the tables `tableFor` gives; returns their ids (`key * 4 + scheme`) for removal. */
export function fileRecord(record: CompiledRecord, slot: number, tableFor: TableFor): number[] {
  const ids = new Set<number>();
  const table = (key: number, scheme: number): VersionTable => {
    ids.add(key * 4 + scheme);
    return tableFor(key, scheme);
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
  return [...ids];
}

function fileStatement(st: CompiledStatement, slot: number, table: TableFor): void {
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
