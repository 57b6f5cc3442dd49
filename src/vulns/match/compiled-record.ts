/**
 * A vulnerability record compiled once for matching: every criterion's CPE name parsed (through the
 * shared cache), the configuration trees flattened into one array of criteria with index ranges, the
 * affected statements' names, purls and scheme resolved, and the keys the index files it under.
 */
import { parsePurl } from '../purl/index.js';
import type { AffectedProduct, CpeCriterion, CveId, Sourced, VersionRange, VersionScheme, VulnerabilityRecord } from '../record.js';
import type { CompiledName, NameCache } from './compiled-name.js';
import { type KeyInterner, nameKeyText, normaliseProductName, purlKeyText } from './product-keys.js';
import { type CachedRange, cachedRange } from './version-cache.js';
import type { VersionComparator } from './version-comparator.js';

/** One criterion of a configuration, at its place in the flattened array. */
export interface CompiledCriterion {
  readonly source: CpeCriterion;
  /** `source.vulnerable`, kept here so that evaluating does not reach into the record. */
  readonly vulnerable: boolean;
  /** Undefined when the name is malformed: such a criterion is never satisfied (and is reported by `putRecord`). */
  readonly name: CompiledName | undefined;
  /** The criterion's version bounds, in the `generic` scheme, when it has any. */
  readonly bounds: CachedRange | undefined;
  readonly node: number;
  readonly index: number;
}

/** A node: criteria `[first, end)` of the flattened array. */
export interface CompiledNode {
  readonly and: boolean;
  readonly negate: boolean;
  readonly first: number;
  readonly end: number;
}

/** A configuration: its nodes, and criteria `[first, end)` of the flattened array. */
export interface CompiledConfiguration {
  readonly and: boolean;
  readonly negate: boolean;
  readonly nodes: readonly CompiledNode[];
  readonly first: number;
  readonly end: number;
}

/** An affected statement, compiled. */
export interface CompiledStatement {
  readonly sourced: Sourced<AffectedProduct>;
  readonly names: readonly CompiledName[];
  /** Id of the purl's (type, namespace, name), or -1. */
  readonly purlKey: number;
  /** Id of the normalised (vendor, product), or -1 when the statement has CPE names or a purl (names are the fallback only). */
  readonly nameKey: number;
  /** Ranges for versions read from CPE names or matched by name: in the `versionType` hint's scheme, else `generic`. */
  readonly cpeRanges: StatementRanges;
  /** Ranges for the version of the asset's purl: in the scheme of the purl type and the `versionType` hint. */
  readonly purlRanges: StatementRanges;
  /** `defaultStatus: 'affected'` and no ranges at all: every version, known or not. */
  readonly everyVersion: boolean;
  readonly hasText: boolean;
}

/** A statement's ranges in one scheme. */
export interface StatementRanges {
  readonly scheme: VersionScheme;
  readonly affected: readonly CachedRange[];
  readonly unaffected: readonly CachedRange[];
}

/** A CPE name or purl of a record that could not be read, and where it was. */
export interface MalformedName {
  readonly recordId: CveId;
  readonly where: string;
  readonly text: string;
  readonly problem: string;
}

/** A record ready for matching. */
export interface CompiledRecord {
  readonly record: VulnerabilityRecord;
  readonly criteria: readonly CompiledCriterion[];
  readonly configurations: readonly CompiledConfiguration[];
  readonly statements: readonly CompiledStatement[];
  /** The keys of what its vulnerable criteria and statements name (products, purls, names): the assets it could concern share one. */
  readonly keys: readonly number[];
  /** True when a vulnerable criterion or statement name has no key (vendor or product ANY): the record is then tried against every asset. */
  readonly wild: boolean;
  readonly malformed: readonly MalformedName[];
}

/** What compiling needs: the key ids, the name cache and the comparator (for schemes). */
export interface CompileContext {
  readonly keys: KeyInterner;
  readonly names: NameCache;
  readonly versions: VersionComparator;
}

