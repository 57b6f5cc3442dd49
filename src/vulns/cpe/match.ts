/**
 * CPE name matching (NISTIR 7696): attribute by attribute, how the set of products a source name
 * denotes relates to the set a target name denotes, and the name-level relations built on that.
 * Typically the source is an applicability criterion (`cpe:2.3:a:apache:log4j:2.*:…`) and the target
 * an inventory entry; `isSuperset(criterion, entry)` then says whether the criterion covers it.
 */
import { CPE_ATTRIBUTES, type CpeAttribute, type Wfn, type WfnValue } from './wfn.js';

/** Relation of a source attribute value to a target one (NISTIR 7696 §5, Table 5-1). */
export type CpeRelation = 'SUPERSET' | 'SUBSET' | 'EQUAL' | 'DISJOINT' | 'UNDEFINED';

/** The relation of every attribute of a source WFN to the same attribute of a target WFN. */
export type CpeComparison = { readonly [A in CpeAttribute]: CpeRelation };

/**
 * Compares one attribute value of the source with that of the target (§6.1, `compare`). Strings
 * compare case-insensitively; a target with an unquoted wildcard is UNDEFINED, because matching is
 * defined for wildcards in the source only.
 */
export function compareValues(source: WfnValue, target: WfnValue): CpeRelation {
  const s = source.kind === 'string' ? source.value.toLowerCase() : source.kind;
  const t = target.kind === 'string' ? target.value.toLowerCase() : target.kind;
  if (target.kind === 'string' && hasUnquotedWildcard(t)) return 'UNDEFINED';
  if (source.kind === target.kind && s === t) return 'EQUAL';
  if (source.kind === 'any') return 'SUPERSET';
  if (target.kind === 'any') return 'SUBSET';
  if (source.kind === 'na' || target.kind === 'na') return 'DISJOINT';
  return compareStrings(s, t);
}

/** Compares every attribute of `source` with `target` (§6.1, `compare_wfns`). */
export function compareWfns(source: Wfn, target: Wfn): CpeComparison {
  const out: Record<string, CpeRelation> = {};
  for (const a of CPE_ATTRIBUTES) out[a] = compareValues(source[a], target[a]);
  return out as CpeComparison;
}

/** True when some attribute is DISJOINT: no product is named by both (§7.1, `CPE_DISJOINT`). */
export function isDisjoint(source: Wfn, target: Wfn): boolean {
  return CPE_ATTRIBUTES.some((a) => compareValues(source[a], target[a]) === 'DISJOINT');
}

/** True when every attribute is EQUAL (§7.2, `CPE_EQUAL`). */
export function isEqual(source: Wfn, target: Wfn): boolean {
  return CPE_ATTRIBUTES.every((a) => compareValues(source[a], target[a]) === 'EQUAL');
}

/** True when every attribute is SUBSET or EQUAL: the source names no more than the target (§7.3, `CPE_SUBSET`). */
export function isSubset(source: Wfn, target: Wfn): boolean {
  return CPE_ATTRIBUTES.every((a) => {
    const r = compareValues(source[a], target[a]);
    return r === 'SUBSET' || r === 'EQUAL';
  });
}

/** True when every attribute is SUPERSET or EQUAL: the source covers the target (§7.4, `CPE_SUPERSET`). */
export function isSuperset(source: Wfn, target: Wfn): boolean {
  return CPE_ATTRIBUTES.every((a) => {
    const r = compareValues(source[a], target[a]);
    return r === 'SUPERSET' || r === 'EQUAL';
  });
}

function hasUnquotedWildcard(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '*' || s[i] === '?') return true;
  }
  return false;
}

/**
 * `compareStrings` (§6.1), transcribed as published: the source may begin or end with `*` or with a
 * run of `?`, and the target is searched for the rest. Kept exactly, arithmetic included, so that
 * results agree with other implementations of the specification: the leftover length counts the
 * quoting backslashes of the source, so `8.?` is a SUPERSET of `8.10` as well as of `8.1`.
 */
function compareStrings(source: string, target: string): CpeRelation {
  let start = 0;
  let end = source.length;
  let begins = 0;
  let ends = 0;
  if (source[0] === '*') {
    start = 1;
    begins = -1;
  } else {
    while (start < source.length && source[start] === '?') {
      start++;
      begins++;
    }
  }
  if (source[end - 1] === '*' && isEvenWildcards(source, end - 1)) {
    end--;
    ends = -1;
  } else {
    while (end > 0 && source[end - 1] === '?' && isEvenWildcards(source, end - 1)) {
      end--;
      ends++;
    }
  }
  // A value of `?` alone: both loops above counted the same characters; n of them match 1 to n
  // characters (NISTIR 7696 §6.1.3, whose pseudo-code is undefined here: substr with start past end).
  if (start >= end && begins > 0) return target.length - countEscapes(target, 0, target.length) <= source.length ? 'SUPERSET' : 'DISJOINT';
  const body = source.slice(start, end);
  let index = -1;
  let leftover = target.length;
  while (leftover > 0) {
    index = target.indexOf(body, index + 1);
    if (index === -1) break;
    if (index > 0 && begins !== -1 && begins < index - countEscapes(target, 0, index)) break;
    leftover = target.length - index - countEscapes(target, index + 1, target.length) - body.length;
    if (leftover > 0 && ends !== -1 && leftover > ends) continue;
    return 'SUPERSET';
  }
  return 'DISJOINT';
}

/** Number of quoting backslashes in `s` between `start` and `end` (§6.1, `countEscapeCharacters`). */
function countEscapes(s: string, start: number, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) {
    if (s[i] === '\\') {
      if (i >= start) count++;
      i++;
    }
  }
  return count;
}

/** True when the character at `index` is preceded by an even number of backslashes: it is unquoted (§6.1, `isEvenWildcards`). */
function isEvenWildcards(s: string, index: number): boolean {
  let count = 0;
  for (let i = index; i > 0 && s[i - 1] === '\\'; i--) count++;
  return count % 2 === 0;
}
