/**
 * Compiles a NetFlow v9 / IPFIX template into a flat field plan: an array of `[op, length]` pairs
 * that the record reader walks for every data record. All decisions that do not depend on the
 * record — which element feeds which column, fallbacks (packetTotalCount when there is no
 * packetDeltaCount, physical interfaces when there is no ingressInterface, …), length checks,
 * merging of skipped fields — are taken here once, so decoding a record is a tight loop with no
 * lookups and no allocation.
 *
 * Pure: no I/O.
 */
import { IE, VARIABLE_LENGTH } from './information-elements.js';
import { dataOp, lengthAllowed, Op, optionsOp, slotOf, variableOk } from './ops.js';

export { Op } from './ops.js';

/** Most fields a template may have; real templates have well under 100. Bounds memory per template. */
export const MAX_TEMPLATE_FIELDS = 256;

/** Largest record a template may describe: one record must fit in a datagram. */
export const MAX_RECORD_LENGTH = 65535 - 20;

/** Field specifiers of one template record, parsed into reusable scratch arrays. */
export class FieldSpecs {
  count = 0;
  /** Leading scope fields (options templates). */
  scopeCount = 0;
  readonly ie = new Uint16Array(MAX_TEMPLATE_FIELDS);
  readonly length = new Uint16Array(MAX_TEMPLATE_FIELDS);
  /** 1 when the field is enterprise-specific (RFC 7011 §3.2): always skipped. */
  readonly enterprise = new Uint8Array(MAX_TEMPLATE_FIELDS);
  /** FNV-1a hash of the specifiers, to recognise an unchanged template refresh. */
  signature = 0;
}

/** A compiled template. Immutable once built; replaced when the template is redefined. */
export class FieldPlan {
  constructor(
    /** `[op, length]` pairs; length {@link VARIABLE_LENGTH} marks a variable-length field. */
    readonly ops: Uint16Array,
    /** Record length when every field is fixed-length, else -1. */
    readonly fixedLength: number,
    /** Shortest possible record (a variable-length field takes at least its 1-byte length). */
    readonly minLength: number,
    readonly options: boolean,
    readonly signature: number,
    readonly fieldCount: number,
    /** Fields whose length the element does not allow; they are skipped. */
    readonly badFields: number,
    readonly has: PlanHas,
    /** Byte offset of each field in a record (fixed-length templates), one per `[op, length]` pair. */
    readonly offsets: Uint16Array,
    /** True when the template can be decoded column by column (see `columnar-reader.ts`). */
    readonly columnar: boolean,
  ) {}
}

/** Which columns a template provides, for fallbacks decided per record. */
export interface PlanHas {
  readonly v4: boolean;
  readonly v6: boolean;
  readonly ipVersion: boolean;
  readonly start: boolean;
  readonly end: boolean;
  readonly uptime: boolean;
  readonly startUptime: boolean;
  readonly endUptime: boolean;
  readonly icmp: boolean;
  readonly fragment: boolean;
  readonly rate: boolean;
  readonly samplerId: boolean;
  readonly packets: boolean;
  readonly bytes: boolean;
  readonly frame: boolean;
  readonly protocol: boolean;
  readonly ports: boolean;
  readonly tos: boolean;
  readonly tcpFlags: boolean;
  readonly vlan: boolean;
  readonly frameSize: boolean;
}

/** Why a template was refused. */
export const CompileFailure = { ZeroLength: 1, TooLong: 2, NoFields: 3 } as const;
export type CompileFailure = (typeof CompileFailure)[keyof typeof CompileFailure];

/**
 * Elements that only count when their preferred element is absent from the template:
 * `[fallback, preferred...]`. The first listed preferred element present wins.
 */
const FALLBACKS: ReadonlyArray<readonly number[]> = [
  [IE.octetTotalCount, IE.octetDeltaCount],
  [IE.postOctetDeltaCount, IE.octetDeltaCount, IE.octetTotalCount],
  [IE.packetTotalCount, IE.packetDeltaCount],
  [IE.postPacketDeltaCount, IE.packetDeltaCount, IE.packetTotalCount],
  [IE.bgpNextHopIPv4Address, IE.ipNextHopIPv4Address],
  [IE.bgpNextHopIPv6Address, IE.ipNextHopIPv6Address],
  [IE.ingressPhysicalInterface, IE.ingressInterface],
  [IE.egressPhysicalInterface, IE.egressInterface],
  [IE.dot1qVlanId, IE.vlanId],
  [IE.udpSourcePort, IE.sourceTransportPort],
  [IE.tcpSourcePort, IE.sourceTransportPort, IE.udpSourcePort],
  [IE.udpDestinationPort, IE.destinationTransportPort],
  [IE.tcpDestinationPort, IE.destinationTransportPort, IE.udpDestinationPort],
  [IE.ipHeaderPacketSection, IE.dataLinkFrameSection],
];

