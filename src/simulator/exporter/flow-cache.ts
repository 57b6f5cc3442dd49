/**
 * A router's flow cache, the part of a NetFlow/IPFIX exporter that turns packets into flow
 * records (RFC 3954 §2, RFC 7011 §2 "Metering Process"). Packets of one flow key accumulate in an
 * entry; the entry is exported when the flow has been idle for the inactive timeout, when it has
 * lasted the active timeout (so a long download appears as a string of records spanning up to the
 * active timeout each — what makes naive per-record rate detectors see false spikes), when a TCP
 * FIN or RST ends it, or early when the cache is full (emergency expiry, as routers do).
 *
 * A typed-array hash table with chaining: no object per flow, no string keys. Pure: no I/O.
 */
import { FlowRecords, FragmentFlagBits } from '../encode/flow-records.js';
import { Frag, type PacketBatch } from '../traffic/packet-batch.js';

/** Settings of a flow cache. */
export interface FlowCacheOptions {
  readonly activeTimeoutMs: number;
  readonly inactiveTimeoutMs: number;
  /** Most entries held; when full, idle entries are expired early. */
  readonly maxEntries: number;
}

/** Idle time after which an entry may be evicted when the cache is full. */
const EMERGENCY_IDLE_MS = 1000;
const INITIAL_ENTRIES = 4096;

/** The cache. Expired flows are appended to {@link FlowCache.exports}. */
export class FlowCache {
  /** Flow records expired and waiting for the export process. */
  readonly exports = new FlowRecords();
  /** Live entries. */
  size = 0;
  /** Times the cache was full and expired entries early. */
  emergencyExpiries = 0;
  readonly #o: FlowCacheOptions;
  #cap = 0;
  #mask = 0;
  #buckets = new Int32Array(0);
  #next = new Int32Array(0);
  #freeHead = -1;
  #hwm = 0;
  // Key columns.
  #hash = new Uint32Array(0);
  #ver = new Uint8Array(0);
  #src = new Uint32Array(0);
  #dst = new Uint32Array(0);
  #ports = new Uint32Array(0);
  #proto = new Uint8Array(0);
  #tos = new Uint8Array(0);
  #icmp = new Uint16Array(0);
  #inIf = new Uint32Array(0);
  #outIf = new Uint32Array(0);
  #vlan = new Uint16Array(0);
  // Accumulated columns.
  #packets = new Float64Array(0);
  #bytes = new Float64Array(0);
  #first = new Float64Array(0);
  #last = new Float64Array(0);
  #tcpFlags = new Uint8Array(0);
  #fragFlags = new Uint8Array(0);
  #fragOffset = new Uint16Array(0);

  constructor(options: FlowCacheOptions) {
    this.#o = options;
    this.#resize(Math.min(INITIAL_ENTRIES, options.maxEntries));
  }

