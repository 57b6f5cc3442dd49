/**
 * The true traffic a simulation tick produces, before any exporter sees it: a growable
 * struct-of-arrays of packet rows. A row is `count` identical packets of one flow spread evenly
 * over `[timeMs, timeMs + spanMs]` (long benign flows), or a single packet (`count` 1, floods whose
 * every packet has its own random fields). No object per packet; the batch is reused every tick.
 *
 * Pure: no I/O.
 */

/** Bits of {@link PacketBatch.flags}. */
export const RowFlags = {
  /** The packet leaves the protected network (its source is inside). */
  Outbound: 1,
  /** GRE payload is Ethernet (transparent Ethernet bridging, 0x6558) rather than IPv4. */
  GreEthernet: 2,
} as const;

/** IPv4-style fragment field bits, also used for IPv6 fragment headers. */
export const Frag = {
  DontFragment: 0x4000,
  MoreFragments: 0x2000,
  /** Mask of the fragment offset in 8-octet units (RFC 791 §3.1). */
  OffsetMask: 0x1fff,
} as const;

/** Network index meaning "no protected network". */
export const NO_NETWORK = 255;

const INITIAL_ROWS = 4096;

/** A growable batch of packet rows. */
export class PacketBatch {
  length = 0;
  capacity = 0;
  timeMs = new Float64Array(0);
  spanMs = new Float32Array(0);
  count = new Uint32Array(0);
  /** IP total length of each packet (IPv6: 40 + payload length). */
  ipLen = new Uint16Array(0);
  ipVersion = new Uint8Array(0);
  /** Source address, four words per row (IPv4 mapped, see core/ip.ts). */
  src = new Uint32Array(0);
  dst = new Uint32Array(0);
  protocol = new Uint8Array(0);
  srcPort = new Uint16Array(0);
  dstPort = new Uint16Array(0);
  /** ICMP type × 256 + code. */
  icmpTypeCode = new Uint16Array(0);
  tcpFlags = new Uint8Array(0);
  tos = new Uint8Array(0);
  ttl = new Uint8Array(0);
  /** {@link Frag} bits and offset. */
  frag = new Uint16Array(0);
  /** For a first fragment: the transport length of the whole (reassembled) datagram; else 0. */
  datagramLen = new Uint16Array(0);
  /** Index of the protected network the row belongs to, or {@link NO_NETWORK}. */
  network = new Uint8Array(0);
  /** {@link RowFlags}. */
  flags = new Uint8Array(0);
  /** 0 for benign traffic, else 1 + the index of the truth item (attack occurrence or beacon) that made it. */
  origin = new Uint16Array(0);

  constructor(capacity = INITIAL_ROWS) {
    this.#grow(capacity);
  }

  /** Empties the batch; the arrays are kept. */
  clear(): void {
    this.length = 0;
  }

  /**
   * Appends a row with the per-row defaults (one packet, no span, no flags) and returns its index;
   * the caller fills the remaining columns.
   */
  add(timeMs: number, ipVersion: 4 | 6, protocol: number, ipLen: number, network: number, origin: number): number {
    if (this.length === this.capacity) this.#grow(this.capacity * 2);
    const i = this.length++;
    this.timeMs[i] = timeMs;
    this.spanMs[i] = 0;
    this.count[i] = 1;
    this.ipLen[i] = ipLen;
    this.ipVersion[i] = ipVersion;
    this.protocol[i] = protocol;
    this.srcPort[i] = 0;
    this.dstPort[i] = 0;
    this.icmpTypeCode[i] = 0;
    this.tcpFlags[i] = 0;
    this.tos[i] = 0;
    this.ttl[i] = 64;
    this.frag[i] = 0;
    this.datagramLen[i] = 0;
    this.network[i] = network;
    this.flags[i] = 0;
    this.origin[i] = origin;
    return i;
  }

  /** Sets both addresses of row `i` from word arrays at the given word offsets. */
  setAddresses(i: number, src: Uint32Array, srcOff: number, dst: Uint32Array, dstOff: number): void {
    const o = i * 4;
    this.src[o] = src[srcOff]!;
    this.src[o + 1] = src[srcOff + 1]!;
    this.src[o + 2] = src[srcOff + 2]!;
    this.src[o + 3] = src[srcOff + 3]!;
    this.dst[o] = dst[dstOff]!;
    this.dst[o + 1] = dst[dstOff + 1]!;
    this.dst[o + 2] = dst[dstOff + 2]!;
    this.dst[o + 3] = dst[dstOff + 3]!;
  }

  /** Total packets over all rows. */
  totalPackets(): number {
    let n = 0;
    for (let i = 0; i < this.length; i++) n += this.count[i]!;
    return n;
  }

  #grow(capacity: number): void {
    const n = this.length;
    this.timeMs = copy(new Float64Array(capacity), this.timeMs, n);
    this.spanMs = copy(new Float32Array(capacity), this.spanMs, n);
    this.count = copy(new Uint32Array(capacity), this.count, n);
    this.ipLen = copy(new Uint16Array(capacity), this.ipLen, n);
    this.ipVersion = copy(new Uint8Array(capacity), this.ipVersion, n);
    this.src = copy(new Uint32Array(capacity * 4), this.src, n * 4);
    this.dst = copy(new Uint32Array(capacity * 4), this.dst, n * 4);
    this.protocol = copy(new Uint8Array(capacity), this.protocol, n);
    this.srcPort = copy(new Uint16Array(capacity), this.srcPort, n);
    this.dstPort = copy(new Uint16Array(capacity), this.dstPort, n);
    this.icmpTypeCode = copy(new Uint16Array(capacity), this.icmpTypeCode, n);
    this.tcpFlags = copy(new Uint8Array(capacity), this.tcpFlags, n);
    this.tos = copy(new Uint8Array(capacity), this.tos, n);
    this.ttl = copy(new Uint8Array(capacity), this.ttl, n);
    this.frag = copy(new Uint16Array(capacity), this.frag, n);
    this.datagramLen = copy(new Uint16Array(capacity), this.datagramLen, n);
    this.network = copy(new Uint8Array(capacity), this.network, n);
    this.flags = copy(new Uint8Array(capacity), this.flags, n);
    this.origin = copy(new Uint16Array(capacity), this.origin, n);
    this.capacity = capacity;
  }
}

function copy<T extends Float64Array | Float32Array | Uint32Array | Uint16Array | Uint8Array>(to: T, from: T, n: number): T {
  if (n > 0) to.set(from.subarray(0, n) as never);
  return to;
}
