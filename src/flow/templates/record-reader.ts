/**
 * Walks the records of a NetFlow v9 / IPFIX data set with a compiled {@link FieldPlan}, writing
 * straight into the {@link FlowBatch} columns. Templates that allow it are decoded column by
 * column (`columnar-reader.ts`); the others — variable-length fields, both address families,
 * frame sections, per-record time bases, PSAMP parameters — record by record here.
 *
 * Per record: no allocation, no lookup other than a sampler id when the template carries one.
 * Values that depend on other fields (times relative to system uptime, the address family of
 * templates carrying both IPv4 and IPv6 fields, sampling parameters, fragment bits, the packet
 * behind a dataLinkFrameSection) are held in scratch and resolved when the record ends.
 *
 * Pure: no I/O.
 */
import { Direction, type FlowBatch, type FlowSink } from '../flow-batch.js';
import { ntpToMs, u16, u32, u64, uN } from '../bytes.js';
import { LinkType, PacketInfo, PacketStatus, parsePacket } from '../packet/packet-parser.js';
import { Op, type FieldPlan } from './field-plan.js';
import { readColumns } from './columnar-reader.js';
import { secondsToMs } from './export-time.js';
import { fragmentBits, NONE, ReadStatus, RecordScratch, type SetContext, uptimeStartMs, uptimeToMs } from './record-scratch.js';

/** Reads data records. One instance per decoder; not re-entrant. */
export class RecordReader {
  /** Records appended by the last {@link readData} call. */
  records = 0;
  /** Use the column-by-column fast path where the template allows; tests turn it off to compare. */
  columnar = true;
  readonly #s = new RecordScratch();
  readonly #alt = new Uint32Array(12);
  readonly #packet = new PacketInfo();
  #altMaskSrc = -1;
  #altMaskDst = -1;
  #altNextHop = false;
  #ipVersion = 0;
  #startUp = NONE;
  #endUp = NONE;