  /**
   * Accounts `packets` sampled packets (`bytes` octets) of packet row `i`, seen between `firstMs`
   * and `lastMs`, on the given interfaces.
   */
  add(b: PacketBatch, i: number, packets: number, bytes: number, firstMs: number, lastMs: number, inIf: number, outIf: number, vlan: number): void {
    const proto = b.protocol[i]!;
    const frag = b.frag[i]!;
    // Flows of ICMP, GRE and non-first fragments have no transport ports.
    const hasPorts = (proto === 6 || proto === 17) && (frag & Frag.OffsetMask) === 0;
    const ports = hasPorts ? ((b.srcPort[i]! << 16) | b.dstPort[i]!) >>> 0 : 0;
    const icmp = proto === 1 || proto === 58 ? b.icmpTypeCode[i]! : 0;
    const w = i * 4;
    let h = Math.imul(b.src[w + 3]! ^ Math.imul(b.src[w + 1]!, 0x9e3779b1), 0x85ebca6b);
    h = Math.imul(h ^ b.dst[w + 3]! ^ Math.imul(b.dst[w + 1]!, 0x27d4eb2f), 0xc2b2ae35);
    h = Math.imul(h ^ ports ^ (proto << 24) ^ icmp ^ Math.imul(b.src[w]! ^ b.dst[w]! ^ b.src[w + 2]!, 0x165667b1), 0x9e3779b1);
    h = (h ^ (h >>> 15) ^ inIf) >>> 0;
    let e = this.#find(h, b, w, ports, proto, icmp, b.tos[i]!, inIf);
    if (e < 0) {
      e = this.#insert(h, lastMs);
      this.#hash[e] = h;
      this.#ver[e] = b.ipVersion[i]!;
      copy4(this.#src, e * 4, b.src, w);
      copy4(this.#dst, e * 4, b.dst, w);
      this.#ports[e] = ports;
      this.#proto[e] = proto;
      this.#tos[e] = b.tos[i]!;
      this.#icmp[e] = icmp;
      this.#inIf[e] = inIf;
      this.#outIf[e] = outIf;
      this.#vlan[e] = vlan;
      this.#packets[e] = 0;
      this.#bytes[e] = 0;
      this.#first[e] = firstMs;
      this.#last[e] = lastMs;
      this.#tcpFlags[e] = 0;
      this.#fragFlags[e] = 0;
      this.#fragOffset[e] = frag & Frag.OffsetMask;
    }
    this.#packets[e]! += packets;
    this.#bytes[e]! += bytes;
    if (firstMs < this.#first[e]!) this.#first[e] = firstMs;
    if (lastMs > this.#last[e]!) this.#last[e] = lastMs;
    this.#tcpFlags[e]! |= b.tcpFlags[i]!;
    this.#fragFlags[e]! |= (frag & Frag.DontFragment ? FragmentFlagBits.DontFragment : 0) | (frag & Frag.MoreFragments ? FragmentFlagBits.MoreFragments : 0);
  }

  /**
   * Exports entries due at `nowMs` (inactive, active or TCP-finished) into {@link exports};
   * with `all`, exports every entry (exporter shutdown).
   */
  expire(nowMs: number, all = false): void {
    this.#sweep(nowMs, all ? Number.POSITIVE_INFINITY : this.#o.inactiveTimeoutMs, all);
  }

  #sweep(nowMs: number, idleMs: number, all: boolean): void {
    const active = this.#o.activeTimeoutMs;
    for (let k = 0; k <= this.#mask; k++) {
      let prev = -1;
      let e = this.#buckets[k]!;
      while (e >= 0) {
        const next = this.#next[e]!;
        const ended = (this.#tcpFlags[e]! & 0x05) !== 0; // FIN or RST
        if (all || ended || nowMs - this.#last[e]! >= idleMs || nowMs - this.#first[e]! >= active) {
          this.#export(e);
          if (prev < 0) this.#buckets[k] = next;
          else this.#next[prev] = next;
          this.#next[e] = this.#freeHead;
          this.#freeHead = e;
          this.size--;
        } else {
          prev = e;
        }
        e = next;
      }
    }
  }

  #find(h: number, b: PacketBatch, w: number, ports: number, proto: number, icmp: number, tos: number, inIf: number): number {
    let e = this.#buckets[h & this.#mask]!;
    while (e >= 0) {
      const x = e * 4;
      if (
        this.#hash[e] === h &&
        this.#ports[e] === ports &&
        this.#proto[e] === proto &&
        this.#icmp[e] === icmp &&
        this.#tos[e] === tos &&
        this.#inIf[e] === inIf &&
        this.#src[x + 3] === b.src[w + 3] &&
        this.#dst[x + 3] === b.dst[w + 3] &&
        this.#src[x] === b.src[w] &&
        this.#src[x + 1] === b.src[w + 1] &&
        this.#src[x + 2] === b.src[w + 2] &&
        this.#dst[x] === b.dst[w] &&
        this.#dst[x + 1] === b.dst[w + 1] &&
        this.#dst[x + 2] === b.dst[w + 2]
      ) {
        return e;
      }
      e = this.#next[e]!;
    }
    return -1;
  }

  #insert(h: number, nowMs: number): number {
    if (this.#freeHead < 0 && this.#hwm === this.#cap) {
      if (this.#cap < this.#o.maxEntries) this.#resize(Math.min(this.#cap * 2, this.#o.maxEntries));
      else this.#emergency(nowMs);
    }
    let e: number;
    if (this.#freeHead >= 0) {
      e = this.#freeHead;
      this.#freeHead = this.#next[e]!;
    } else {
      e = this.#hwm++;
    }
    const k = h & this.#mask;
    this.#next[e] = this.#buckets[k]!;
    this.#buckets[k] = e;
    this.size++;
    return e;
  }

  /** Full cache: expire entries idle for a second, or everything if that frees nothing. */
  #emergency(nowMs: number): void {
    this.emergencyExpiries++;
    this.#sweep(nowMs, EMERGENCY_IDLE_MS, false);
    if (this.#freeHead < 0) this.#sweep(nowMs, 0, true);
  }

  #export(e: number): void {
    const r = this.exports;
    const i = r.add();
    r.ipVersion[i] = this.#ver[e]!;
    copy4(r.src, i * 4, this.#src, e * 4);
    copy4(r.dst, i * 4, this.#dst, e * 4);
    r.srcPort[i] = this.#ports[e]! >>> 16;
    r.dstPort[i] = this.#ports[e]! & 0xffff;
    r.protocol[i] = this.#proto[e]!;
    r.tos[i] = this.#tos[e]!;
    r.icmpTypeCode[i] = this.#icmp[e]!;
    r.tcpFlags[i] = this.#tcpFlags[e]!;
    r.fragFlags[i] = this.#fragFlags[e]!;
    r.fragOffset[i] = this.#fragOffset[e]!;
    r.packets[i] = this.#packets[e]!;
    r.bytes[i] = this.#bytes[e]!;
    r.startMs[i] = this.#first[e]!;
    r.endMs[i] = this.#last[e]!;
    r.inputIf[i] = this.#inIf[e]!;
    r.outputIf[i] = this.#outIf[e]!;
    r.vlan[i] = this.#vlan[e]!;
  }

  #resize(cap: number): void {
    const old = this.#cap;
    const grow = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array | Int32Array>(make: new (n: number) => T, a: T, per = 1): T => {
      const x = new make(cap * per);
      if (old > 0) x.set(a as never);
      return x;
    };
    this.#next = grow(Int32Array, this.#next);
    this.#hash = grow(Uint32Array, this.#hash);
    this.#ver = grow(Uint8Array, this.#ver);
    this.#src = grow(Uint32Array, this.#src, 4);
    this.#dst = grow(Uint32Array, this.#dst, 4);
    this.#ports = grow(Uint32Array, this.#ports);
    this.#proto = grow(Uint8Array, this.#proto);
    this.#tos = grow(Uint8Array, this.#tos);
    this.#icmp = grow(Uint16Array, this.#icmp);
    this.#inIf = grow(Uint32Array, this.#inIf);
    this.#outIf = grow(Uint32Array, this.#outIf);
    this.#vlan = grow(Uint16Array, this.#vlan);
    this.#packets = grow(Float64Array, this.#packets);
    this.#bytes = grow(Float64Array, this.#bytes);
    this.#first = grow(Float64Array, this.#first);
    this.#last = grow(Float64Array, this.#last);
    this.#tcpFlags = grow(Uint8Array, this.#tcpFlags);
    this.#fragFlags = grow(Uint8Array, this.#fragFlags);
    this.#fragOffset = grow(Uint16Array, this.#fragOffset);
    this.#cap = cap;
    // Rehash every live entry into a bucket array of twice the capacity (load factor <= 0.5).
    let nb = 1;
    while (nb < cap * 2) nb <<= 1;
    this.#mask = nb - 1;
    const oldBuckets = this.#buckets;
    this.#buckets = new Int32Array(nb).fill(-1);
    for (let k = 0; k < oldBuckets.length; k++) {
      let e = oldBuckets[k]!;
      while (e >= 0) {
        const next = this.#next[e]!;
        const nk = this.#hash[e]! & this.#mask;
        this.#next[e] = this.#buckets[nk]!;
        this.#buckets[nk] = e;
        e = next;
      }
    }
  }
}

function copy4(to: Uint32Array, o: number, from: Uint32Array, f: number): void {
  to[o] = from[f]!;
  to[o + 1] = from[f + 1]!;
  to[o + 2] = from[f + 2]!;
  to[o + 3] = from[f + 3]!;
}
