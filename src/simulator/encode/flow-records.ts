/**
 * Flow records waiting to be encoded by a NetFlow v5/v9 or IPFIX encoder: what a router's flow
 * cache hands its export process. A growable struct-of-arrays, reused between exports.
 *
 * Counts are as exported (after the exporter's packet sampling); times are milliseconds since the
 * Unix epoch. Pure: no I/O.
 */

/** Bits of {@link FlowRecords.fragFlags}, as IPFIX fragmentFlags (IANA IE 197): the IPv4 flag bits in the top of the octet. */
export const FragmentFlagBits = {
  /** DF: Don't Fragment (bit 1 counted from the most significant bit). */
  DontFragment: 0x40,
  /** MF: More Fragments. */
  MoreFragments: 0x20,
} as const;

const INITIAL = 256;

/** A growable batch of flow records. */
export class FlowRecords {
  length = 0;
  capacity = 0;
  ipVersion = new Uint8Array(0);
  src = new Uint32Array(0);
  dst = new Uint32Array(0);
  nextHop = new Uint32Array(0);
  srcPort = new Uint16Array(0);
  dstPort = new Uint16Array(0);
  protocol = new Uint8Array(0);
  tcpFlags = new Uint8Array(0);
  tos = new Uint8Array(0);
  /** ICMP type × 256 + code. */
  icmpTypeCode = new Uint16Array(0);
  /** {@link FragmentFlagBits}, OR of the flow's packets. */
  fragFlags = new Uint8Array(0);
  /** Fragment offset (8-octet units) of the flow's first packet. */
  fragOffset = new Uint16Array(0);
  packets = new Float64Array(0);
  bytes = new Float64Array(0);
  startMs = new Float64Array(0);
  endMs = new Float64Array(0);
  inputIf = new Uint32Array(0);
  outputIf = new Uint32Array(0);
  srcAs = new Uint32Array(0);
  dstAs = new Uint32Array(0);
  srcMask = new Uint8Array(0);
  dstMask = new Uint8Array(0);
  /** 0 ingress, 1 egress (IPFIX flowDirection, IE 61). */
  direction = new Uint8Array(0);
  vlan = new Uint16Array(0);

  constructor(capacity = INITIAL) {
    this.#grow(capacity);
  }

  /** Empties the batch; arrays are kept. */
  clear(): void {
    this.length = 0;
  }

  /** Appends a zeroed record and returns its index. */
  add(): number {
    if (this.length === this.capacity) this.#grow(this.capacity * 2);
    const i = this.length++;
    const o = i * 4;
    this.src.fill(0, o, o + 4);
    this.dst.fill(0, o, o + 4);
    this.nextHop.fill(0, o, o + 4);
    this.ipVersion[i] = 4;
    this.srcPort[i] = 0;
    this.dstPort[i] = 0;
    this.protocol[i] = 0;
    this.tcpFlags[i] = 0;
    this.tos[i] = 0;
    this.icmpTypeCode[i] = 0;
    this.fragFlags[i] = 0;
    this.fragOffset[i] = 0;
    this.packets[i] = 0;
    this.bytes[i] = 0;
    this.startMs[i] = 0;
    this.endMs[i] = 0;
    this.inputIf[i] = 0;
    this.outputIf[i] = 0;
    this.srcAs[i] = 0;
    this.dstAs[i] = 0;
    this.srcMask[i] = 0;
    this.dstMask[i] = 0;
    this.direction[i] = 0;
    this.vlan[i] = 0;
    return i;
  }

  #grow(capacity: number): void {
    const n = this.length;
    const g = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(make: new (n: number) => T, old: T, per = 1): T => {
      const a = new make(capacity * per);
      if (n > 0) a.set(old.subarray(0, n * per) as never);
      return a;
    };
    this.ipVersion = g(Uint8Array, this.ipVersion);
    this.src = g(Uint32Array, this.src, 4);
    this.dst = g(Uint32Array, this.dst, 4);
    this.nextHop = g(Uint32Array, this.nextHop, 4);
    this.srcPort = g(Uint16Array, this.srcPort);
    this.dstPort = g(Uint16Array, this.dstPort);
    this.protocol = g(Uint8Array, this.protocol);
    this.tcpFlags = g(Uint8Array, this.tcpFlags);
    this.tos = g(Uint8Array, this.tos);
    this.icmpTypeCode = g(Uint16Array, this.icmpTypeCode);
    this.fragFlags = g(Uint8Array, this.fragFlags);
    this.fragOffset = g(Uint16Array, this.fragOffset);
    this.packets = g(Float64Array, this.packets);
    this.bytes = g(Float64Array, this.bytes);
    this.startMs = g(Float64Array, this.startMs);
    this.endMs = g(Float64Array, this.endMs);
    this.inputIf = g(Uint32Array, this.inputIf);
    this.outputIf = g(Uint32Array, this.outputIf);
    this.srcAs = g(Uint32Array, this.srcAs);
    this.dstAs = g(Uint32Array, this.dstAs);
    this.srcMask = g(Uint8Array, this.srcMask);
    this.dstMask = g(Uint8Array, this.dstMask);
    this.direction = g(Uint8Array, this.direction);
    this.vlan = g(Uint16Array, this.vlan);
    this.capacity = capacity;
  }
}
