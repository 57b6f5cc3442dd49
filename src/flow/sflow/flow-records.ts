/**
 * The flow records of one sFlow v5 flow sample (sFlow Version 5, §5 "Flow Data Types"), gathered
 * into one reusable scratch struct before the sample becomes a flow record.
 *
 * Records understood: raw packet header (0:1, parsed with the packet parser: L2–L4 headers only,
 * never payload), sampled IPv4 (0:3) and IPv6 (0:4), extended switch (0:1001), extended router
 * (0:1002) and extended gateway (0:1003). Others (Ethernet frame data, extended URL, user, NAT,
 * vendor records, …) are skipped by length.
 *
 * Pure: no I/O.
 */
import { u32 } from '../bytes.js';
import { LinkType, PacketInfo, PacketStatus, parsePacket } from '../packet/packet-parser.js';

/** sFlow header_protocol values (sFlow v5 §5.1 "sampled_header"). */
const HEADER_ETHERNET = 1;
const HEADER_IPV4 = 11;
const HEADER_IPV6 = 12;

/** Outcome of reading a sample's records. */
export const RecordsStatus = { Ok: 0, BadSample: 1, BadPacketHeader: 2 } as const;
export type RecordsStatus = (typeof RecordsStatus)[keyof typeof RecordsStatus];

/** What the records of one flow sample said; reused for every sample. */
export class FlowSampleRecords {
  /** The sampled packet header parsed to an IP header. */
  readonly packet = new PacketInfo();
  hasPacket = false;
  /** frame_length of the raw packet header record, -1 when absent. */
  frameLength = -1;
  /** Sampled IPv4/IPv6 record: family 4 or 6, 0 when absent. */
  sampledVersion = 0;
  readonly sampledSrc = new Uint32Array(4);
  readonly sampledDst = new Uint32Array(4);
  sampledLength = 0;
  sampledProtocol = 0;
  sampledSrcPort = 0;
  sampledDstPort = 0;
  sampledTcpFlags = 0;
  sampledTos = 0;
  /** Extended switch: incoming 802.1Q VLAN, -1 when absent or out of range. */
  srcVlan = -1;
  /** Extended router / gateway next hop (IPv4 mapped), `nextHopSet` when present. */
  readonly nextHop = new Uint32Array(4);
  nextHopSet = false;
  srcMask = 0;
  dstMask = 0;
  srcAs = 0;
  dstAs = 0;

  /** Resets for the next sample. */
  clear(): void {
    this.hasPacket = false;
    this.frameLength = -1;
    this.sampledVersion = 0;
    this.srcVlan = -1;
    this.nextHop.fill(0);
    this.nextHopSet = false;
    this.srcMask = 0;
    this.dstMask = 0;
    this.srcAs = 0;
    this.dstAs = 0;
  }

  /**
   * Reads `count` flow records at `d[p, end)`.
   * @returns {@link RecordsStatus.BadSample} when a record length is inconsistent (the sample is
   *   dropped), {@link RecordsStatus.BadPacketHeader} when a raw header could not be parsed to an IP
   *   header (the sample is kept), else Ok.
   */
  read(d: Uint8Array, p: number, end: number, count: number): RecordsStatus {
    this.clear();
    let status: RecordsStatus = RecordsStatus.Ok;
    for (let r = 0; r < count; r++) {
      if (end - p < 8) return RecordsStatus.BadSample;
      const format = u32(d, p);
      const length = u32(d, p + 4);
      p += 8;
      if (length > end - p) return RecordsStatus.BadSample;
      const s = this.#record(d, p, p + length, format);
      if (s === RecordsStatus.BadSample) return s;
      if (s !== RecordsStatus.Ok) status = s;
      // XDR opaque data is padded to a multiple of 4 bytes.
      p += (length + 3) & ~3;
    }
    return status;
  }