const TIME_OPS: readonly Op[] = [Op.StartUptime, Op.EndUptime, Op.StartSeconds, Op.EndSeconds, Op.StartMillis, Op.EndMillis, Op.StartNtp, Op.EndNtp, Op.StartDeltaMicros, Op.EndDeltaMicros];

// Scratch for one compilation; templates are compiled one at a time.
const present = new Uint8Array(65536);
const usedOp = new Uint8Array(128);

function isTimeOp(op: Op): boolean {
  return TIME_OPS.includes(op);
}

/** Decides the op of field `k`, applying fallbacks, duplicates (first wins) and length checks. */
function resolveOp(specs: FieldSpecs, k: number, options: boolean, v9OptionScopes: boolean, hasTime: boolean, family: number): { op: Op; bad: boolean } {
  const mixed = family === 46;
  const len = specs.length[k]!;
  if (specs.enterprise[k] === 1 || (v9OptionScopes && k < specs.scopeCount)) return { op: Op.Skip, bad: false };
  const ie = specs.ie[k]!;
  let op: Op = options ? optionsOp(ie) : dataOp(ie);
  if (op === Op.Skip) return { op, bad: false };
  if (!options) {
    for (const f of FALLBACKS) {
      if (f[0] !== ie) continue;
      for (let j = 1; j < f.length; j++) if (present[f[j]!] === 1) return { op: Op.Skip, bad: false };
    }
    if ((op === Op.ObsSeconds || op === Op.ObsMillis) && hasTime) return { op: Op.Skip, bad: false };
    // A next hop of the other family than the flow's addresses is ignored when one of the same
    // family is exported too (templates often carry both, one of them zero).
    if (op === Op.NextHopV4 && family === 6 && (present[IE.ipNextHopIPv6Address] === 1 || present[IE.bgpNextHopIPv6Address] === 1)) return { op: Op.Skip, bad: false };
    if (op === Op.NextHopV6 && family === 4 && (present[IE.ipNextHopIPv4Address] === 1 || present[IE.bgpNextHopIPv4Address] === 1)) return { op: Op.Skip, bad: false };
    if ((op === Op.SrcMaskV4 || op === Op.DstMaskV4) && family === 6 && (present[IE.sourceIPv6PrefixLength] === 1 || present[IE.destinationIPv6PrefixLength] === 1)) return { op: Op.Skip, bad: false };
    if ((op === Op.SrcMaskV6 || op === Op.DstMaskV6) && family === 4 && (present[IE.sourceIPv4PrefixLength] === 1 || present[IE.destinationIPv4PrefixLength] === 1)) return { op: Op.Skip, bad: false };
    if (mixed) {
      if (op === Op.SrcV6) op = Op.SrcV6Alt;
      else if (op === Op.DstV6) op = Op.DstV6Alt;
      else if (op === Op.NextHopV6) op = Op.NextHopV6Alt;
      else if (op === Op.SrcMaskV6) op = Op.SrcMaskV6Alt;
      else if (op === Op.DstMaskV6) op = Op.DstMaskV6Alt;
    }
  }
  const ok = len === VARIABLE_LENGTH ? variableOk(op) : lengthAllowed(op, len);
  if (!ok) return { op: Op.Skip, bad: true };
  // First field wins per destination: one start time, one end time, one of each column.
  const slot = slotOf(op);
  if (usedOp[slot] === 1) return { op: Op.Skip, bad: false };
  usedOp[slot] = 1;
  return { op, bad: false };
}

/**
 * Compiles field specifiers into a {@link FieldPlan}, or returns why the template is refused.
 * @param options true for an options template (sampling and time-base records, never flows).
 * @param v9OptionScopes true for NetFlow v9 options templates, whose scope fields are scope
 *   types (System, Interface, …; RFC 3954 §6.1) rather than information elements.
 */
