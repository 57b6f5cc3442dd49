/**
 * What the record readers share: the per-set context, the scratch that holds values depending on
 * several fields of a record (sampling parameters, time base, fragment bits, frame section), and
 * the conversions applied when a record ends.
 *
 * Pure: no I/O.
 */
import { FragmentFlags, type FlowFormat } from '../flow-batch.js';
import { u16, u64, uN } from '../bytes.js';
import { LinkType } from '../packet/packet-parser.js';
import { Op } from './field-plan.js';
import { VARIABLE_LENGTH } from './information-elements.js';
import type { DomainState } from './template-store.js';

/** Sentinel for "not present in this record". */
export const NONE = -1;

/** Outcome of reading a set. */
export const ReadStatus = { Ok: 0, BadLength: 1 } as const;

/** Per-data-set context set by the decoder before reading a set. */
export class SetContext {
  exporterIndex = 0;
  format: FlowFormat = 2;
  domainId = 0;
  /** Export time from the message header, ms since the epoch. */
  exportMs = 0;
  /** NetFlow v9 header sysUptime in ms; -1 for IPFIX (no uptime in the header). */
  sysUptimeMs = -1;
  /** Sampling rate that applies to the set absent a per-record one; 0 when unknown. */
  setRate = 0;
  domain: DomainState | undefined = undefined;
}

/** Values of the current record that are resolved when it ends; reused for every record. */
export class RecordScratch {
  sysInit = NONE;
  fragOffset = 0;
  fragFlags = 0;
  interval = 0;
  packetInterval = 0;
  packetSpace = NONE;
  size = 0;
  population = 0;
  samplerId = NONE;
  templateId = NONE;
  frameSize = NONE;
  frameOff = 0;
  frameLen = 0;
  frameLink: LinkType = LinkType.Ethernet;
  /** Offset after the last {@link fieldLength} call. */
  cursor = 0;

  /** Clears for the next record. */
  reset(): void {
    this.sysInit = NONE;
    this.fragOffset = 0;
    this.fragFlags = 0;
    this.interval = 0;
    this.packetInterval = 0;
    this.packetSpace = NONE;
    this.size = 0;
    this.population = 0;
    this.samplerId = NONE;
    this.templateId = NONE;
    this.frameSize = NONE;
    this.frameLen = 0;
  }

  /**
   * The length of the field at `p` whose template length is `len`: `len` itself, or for a
   * variable-length field (RFC 7011 §7) the 1-byte length, or 255 then a 2-byte length. Sets
   * {@link cursor} to where the value starts.
   * @returns the length, or -1 when the field runs past `end`.
   */
  fieldLength(d: Uint8Array, p: number, end: number, len: number): number {
    if (len === VARIABLE_LENGTH) {
      if (p >= end) return -1;
      len = d[p++]!;
      if (len === 255) {
        if (end - p < 2) return -1;
        len = u16(d, p);
        p += 2;
      }
    }
    this.cursor = p;
    return end - p < len ? -1 : len;
  }

  /** Stores a sampling, time-base, fragment or frame-size field; false when `op` is none of them. */
  shared(d: Uint8Array, p: number, len: number, op: number): boolean {
    switch (op) {
      case Op.SystemInit:
        this.sysInit = u64(d, p);
        return true;
      case Op.FragOffset:
        this.fragOffset = (len === 2 ? u16(d, p) : d[p]!) & 0x1fff;
        return true;
      case Op.FragFlags:
        this.fragFlags = d[p]!;
        return true;
      case Op.SamplingInterval:
        this.interval = uN(d, p, len);
        return true;
      case Op.SamplerId:
        this.samplerId = uN(d, p, len);
        return true;
      case Op.PacketInterval:
        this.packetInterval = uN(d, p, len);
        return true;
      case Op.PacketSpace:
        this.packetSpace = uN(d, p, len);
        return true;
      case Op.SamplingSize:
        this.size = uN(d, p, len);
        return true;
      case Op.SamplingPopulation:
        this.population = uN(d, p, len);
        return true;
      case Op.FrameSize:
        this.frameSize = uN(d, p, len);
        return true;
      case Op.TemplateIdScope:
        this.templateId = uN(d, p, len);
        return true;
      default:
        return false;
    }
  }

  /** The 1:N rate given by the sampling fields of the current record, or 0. */
  rate(): number {
    let r = 0;
    if (this.interval > 0) r = this.interval;
    // PSAMP systematic count-based sampling (RFC 5477 §8.2.2): 1 packet out of interval + space.
    else if (this.packetInterval > 0 && this.packetSpace !== NONE) r = (this.packetInterval + this.packetSpace) / this.packetInterval;
    // Random n-out-of-N sampling (RFC 5477 §8.2.4): N / n.
    else if (this.size > 0 && this.population > 0) r = this.population / this.size;
    r = Math.round(r);
    return r > 0xffffffff ? 0xffffffff : r;
  }
}

/**
 * Converts a flowStart/EndSysUpTime value to ms since the epoch: relative to
 * systemInitTimeMilliseconds when known (IPFIX), else to the v9 header (export time minus uptime,
 * the difference taken as a signed 32-bit value so that uptime wrap-around stays correct), else
 * the export time (see {@link uptimeStartMs} for the start of such a record).
 */
export function uptimeToMs(v: number, init: number, ctx: SetContext): number {
  if (init >= 0) return init + v;
  if (ctx.sysUptimeMs >= 0) return ctx.exportMs - ((ctx.sysUptimeMs - v) | 0);
  return ctx.exportMs;
}

/**
 * The start of a record with both uptimes. With no time base (IPFIX without
 * systemInitTimeMilliseconds) the record is dated at export, and its start keeps the duration
 * the two uptimes give: a ten-minute flow stays ten minutes long rather than becoming a burst at
 * the export time.
 */
export function uptimeStartMs(startUp: number, endUp: number, endMs: number, init: number, ctx: SetContext): number {
  if (init >= 0 || ctx.sysUptimeMs >= 0) return uptimeToMs(startUp, init, ctx);
  return endMs - ((endUp - startUp) | 0);
}

/**
 * {@link FragmentFlags} from IE 197 fragmentFlags (RFC 5102: bit 0 reserved, bit 1 DF, bit 2 MF,
 * bits numbered from the most significant) and IE 88 fragmentOffset.
 */
export function fragmentBits(flags: number, offset: number): number {
  const more = (flags & 0x20) !== 0;
  let f = 0;
  if ((flags & 0x40) !== 0) f |= FragmentFlags.DontFragment;
  if (more || offset !== 0) f |= FragmentFlags.IsFragment;
  if (more && offset === 0) f |= FragmentFlags.FirstFragment;
  return f;
}