  #reset(): void {
    this.#s.reset();
    this.#ipVersion = 0;
    this.#startUp = NONE;
    this.#endUp = NONE;
    this.#altNextHop = false;
    this.#altMaskSrc = this.#altMaskDst = -1;
  }

  /** Ends a set on a bad length, leaving no scratch behind for the next record. */
  #bad(): number {
    this.#alt.fill(0);
    return ReadStatus.BadLength;
  }

  /**
   * Appends the data records of `d[p, end)` to the sink. Trailing bytes shorter than a record are
   * padding (RFC 7011 §3.3.1). A variable-length field running past the set is a bad length: the
   * record is dropped and the rest of the set skipped.
   */
  readData(d: Uint8Array, p: number, end: number, plan: FieldPlan, ctx: SetContext, sink: FlowSink): number {
    this.records = 0;
    if (plan.columnar && this.columnar) {
      this.records = readColumns(d, p, end, plan, ctx, sink);
      return ReadStatus.Ok;
    }
    const ops = plan.ops;
    const nOps = ops.length;
    const variable = plan.fixedLength < 0;
    const s = this.#s;
    let b = sink.current();
    while (end - p >= plan.minLength) {
      if (b.length >= b.capacity) b = sink.flush(b);
      const i = b.begin();
      this.#reset();
      for (let k = 0; k < nOps; k += 2) {
        const op = ops[k]!;
        let len = ops[k + 1]!;
        if (variable) {
          len = s.fieldLength(d, p, end, len);
          if (len < 0) return this.#bad();
          p = s.cursor;
        }
        if (op !== Op.Skip) this.#field(d, p, len, op, b, i, ctx);
        p += len;
      }
      this.#finish(d, b, i, plan, ctx);
      b.commit();
      this.records++;
    }
    return ReadStatus.Ok;
  }

  #field(d: Uint8Array, p: number, len: number, op: number, b: FlowBatch, i: number, ctx: SetContext): void {
    const o = i * 4;
    switch (op) {
      case Op.Bytes:
        b.bytes[i] = uN(d, p, len);
        return;
      case Op.Packets:
        b.packets[i] = uN(d, p, len);
        return;
      case Op.Protocol:
        b.protocol[i] = d[p]!;
        return;
      case Op.Tos:
        b.tos[i] = d[p]!;
        return;
      case Op.TcpFlags:
        b.tcpFlags[i] = len === 1 ? d[p]! : u16(d, p);
        return;
      case Op.SrcPort:
        b.srcPort[i] = len === 2 ? u16(d, p) : d[p]!;
        return;
      case Op.DstPort:
        b.dstPort[i] = len === 2 ? u16(d, p) : d[p]!;
        return;
      case Op.SrcV4:
        b.srcAddr[o + 2] = 0xffff;
        b.srcAddr[o + 3] = u32(d, p);
        return;
      case Op.DstV4:
        b.dstAddr[o + 2] = 0xffff;
        b.dstAddr[o + 3] = u32(d, p);
        return;
      case Op.NextHopV4:
        b.nextHop[o + 2] = 0xffff;
        b.nextHop[o + 3] = u32(d, p);
        return;
      case Op.SrcV6:
        words(d, p, b.srcAddr, o);
        return;
      case Op.DstV6:
        words(d, p, b.dstAddr, o);
        return;
      case Op.NextHopV6:
        words(d, p, b.nextHop, o);
        return;
      case Op.SrcV6Alt:
        words(d, p, this.#alt, 0);
        return;
      case Op.DstV6Alt:
        words(d, p, this.#alt, 4);
        return;
      case Op.NextHopV6Alt:
        words(d, p, this.#alt, 8);
        this.#altNextHop = true;
        return;
      case Op.SrcMaskV4:
      case Op.SrcMaskV6:
        b.srcMask[i] = d[p]!;
        return;
      case Op.DstMaskV4:
      case Op.DstMaskV6:
        b.dstMask[i] = d[p]!;
        return;
      case Op.SrcMaskV6Alt:
        this.#altMaskSrc = d[p]!;
        return;
      case Op.DstMaskV6Alt:
        this.#altMaskDst = d[p]!;
        return;
      case Op.InIf:
        b.inputIf[i] = uN(d, p, len);
        return;
      case Op.OutIf:
        b.outputIf[i] = uN(d, p, len);
        return;
      case Op.SrcAs:
        b.srcAs[i] = uN(d, p, len);
        return;
      case Op.DstAs:
        b.dstAs[i] = uN(d, p, len);
        return;
      case Op.Vlan:
        b.vlan[i] = (len === 2 ? u16(d, p) : d[p]!) & 0x0fff;
        return;
      case Op.Direction: {
        const v = d[p]!;
        b.direction[i] = v <= 1 ? v : Direction.Unknown;
        return;
      }
      default:
        this.#rareField(d, p, len, op, b, i, ctx);
    }
  }

  #rareField(d: Uint8Array, p: number, len: number, op: number, b: FlowBatch, i: number, ctx: SetContext): void {
    switch (op) {
      case Op.IpVersion:
        this.#ipVersion = d[p]!;
        return;
      case Op.StartUptime:
        this.#startUp = u32(d, p);
        return;
      case Op.EndUptime:
        this.#endUp = u32(d, p);
        return;
      case Op.StartSeconds:
        b.startMs[i] = secondsToMs(u32(d, p), ctx.exportMs);
        return;
      case Op.EndSeconds:
        b.endMs[i] = secondsToMs(u32(d, p), ctx.exportMs);
        return;
      case Op.StartMillis:
        b.startMs[i] = u64(d, p);
        return;
      case Op.EndMillis:
        b.endMs[i] = u64(d, p);
        return;
      case Op.StartNtp:
        b.startMs[i] = ntpToMs(u32(d, p), u32(d, p + 4));
        return;
      case Op.EndNtp:
        b.endMs[i] = ntpToMs(u32(d, p), u32(d, p + 4));
        return;
      // RFC 5102: deltas are microseconds before the export time of the message header.
      case Op.StartDeltaMicros:
        b.startMs[i] = ctx.exportMs - u32(d, p) / 1000;
        return;
      case Op.EndDeltaMicros:
        b.endMs[i] = ctx.exportMs - u32(d, p) / 1000;
        return;
      case Op.ObsSeconds:
        b.startMs[i] = b.endMs[i] = secondsToMs(u32(d, p), ctx.exportMs);
        return;
      case Op.ObsMillis:
        b.startMs[i] = b.endMs[i] = u64(d, p);
        return;
      case Op.IcmpTypeCode:
        b.icmpTypeCode[i] = len === 2 ? u16(d, p) : d[p]!;
        return;
      case Op.IcmpType:
        b.icmpTypeCode[i] = (b.icmpTypeCode[i]! & 0xff) | (d[p]! << 8);
        return;
      case Op.IcmpCode:
        b.icmpTypeCode[i] = (b.icmpTypeCode[i]! & 0xff00) | d[p]!;
        return;
      case Op.FrameSection:
      case Op.IpHeaderSection:
        this.#s.frameOff = p;
        this.#s.frameLen = len;
        this.#s.frameLink = op === Op.FrameSection ? LinkType.Ethernet : LinkType.Ip;
        return;
      default:
        this.#s.shared(d, p, len, op);
    }
  }

  #finish(d: Uint8Array, b: FlowBatch, i: number, plan: FieldPlan, ctx: SetContext): void {
    const has = plan.has;
    b.exporter[i] = ctx.exporterIndex;
    b.format[i] = ctx.format;
    b.observationDomain[i] = ctx.domainId;
    if (has.uptime) this.#uptimes(b, i, ctx);
    if (!has.start) b.startMs[i] = has.end ? b.endMs[i]! : ctx.exportMs;
    if (!has.end) b.endMs[i] = b.startMs[i]!;
    this.#family(b, i, has);
    const s = this.#s;
    const fromFrame = has.frame && s.frameLen > 0 && this.#mergeFrame(d, b, i, has);
    const proto = b.protocol[i]!;
    if (proto === 1 || proto === 58) {
      // NetFlow exporters without an ICMP field put type × 256 + code in the destination port.
      if (!has.icmp && !fromFrame) b.icmpTypeCode[i] = b.dstPort[i]!;
    } else {
      b.icmpTypeCode[i] = 0;
    }
    if (has.fragment) b.fragment[i] = fragmentBits(s.fragFlags, s.fragOffset);
    let rate = has.rate ? s.rate() : 0;
    if (rate === 0 && has.samplerId && s.samplerId !== NONE && ctx.domain !== undefined) {
      rate = ctx.domain.samplerRates.get(s.samplerId) ?? 0;
    }
    b.samplingRate[i] = rate > 0 ? rate : ctx.setRate;
  }

  #uptimes(b: FlowBatch, i: number, ctx: SetContext): void {
    const init = this.#s.sysInit !== NONE ? this.#s.sysInit : ctx.domain !== undefined ? ctx.domain.systemInitMs : -1;
    if (this.#endUp !== NONE) b.endMs[i] = uptimeToMs(this.#endUp, init, ctx);
    if (this.#startUp !== NONE) b.startMs[i] = this.#endUp !== NONE ? uptimeStartMs(this.#startUp, this.#endUp, b.endMs[i]!, init, ctx) : uptimeToMs(this.#startUp, init, ctx);
  }

  /** Decides the address family; in templates with both families, IPv6 wins when non-zero. */
  #family(b: FlowBatch, i: number, has: FieldPlan['has']): void {
    if (has.v4 && has.v6) {
      const a = this.#alt;
      const v6 = this.#ipVersion === 6 || (this.#ipVersion !== 4 && (a[0]! | a[1]! | a[2]! | a[3]! | a[4]! | a[5]! | a[6]! | a[7]!) !== 0);
      if (v6) {
        const o = i * 4;
        for (let k = 0; k < 4; k++) {
          b.srcAddr[o + k] = a[k]!;
          b.dstAddr[o + k] = a[4 + k]!;
          // The IPv4 next hop stays when the template has no IPv6 one.
          if (this.#altNextHop) b.nextHop[o + k] = a[8 + k]!;
        }
        if (this.#altMaskSrc >= 0) b.srcMask[i] = this.#altMaskSrc;
        if (this.#altMaskDst >= 0) b.dstMask[i] = this.#altMaskDst;
        b.ipVersion[i] = 6;
      } else {
        b.ipVersion[i] = 4;
      }
      this.#alt.fill(0);
    } else if (has.v4) {
      b.ipVersion[i] = 4;
    } else if (has.v6) {
      b.ipVersion[i] = 6;
    } else if (this.#ipVersion === 4 || this.#ipVersion === 6) {
      b.ipVersion[i] = this.#ipVersion;
    }
  }

  /**
   * Fills what the template did not carry from the sampled frame (IE 315 / IE 313).
   * @returns true when the frame held an IP header.
   */
  #mergeFrame(d: Uint8Array, b: FlowBatch, i: number, has: FieldPlan['has']): boolean {
    const pk = this.#packet;
    const s = this.#s;
    const status = parsePacket(d, s.frameOff, s.frameOff + s.frameLen, s.frameLink, pk);
    if (status !== PacketStatus.Ok) return false;
    const o = i * 4;
    if (!has.v4 && !has.v6) {
      b.ipVersion[i] = pk.ipVersion;
      for (let k = 0; k < 4; k++) {
        b.srcAddr[o + k] = pk.src[k]!;
        b.dstAddr[o + k] = pk.dst[k]!;
      }
    }
    if (!has.protocol) b.protocol[i] = pk.protocol;
    if (!has.ports) {
      b.srcPort[i] = pk.srcPort;
      b.dstPort[i] = pk.dstPort;
    }
    if (!has.icmp) b.icmpTypeCode[i] = pk.icmpTypeCode;
    if (!has.tos) b.tos[i] = pk.tos;
    if (!has.tcpFlags) b.tcpFlags[i] = pk.tcpFlags;
    if (!has.fragment) b.fragment[i] = pk.fragment;
    if (!has.vlan) b.vlan[i] = pk.vlan;
    // A frame section without counters stands for one sampled packet of the frame's size.
    if (!has.packets) b.packets[i] = 1;
    if (!has.bytes) b.bytes[i] = s.frameSize !== NONE ? s.frameSize : pk.ipLength;
    return true;
  }
}

function words(d: Uint8Array, p: number, out: Uint32Array, o: number): void {
  out[o] = u32(d, p);
  out[o + 1] = u32(d, p + 4);
  out[o + 2] = u32(d, p + 8);
  out[o + 3] = u32(d, p + 12);
}
