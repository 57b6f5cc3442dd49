/**
 * Target addresses and prefixes as requests carry them: parsed strictly, written canonically,
 * ordered by address so that equal target sets serialise (and so digest) identically.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { formatPrefix, isV4Mapped, parsePrefix, type Prefix } from '../../core/ip.js';
import { isSakimoriError } from '../../core/errors.js';
import { ERR_OPERATIONS_INVALID_PREFIX } from '../errors.js';

/** A parsed target with its canonical text. */
export interface TargetPrefix {
  readonly text: string;
  readonly prefix: Prefix;
}

/**
 * Parses a target: `addr/len` with no host bits, or a bare address (a host prefix). IPv4-mapped
 * IPv6 is refused so one address has one spelling.
 *
 * @throws {@link ERR_OPERATIONS_INVALID_PREFIX}
 */
export function parseTarget(text: unknown, where: string): TargetPrefix {
  if (typeof text !== 'string' || text.length === 0 || text.length > 50) throw new ERR_OPERATIONS_INVALID_PREFIX(JSON.stringify(text), `${where}: expected an address or prefix`);
  let p: Prefix;
  try {
    p = parsePrefix(text.trim(), { strict: true });
  } catch (e) {
    const reason = isSakimoriError(e) ? e.message.replace(/^invalid IP prefix "[^"]*": /, '') : String(e);
    throw new ERR_OPERATIONS_INVALID_PREFIX(JSON.stringify(text), `${where}: ${reason}`, { cause: e });
  }
  if (p.family === 6 && isV4Mapped(p.words[0], p.words[1], p.words[2]) && p.length >= 96) {
    throw new ERR_OPERATIONS_INVALID_PREFIX(JSON.stringify(text), `${where}: write IPv4 addresses in dotted form`);
  }
  return { text: formatPrefix(p), prefix: p };
}

/** Parses a host address (a /32 or /128) and returns it without the length. */
export function parseHost(text: unknown, where: string): TargetPrefix {
  const t = parseTarget(text, where);
  // Lengths are in the 128-bit (mapped) space, so a host is 128 long in either family.
  if (t.prefix.length !== 128) throw new ERR_OPERATIONS_INVALID_PREFIX(JSON.stringify(text), `${where}: expected a single host address`);
  return { text: t.text.slice(0, t.text.indexOf('/')), prefix: t.prefix };
}

/** Prefix length as written (24 for `192.0.2.0/24`, not the mapped 120). */
export function writtenLength(p: Prefix): number {
  return p.family === 4 ? p.length - 96 : p.length;
}

/** Orders prefixes by family, then address, then length. */
export function comparePrefixes(a: Prefix, b: Prefix): number {
  if (a.family !== b.family) return a.family - b.family;
  for (let k = 0; k < 4; k++) {
    const d = a.words[k]! - b.words[k]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * True when `outer` contains every address of `inner`. Allocation-free: the guards call it for
 * every target against every allowlist entry and protected network (10 000 × ~50 per request).
 */
export function prefixCovers(outer: Prefix, inner: Prefix): boolean {
  if (outer.length > inner.length) return false;
  for (let k = 0; k < 4; k++) {
    const bits = Math.max(0, Math.min(32, outer.length - k * 32));
    if (bits === 0) return true;
    const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if (((outer.words[k]! ^ inner.words[k]!) & mask) !== 0) return false;
  }
  return true;
}

/** True when the prefixes share any address. */
export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  return prefixCovers(a, b) || prefixCovers(b, a);
}

/** Parses, de-duplicates and sorts a list of targets. */
export function normaliseTargets(list: readonly unknown[], where: string): TargetPrefix[] {
  const seen = new Map<string, TargetPrefix>();
  list.forEach((t, i) => {
    const p = parseTarget(t, `${where}[${i}]`);
    seen.set(p.text, p);
  });
  return [...seen.values()].sort((a, b) => comparePrefixes(a.prefix, b.prefix));
}

/** Drops prefixes covered by another in the list (the list must be sorted by {@link comparePrefixes}). */
export function dropCovered(sorted: readonly TargetPrefix[]): TargetPrefix[] {
  const out: TargetPrefix[] = [];
  for (const t of sorted) {
    const last = out[out.length - 1];
    // Sorted by address then length: a covering prefix always comes before what it covers.
    if (last !== undefined && last.prefix.family === t.prefix.family && prefixCovers(last.prefix, t.prefix)) continue;
    out.push(t);
  }
  return out;
}
