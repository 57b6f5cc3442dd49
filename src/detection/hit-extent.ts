/**
 * The part of a protected network a carpet-bombing attack actually hits: the smallest prefix
 * covering the hosts that received attack traffic and, when they are spread out, a short list of
 * tighter prefixes, each with the share of its addresses hit. A mitigation needs this rather than
 * the registered network: a FlowSpec rule on a /16 when a /22 of it is attacked would hit
 * thousands of hosts that are not.
 *
 * Hit hosts come from the attack's destination summary (a Space-Saving sketch fed by the
 * evidence pass): destinations whose records matched one of the attack's vectors and that
 * received at least a tenth of what a typical attacked host received. Benign traffic to other
 * hosts of the network during the attack is far below that and does not widen the extent.
 *
 * The prefixes: start from the prefix covering every hit host; while the list is short, split the
 * prefix with the most unhit addresses into the covers of its two halves, when that at least
 * halves the addresses it covers. Work is on the hosts sorted as 128-bit keys (IPv4 mapped), so a
 * cover is the common prefix of its first and last host.
 *
 * Pure: no I/O. Allocates per call (once per report, not per record).
 */
import { formatPrefix, maskWords, type AddressWords } from '../core/ip.js';
import type { SpaceSaving } from './space-saving.js';

/** Most prefixes in a hit extent. */
export const MAX_EXTENT_PREFIXES = 8;
/** A host is hit when it received at least this share of what the typical attacked host received. */
const HIT_FRACTION = 0.1;

/** One prefix of a hit extent. */
export interface HitPrefix {
  readonly prefix: string;
  /** Hosts in it that received attack traffic. */
  readonly hostsHit: number;
  /** `hostsHit` over the prefix's addresses (0–1). */
  readonly hostShare: number;
  /** Share of the attack's packets (to the hit hosts) that went to this prefix (0–1). */
  readonly packetShare: number;
}

/** What a carpet-bombing attack hits. */
export interface HitExtent {
  /** The smallest prefix covering every hit host. */
  readonly cover: HitPrefix;
  /** Tighter prefixes when the hit hosts are spread out (the cover alone when they are not), largest packet share first. */
  readonly prefixes: readonly HitPrefix[];
  /** Hosts hit. */
  readonly hostsHit: number;
  /** True when the destination summary was full: hosts beyond it are not known one by one. */
  readonly approximate: boolean;
}

/** A run of sorted hosts `[from, to)` and the prefix length covering them. */
interface Range {
  from: number;
  to: number;
  length: number;
  /** Splitting it would not halve what it covers. */
  final: boolean;
}

/**
 * The hit extent of an attack whose destinations are in `targets`, counting hosts whose entries
 * carry a vector bit of `vectorMask`; `family` is the protected network's. Undefined when no host
 * qualifies.
 */
export function hitExtent(targets: SpaceSaving, vectorMask: number, family: 4 | 6): HitExtent | undefined {
  const hosts = hitHosts(targets, vectorMask);
  const n = hosts.length;
  if (n === 0) return undefined;
  const keys = targets.keys;
  const order = hosts.sort((a, b) => compareKeys(keys, a, b));
  const counts = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += counts[i] = targets.count[order[i]!]!;
  const prefix = (r: Range): HitPrefix => {
    let packets = 0;
    for (let i = r.from; i < r.to; i++) packets += counts[i]!;
    const addresses = 2 ** (128 - r.length);
    return { prefix: prefixText(keys, order[r.from]!, r.length, family), hostsHit: r.to - r.from, hostShare: round(Math.min(1, (r.to - r.from) / addresses)), packetShare: round(packets / total) };
  };
  const range = (from: number, to: number): Range => ({ from, to, length: commonBits(keys, order[from]!, order[to - 1]!), final: to - from === 1 });
  const all = range(0, n);
  const ranges = [all];
  while (ranges.length < MAX_EXTENT_PREFIXES) {
    // The range with the most unhit addresses; split when that at least halves what it covers.
    let worst = -1;
    let waste = 0;
    for (let k = 0; k < ranges.length; k++) {
      const r = ranges[k]!;
      const w = 2 ** (128 - r.length) - (r.to - r.from);
      if (!r.final && w > waste) {
        waste = w;
        worst = k;
      }
    }
    if (worst < 0) break;
    const r = ranges[worst]!;
    const mid = splitAt(keys, order, r);
    const a = range(r.from, mid);
    const b = range(mid, r.to);
    if (2 ** (128 - a.length) + 2 ** (128 - b.length) > 2 ** (128 - r.length) / 2) r.final = true;
    else ranges.splice(worst, 1, a, b);
  }
  const prefixes = ranges.map(prefix).sort((x, y) => y.packetShare - x.packetShare);
  return { cover: prefix(all), prefixes, hostsHit: n, approximate: targets.replacements > 0 };
}

/** Entries of hosts hit: matching a vector, and at least {@link HIT_FRACTION} of the typical attacked host. */
function hitHosts(t: SpaceSaving, vectorMask: number): number[] {
  const candidates: number[] = [];
  for (let e = 0; e < t.size; e++) if ((t.flags[e]! & vectorMask) !== 0 && t.count[e]! > 0) candidates.push(e);
  if (candidates.length === 0) return candidates;
  // The typical attacked host: the one at the middle of the packets, heaviest first.
  const byCount = candidates.map((e) => t.count[e]!).sort((a, b) => b - a);
  let sum = 0;
  for (const c of byCount) sum += c;
  let acc = 0;
  let typical = byCount[0]!;
  for (const c of byCount) {
    acc += c;
    typical = c;
    if (acc >= sum / 2) break;
  }
  return candidates.filter((e) => t.count[e]! >= typical * HIT_FRACTION);
}

function compareKeys(keys: Uint32Array, a: number, b: number): number {
  for (let k = 0; k < 4; k++) {
    const x = keys[a * 4 + k]!;
    const y = keys[b * 4 + k]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Leading bits two entries' keys have in common (128 for the same key). */
function commonBits(keys: Uint32Array, a: number, b: number): number {
  for (let k = 0; k < 4; k++) {
    const x = (keys[a * 4 + k]! ^ keys[b * 4 + k]!) >>> 0;
    if (x !== 0) return k * 32 + Math.clz32(x);
  }
  return 128;
}

/** First index of `r` whose key has bit `r.length` set (the halves of the covering prefix). */
function splitAt(keys: Uint32Array, order: readonly number[], r: Range): number {
  const word = r.length >>> 5;
  const bit = 1 << (31 - (r.length & 31));
  let lo = r.from;
  let hi = r.to - 1;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if ((keys[order[m]! * 4 + word]! & bit) !== 0) hi = m;
    else lo = m + 1;
  }
  return lo;
}

function prefixText(keys: Uint32Array, e: number, length: number, family: 4 | 6): string {
  const words: AddressWords = [keys[e * 4]!, keys[e * 4 + 1]!, keys[e * 4 + 2]!, keys[e * 4 + 3]!];
  // An IPv4 network's extent is written as IPv4 (lengths in the mapped space are 96 + n).
  const len = family === 4 ? Math.max(96, length) : length;
  return formatPrefix({ words: maskWords(words, len), length: len, family });
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