/** Compiles `record` for matching. Malformed names are listed in `malformed`, never thrown. */
export function compileRecord(record: VulnerabilityRecord, context: CompileContext): CompiledRecord {
  const out: Collector = { id: record.id, criteria: [], keys: new Set(), wild: false, malformed: [] };
  const configurations = (record.configurations?.value ?? []).map((configuration, c) => {
    const first = out.criteria.length;
    const nodes = configuration.nodes.map((node, n) => {
      const nodeFirst = out.criteria.length;
      node.cpeMatch.forEach((source, index) => {
        const name = nameOf(source.criteria, `configuration ${c + 1}, node ${n + 1}, criterion ${index + 1}`, context, out);
        // Only vulnerable criteria file the record: a configuration yields a finding only through one,
        // so an asset that shares no product with them cannot be exposed by this record.
        if (name !== undefined && source.vulnerable) fileUnder(name, out);
        out.criteria.push({ source, vulnerable: source.vulnerable, name, bounds: isBounded(source) ? cachedRange(source, 'generic') : undefined, node: n, index });
      });
      return { and: node.operator === 'AND', negate: node.negate, first: nodeFirst, end: out.criteria.length };
    });
    return { and: configuration.operator === 'AND', negate: configuration.negate, nodes, first, end: out.criteria.length };
  });
  const statements = record.affected.map((sourced, s) => compileStatement(sourced, `statement ${s + 1}`, context, out));
  return { record, criteria: out.criteria, configurations, statements, keys: [...out.keys], wild: out.wild, malformed: out.malformed };
}

interface Collector {
  readonly id: CveId;
  readonly criteria: CompiledCriterion[];
  readonly keys: Set<number>;
  wild: boolean;
  readonly malformed: MalformedName[];
}

function compileStatement(sourced: Sourced<AffectedProduct>, where: string, context: CompileContext, out: Collector): CompiledStatement {
  const p = sourced.value;
  const names: CompiledName[] = [];
  for (const text of p.cpes) {
    const name = nameOf(text, `${where}, CPE name`, context, out);
    if (name === undefined) continue;
    fileUnder(name, out);
    names.push(name);
  }
  const purl = p.purl === undefined ? undefined : parsePurl(p.purl, { lenient: true });
  if (purl !== undefined && !purl.ok) out.malformed.push({ recordId: out.id, where: `${where}, purl`, text: p.purl ?? '', problem: purl.error.message });
  const purlKey = purl?.ok ? context.keys.id(purlKeyText(purl.value.type, purl.value.namespace, purl.value.name)) : -1;
  if (purlKey >= 0) out.keys.add(purlKey);
  // Names are the fallback of a statement that gives no machine identity at all, and then only exactly.
  const nameKey = p.cpes.length === 0 && p.purl === undefined ? context.keys.id(nameKeyText(normaliseProductName(p.vendor), normaliseProductName(p.product))) : -1;
  if (nameKey >= 0) out.keys.add(nameKey);
  const hint = p.versionType === undefined ? {} : { versionType: p.versionType };
  const cpeScheme = p.versionType === undefined ? 'generic' : context.versions.schemeFor(hint);
  const purlScheme = purl?.ok ? context.versions.schemeFor({ ...hint, purlType: purl.value.type }) : cpeScheme;
  const cpeRanges = rangesIn(p, cpeScheme);
  return {
    sourced,
    names,
    purlKey,
    nameKey,
    cpeRanges,
    purlRanges: purlScheme === cpeScheme ? cpeRanges : rangesIn(p, purlScheme),
    everyVersion: p.defaultStatus === 'affected' && p.affected.length === 0 && p.unaffected.length === 0,
    hasText: (p.versionText?.length ?? 0) > 0,
  };
}

function nameOf(text: string, where: string, context: CompileContext, out: Collector): CompiledName | undefined {
  const name = context.names.get(text);
  if (name.ok) return name.value;
  out.malformed.push({ recordId: out.id, where, text, problem: name.error.message });
  return undefined;
}

function fileUnder(name: CompiledName, out: Collector): void {
  if (name.key < 0) out.wild = true;
  else out.keys.add(name.key);
}

function rangesIn(p: AffectedProduct, scheme: VersionScheme): StatementRanges {
  return { scheme, affected: p.affected.map((r) => cachedRange(r, scheme)), unaffected: p.unaffected.map((r) => cachedRange(r, scheme)) };
}

/** True when `range` has a bound. */
export function isBounded(range: VersionRange): boolean {
  return range.startIncluding !== undefined || range.startExcluding !== undefined || range.endIncluding !== undefined || range.endExcluding !== undefined;
}