  #record(d: Uint8Array, p: number, end: number, format: number): RecordsStatus {
    const len = end - p;
    switch (format) {
      case 1:
        return this.#rawHeader(d, p, end);
      case 3:
        if (len < 32) return RecordsStatus.BadSample;
        this.sampledVersion = 4;
        mapV4(this.sampledSrc, u32(d, p + 8));
        mapV4(this.sampledDst, u32(d, p + 12));
        this.#sampledL4(d, p, 16);
        return RecordsStatus.Ok;
      case 4:
        if (len < 56) return RecordsStatus.BadSample;
        this.sampledVersion = 6;
        for (let k = 0; k < 4; k++) {
          this.sampledSrc[k] = u32(d, p + 8 + k * 4);
          this.sampledDst[k] = u32(d, p + 24 + k * 4);
        }
        this.#sampledL4(d, p, 40);
        return RecordsStatus.Ok;
      case 1001:
        if (len < 16) return RecordsStatus.BadSample;
        {
          const vlan = u32(d, p);
          this.srcVlan = vlan <= 4095 ? vlan : -1;
        }
        return RecordsStatus.Ok;
      case 1002: {
        const q = this.#address(d, p, end, true);
        if (q < 0 || end - q < 8) return RecordsStatus.BadSample;
        this.srcMask = Math.min(u32(d, q), 128);
        this.dstMask = Math.min(u32(d, q + 4), 128);
        return RecordsStatus.Ok;
      }
      case 1003:
        return this.#gateway(d, p, end);
      default:
        return RecordsStatus.Ok;
    }
  }

  /** length and protocol at `p`, then ports, flags and ToS after the addresses at `p + at`. */
  #sampledL4(d: Uint8Array, p: number, at: number): void {
    this.sampledLength = u32(d, p);
    this.sampledProtocol = u32(d, p + 4) & 0xff;
    this.sampledSrcPort = u32(d, p + at) & 0xffff;
    this.sampledDstPort = u32(d, p + at + 4) & 0xffff;
    this.sampledTcpFlags = u32(d, p + at + 8) & 0xffff;
    this.sampledTos = u32(d, p + at + 12) & 0xff;
  }

  #rawHeader(d: Uint8Array, p: number, end: number): RecordsStatus {
    if (end - p < 16) return RecordsStatus.BadSample;
    const protocol = u32(d, p);
    this.frameLength = u32(d, p + 4);
    const headerLength = u32(d, p + 12);
    const h = p + 16;
    if (headerLength > end - h) return RecordsStatus.BadSample;
    let link: LinkType;
    if (protocol === HEADER_ETHERNET) link = LinkType.Ethernet;
    else if (protocol === HEADER_IPV4 || protocol === HEADER_IPV6) link = LinkType.Ip;
    else return RecordsStatus.BadPacketHeader;
    const status = parsePacket(d, h, h + headerLength, link, this.packet);
    this.hasPacket = status === PacketStatus.Ok;
    return status === PacketStatus.Truncated ? RecordsStatus.BadPacketHeader : RecordsStatus.Ok;
  }

  /**
   * Reads an sFlow `address` (type 1 IPv4, 2 IPv6) at `p` into the next hop when `set`.
   * @returns the offset after it, or -1 when malformed.
   */
  #address(d: Uint8Array, p: number, end: number, set: boolean): number {
    if (end - p < 4) return -1;
    const type = u32(d, p);
    p += 4;
    if (type === 1) {
      if (end - p < 4) return -1;
      if (set) {
        mapV4(this.nextHop, u32(d, p));
        this.nextHopSet = true;
      }
      return p + 4;
    }
    if (type === 2) {
      if (end - p < 16) return -1;
      if (set) {
        for (let k = 0; k < 4; k++) this.nextHop[k] = u32(d, p + k * 4);
        this.nextHopSet = true;
      }
      return p + 16;
    }
    return type === 0 ? p : -1;
  }

  /**
   * Extended gateway (0:1003): next hop, router AS, source AS, source peer AS, destination AS
   * path. The destination AS is the last AS of the last path segment (the origin).
   */
  #gateway(d: Uint8Array, p: number, end: number): RecordsStatus {
    // The router's next hop wins over the gateway's BGP next hop when both are present.
    p = this.#address(d, p, end, !this.nextHopSet);
    if (p < 0 || end - p < 16) return RecordsStatus.BadSample;
    this.srcAs = u32(d, p + 4);
    const segments = u32(d, p + 12);
    p += 16;
    let last = 0;
    for (let s = 0; s < segments; s++) {
      if (end - p < 8) return RecordsStatus.BadSample;
      const n = u32(d, p + 4);
      p += 8;
      if (n > (end - p) / 4) return RecordsStatus.BadSample;
      if (n > 0) last = u32(d, p + (n - 1) * 4);
      p += n * 4;
    }
    this.dstAs = last;
    return RecordsStatus.Ok;
  }
}

/** Writes an IPv4 address as IPv4-mapped words. */
function mapV4(out: Uint32Array, v4: number): void {
  out[0] = 0;
  out[1] = 0;
  out[2] = 0xffff;
  out[3] = v4;
}