export function compileTemplate(specs: FieldSpecs, options: boolean, v9OptionScopes: boolean): FieldPlan | CompileFailure {
  const n = specs.count;
  if (n === 0) return CompileFailure.NoFields;
  let hasTime = false;
  let hasV4 = false;
  let hasV6 = false;
  for (let k = 0; k < n; k++) {
    if (specs.enterprise[k] === 1 || (v9OptionScopes && k < specs.scopeCount)) continue;
    const ie = specs.ie[k]!;
    present[ie] = 1;
    const op = dataOp(ie);
    if (isTimeOp(op)) hasTime = true;
    if (op === Op.SrcV4 || op === Op.DstV4) hasV4 = true;
    if (op === Op.SrcV6 || op === Op.DstV6) hasV6 = true;
  }
  // Address family of the template: 4, 6, 46 (both: decided per record) or 0 (none).
  const family = hasV4 && hasV6 ? 46 : hasV4 ? 4 : hasV6 ? 6 : 0;
  const ops: number[] = [];
  let fixed = 0;
  let minLength = 0;
  let variable = false;
  let bad = 0;
  let skipRun = 0;
  const flush = (): void => {
    if (skipRun > 0) ops.push(Op.Skip, skipRun);
    skipRun = 0;
  };
  for (let k = 0; k < n; k++) {
    const len = specs.length[k]!;
    const r = resolveOp(specs, k, options, v9OptionScopes, hasTime, family);
    if (r.bad) bad++;
    if (len === VARIABLE_LENGTH) {
      variable = true;
      minLength += 1;
      flush();
      ops.push(r.op, VARIABLE_LENGTH);
      continue;
    }
    fixed += len;
    minLength += len;
    if (r.op === Op.Skip) {
      skipRun += len;
    } else {
      flush();
      ops.push(r.op, len);
    }
  }
  flush();
  const has = summarise(ops, hasV4, hasV6);
  for (let k = 0; k < n; k++) present[specs.ie[k]!] = 0;
  usedOp.fill(0);
  if (minLength === 0) return CompileFailure.ZeroLength;
  if (minLength > MAX_RECORD_LENGTH) return CompileFailure.TooLong;
  const offsets = new Uint16Array(ops.length / 2);
  let columnar = !options && !variable && family !== 46;
  for (let k = 0, off = 0; k < ops.length; k += 2) {
    offsets[k / 2] = off;
    off += ops[k + 1]!;
    if (!COLUMNAR_OPS.has(ops[k] as Op)) columnar = false;
  }
  return new FieldPlan(Uint16Array.from(ops), variable ? -1 : fixed, minLength, options, specs.signature, n, bad, has, offsets, columnar);
}

/** Ops the column-by-column reader handles; templates with any other op are read record by record. */
const COLUMNAR_OPS: ReadonlySet<Op> = new Set<Op>([
  Op.Skip,
  Op.Bytes,
  Op.Packets,
  Op.Protocol,
  Op.Tos,
  Op.TcpFlags,
  Op.SrcPort,
  Op.DstPort,
  Op.SrcV4,
  Op.DstV4,
  Op.SrcV6,
  Op.DstV6,
  Op.NextHopV4,
  Op.NextHopV6,
  Op.SrcMaskV4,
  Op.DstMaskV4,
  Op.SrcMaskV6,
  Op.DstMaskV6,
  Op.InIf,
  Op.OutIf,
  Op.SrcAs,
  Op.DstAs,
  Op.Vlan,
  Op.Direction,
  Op.IpVersion,
  Op.StartUptime,
  Op.EndUptime,
  Op.StartSeconds,
  Op.EndSeconds,
  Op.StartMillis,
  Op.EndMillis,
  Op.StartNtp,
  Op.EndNtp,
  Op.StartDeltaMicros,
  Op.EndDeltaMicros,
  Op.ObsSeconds,
  Op.ObsMillis,
  Op.IcmpTypeCode,
  Op.IcmpType,
  Op.IcmpCode,
  Op.SamplingInterval,
  Op.SamplerId,
  Op.FragOffset,
  Op.FragFlags,
]);

function summarise(ops: readonly number[], hasV4: boolean, hasV6: boolean): PlanHas {
  const set = new Set<number>();
  for (let k = 0; k < ops.length; k += 2) set.add(ops[k]!);
  const any = (...o: Op[]): boolean => o.some((x) => set.has(x));
  return {
    v4: hasV4,
    v6: hasV6,
    ipVersion: set.has(Op.IpVersion),
    start: any(Op.StartUptime, Op.StartSeconds, Op.StartMillis, Op.StartNtp, Op.StartDeltaMicros, Op.ObsSeconds, Op.ObsMillis),
    end: any(Op.EndUptime, Op.EndSeconds, Op.EndMillis, Op.EndNtp, Op.EndDeltaMicros, Op.ObsSeconds, Op.ObsMillis),
    uptime: any(Op.StartUptime, Op.EndUptime),
    startUptime: set.has(Op.StartUptime),
    endUptime: set.has(Op.EndUptime),
    icmp: any(Op.IcmpTypeCode, Op.IcmpType, Op.IcmpCode),
    fragment: any(Op.FragOffset, Op.FragFlags),
    rate: any(Op.SamplingInterval, Op.PacketInterval, Op.SamplingSize),
    samplerId: set.has(Op.SamplerId),
    packets: set.has(Op.Packets),
    bytes: set.has(Op.Bytes),
    frame: any(Op.FrameSection, Op.IpHeaderSection),
    protocol: set.has(Op.Protocol),
    ports: any(Op.SrcPort, Op.DstPort),
    tos: set.has(Op.Tos),
    tcpFlags: set.has(Op.TcpFlags),
    vlan: set.has(Op.Vlan),
    frameSize: set.has(Op.FrameSize),
  };
}

/** FNV-1a over `d[from, to)`: the signature of a template's specifiers. */
export function specSignature(d: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= d[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
