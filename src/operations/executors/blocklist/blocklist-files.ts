/**
 * The block-list files: a plain list (one prefix per line, `#` comments) and an nftables script
 * that replaces the contents of two interval sets in one transaction (`nft -f` applies a file
 * atomically). Covered prefixes are dropped because an interval set refuses overlapping
 * elements ("conflicting intervals specified").
 *
 * Pure: no I/O, no `node:` imports.
 */
import { dropCovered, normaliseTargets, type TargetPrefix } from '../../catalogue/prefixes.js';

/** Settings of the nftables file. */
export interface NftOptions {
  readonly family: string;
  readonly table: string;
  /** Sets are `<set>_v4` and `<set>_v6`. */
  readonly set: string;
}

/** The union of live block-list prefixes, sorted, with covered ones dropped. */
export function mergeBlocklist(lists: Iterable<readonly string[]>): TargetPrefix[] {
  const all: string[] = [];
  for (const l of lists) all.push(...l);
  return dropCovered(normaliseTargets(all, 'blocklist'));
}

/** Host prefixes are written as bare addresses, as operators expect in a plain list. */
function element(t: TargetPrefix): string {
  return t.prefix.length === 128 ? t.text.slice(0, t.text.indexOf('/')) : t.text;
}

/** The plain list. */
export function renderPlainList(entries: readonly TargetPrefix[], generatedAt: string): string {
  const head = [`# Sakimori block list; generated ${generatedAt}; ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}.`, '# Regenerated atomically by the platform: do not edit.'];
  return `${[...head, ...entries.map(element)].join('\n')}\n`;
}

/**
 * The nftables script. `add table`/`add set` create them if absent and leave them otherwise,
 * `flush set` empties them, and the elements are added back: loading the file makes the sets
 * equal to the list, whatever they held before, in one netlink transaction. Operators reference
 * the sets from their own rules (`ip saddr @blocklist_v4 drop`).
 */
export function renderNftables(entries: readonly TargetPrefix[], o: NftOptions, generatedAt: string): string {
  const lines = [`# Sakimori block list for nft -f; generated ${generatedAt}; ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}.`, `add table ${o.family} ${o.table}`];
  for (const [fam, type] of [
    [4, 'ipv4_addr'],
    [6, 'ipv6_addr'],
  ] as const) {
    const set = `${o.set}_v${fam}`;
    const elems = entries.filter((e) => e.prefix.family === fam).map(element);
    lines.push(`add set ${o.family} ${o.table} ${set} { type ${type}; flags interval; }`, `flush set ${o.family} ${o.table} ${set}`);
    // nft refuses an empty element list, so an empty set is only flushed.
    for (let i = 0; i < elems.length; i += 1000) lines.push(`add element ${o.family} ${o.table} ${set} { ${elems.slice(i, i + 1000).join(', ')} }`);
  }
  return `${lines.join('\n')}\n`;
}
