/**
 * What the detector learns about one attack over its whole life: packets and bytes per vector and
 * per reflected service, the sources (Space-Saving heavy hitters with per-source vector bits), for
 * a carpet-bombing attack its destinations (the same, for the hit extent: `hit-extent.ts`), and
 * distinct-count estimates of sources and targets.
 *
 * Attacker lists leave out sources that were already talking to protected networks in ordinary
 * times ({@link SourceFlag.Known}) and sources none of whose records match a vector that carries a
 * real share of the attack: a client that only downloads during a SYN flood is not a bot.
 *
 * Pure: no I/O.
 */
import { formatAddress, type AddressWords } from '../core/ip.js';
import type { AttackerEntry, VectorShare } from './attack.js';
import { HyperLogLog } from './hyperloglog.js';
import { SpaceSaving } from './space-saving.js';
import { AMPLIFICATION_SERVICES, Vector, VECTOR_NAMES, VECTORS, type VectorName } from './vectors.js';

/** Bits of a source entry's flags beyond the vector bits (bit `v` = matched vector `v`). */
export const SourceFlag = {
  /** Seen in ordinary times before the attack: not listed. */
  Known: 1 << 16,
  /** The source lies inside a protected network. */
  Internal: 1 << 17,
  /** An internal source already reported as infected for this attack. */
  Reported: 1 << 18,
} as const;

const VECTOR_BITS = (1 << VECTORS) - 1;

/** Optional enrichment of an address with country and ASN. */
export type EnrichFunction = (words: Readonly<AddressWords>) => { readonly country?: string; readonly asn?: number } | undefined;

/** Per-attack counters and sketches. */
export class AttackAccumulator {
  readonly vectorPackets = new Float64Array(VECTORS);
  readonly vectorBytes = new Float64Array(VECTORS);
  readonly servicePackets = new Float64Array(AMPLIFICATION_SERVICES.length);
  readonly serviceBytes = new Float64Array(AMPLIFICATION_SERVICES.length);
  readonly sources: SpaceSaving;
  /** Destinations with their vector bits; prefix (carpet) attacks only. */
  readonly targets: SpaceSaving | undefined;
  readonly sourceCount = new HyperLogLog(0x2545f491);
  readonly targetCount = new HyperLogLog(0x4f1bbcdc);
  packets = 0;
  bytes = 0;

  constructor(sources: SpaceSaving, targets?: SpaceSaving) {
    this.sources = sources;
    this.targets = targets;
  }

  /** Counts one record's share of packets and bytes for its vector and reflected service (-1 if none). */
  count(vector: Vector, service: number, packets: number, bytes: number): void {
    this.packets += packets;
    this.bytes += bytes;
    this.vectorPackets[vector]! += packets;
    this.vectorBytes[vector]! += bytes;
    if (service >= 0) {
      this.servicePackets[service]! += packets;
      this.serviceBytes[service]! += bytes;
    }
  }

  /**
   * Vectors (and reflected services) of the attack, largest first: see {@link vectorMask}. Each
   * reflected service carrying at least half of `minShare` is named.
   */
  vectors(minShare: number, ordinaryPackets: number): VectorShare[] {
    const out: VectorShare[] = [];
    if (this.packets <= 0) return out;
    const mask = this.vectorMask(minShare, ordinaryPackets);
    for (let v = 0; v < VECTORS; v++) {
      if (v === Vector.Reflection || (mask & (1 << v)) === 0) continue;
      out.push({ vector: VECTOR_NAMES[v]!, packets: Math.round(this.vectorPackets[v]!), bytes: Math.round(this.vectorBytes[v]!), share: round4(this.vectorPackets[v]! / this.packets) });
    }
    if ((mask & (1 << Vector.Reflection)) !== 0) {
      AMPLIFICATION_SERVICES.forEach((s, i) => {
        const share = this.servicePackets[i]! / this.packets;
        // Each service that carries a real part of the reflection is named; tiny ones are folded away.
        if (share > 0 && share >= minShare / 2) {
          out.push({ vector: 'reflection', service: s.service, port: s.port, packets: Math.round(this.servicePackets[i]!), bytes: Math.round(this.serviceBytes[i]!), share: round4(share) });
        }
      });
    }
    return out.sort((a, b) => b.share - a.share);
  }

  /**
   * Bit mask of the attack's vectors: those carrying at least `minShare` of the packets and more
   * than `ordinaryPackets` — the target's whole traffic before the attack, over the same time —
   * so that ordinary traffic that goes on during a flood (downloads during a SYN flood) is not
   * taken for a vector. When no vector qualifies, the largest one; all vectors when nothing is
   * counted yet.
   */
  vectorMask(minShare: number, ordinaryPackets: number): number {
    if (this.packets <= 0) return VECTOR_BITS;
    let m = 0;
    let largest = 0;
    for (let v = 0; v < VECTORS; v++) {
      const p = this.vectorPackets[v]!;
      if (p > this.vectorPackets[largest]!) largest = v;
      if (p > 0 && p / this.packets >= minShare && p > ordinaryPackets) m |= 1 << v;
    }
    return m === 0 ? 1 << largest : m;
  }

  /**
   * Listed sources, largest first: not {@link SourceFlag.Known}, and matching a vector of `mask`.
   * At most `limit` entries; `enrich` fills country and ASN.
   */
  list(limit: number, mask: number, enrich?: EnrichFunction): AttackerEntry[] {
    const s = this.sources;
    const out: AttackerEntry[] = [];
    const total = s.total > 0 ? s.total : 1;
    const totalBytes = s.totalBytes > 0 ? s.totalBytes : 1;
    const listed = (e: number): boolean => {
      const f = s.flags[e]!;
      return (f & SourceFlag.Known) === 0 && (f & mask) !== 0;
    };
    for (const e of s.top(limit, listed)) {
      const f = s.flags[e]!;
      const o = e * 4;
      const words: AddressWords = [s.keys[o]!, s.keys[o + 1]!, s.keys[o + 2]!, s.keys[o + 3]!];
      const extra = enrich?.(words);
      out.push({
        address: formatAddress(...words),
        packets: Math.round(s.count[e]!),
        bytes: Math.round(s.bytes[e]!),
        packetShare: round6(s.count[e]! / total),
        byteShare: round6(s.bytes[e]! / totalBytes),
        firstSeen: s.first[e]!,
        lastSeen: s.last[e]!,
        vectors: vectorNames(f),
        errorBound: Math.round(s.error[e]!),
        ...(extra?.country !== undefined ? { country: extra.country } : {}),
        ...(extra?.asn !== undefined ? { asn: extra.asn } : {}),
      });
    }
    return out;
  }

  /** Number of entries {@link list} would return without a limit. */
  listable(mask: number): number {
    const s = this.sources;
    let n = 0;
    for (let e = 0; e < s.size; e++) {
      const f = s.flags[e]!;
      if ((f & SourceFlag.Known) === 0 && (f & mask) !== 0) n++;
    }
    return n;
  }
}

function vectorNames(flags: number): VectorName[] {
  const out: VectorName[] = [];
  for (let v = 0; v < VECTORS; v++) if ((flags & (1 << v)) !== 0) out.push(VECTOR_NAMES[v]!);
  return out;
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
