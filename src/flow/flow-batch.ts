/**
 * The normalised flow batch: every decoder (NetFlow v5/v9, IPFIX, sFlow) appends records here, and
 * everything downstream (collector statistics, detection, storage) reads it. It is a
 * struct-of-arrays over typed arrays: no object per record, no string keys, reused across datagrams.
 *
 * Addresses are four 32-bit words per record, most significant word first; IPv4 addresses are held
 * IPv4-mapped (`::ffff:a.b.c.d`) — see `core/ip.ts`. Counts are kept as exported (`packets`,
 * `bytes`) together with the sampling rate; `scaledPackets`/`scaledBytes` hold the
 * renormalised estimate of the true traffic (exported count × sampling rate), filled by
 * {@link FlowBatch.scale}.
 *
 * Pure: no I/O.
 */

/** Export formats a record can come from. */
export const FlowFormat = {
  NetflowV5: 1,
  NetflowV9: 2,
  Ipfix: 3,
  Sflow: 4,
} as const;
export type FlowFormat = (typeof FlowFormat)[keyof typeof FlowFormat];

/** Names of {@link FlowFormat} values, for logs, metrics and JSON output. */
export const FLOW_FORMAT_NAMES: Readonly<Record<FlowFormat, string>> = {
  1: 'netflow-v5',
  2: 'netflow-v9',
  3: 'ipfix',
  4: 'sflow',
};

/** Flow direction as exported (IPFIX flowDirection, IE 61). */
export const Direction = { Ingress: 0, Egress: 1, Unknown: 255 } as const;

/** Bits of the `fragment` column. */
export const FragmentFlags = {
  /** The packet (or flow) is an IP fragment: non-zero fragment offset, or More Fragments set. */
  IsFragment: 1,
  /** First fragment (offset 0, MF set): L4 ports are present. */
  FirstFragment: 2,
  /** Don't Fragment bit was set. */
  DontFragment: 4,
} as const;

/** Default number of records a batch holds. */
export const DEFAULT_BATCH_CAPACITY = 4096;

/** A reusable struct-of-arrays batch of flow records. */
export class FlowBatch {
  readonly capacity: number;
  /** Number of valid records, `0 <= length <= capacity`. */
  length = 0;

  /** Source address, 4 words per record. */
  readonly srcAddr: Uint32Array;
  /** Destination address, 4 words per record. */
  readonly dstAddr: Uint32Array;
  /** Next-hop address, 4 words per record (all zero when not exported). */
  readonly nextHop: Uint32Array;
  /** 4 or 6: the IP version of the flow. */
  readonly ipVersion: Uint8Array;
  /** sourceTransportPort (IE 7). */
  readonly srcPort: Uint16Array;
  /** destinationTransportPort (IE 11). */
  readonly dstPort: Uint16Array;
  /** ICMP type × 256 + code (IE 32 / IE 139); 0 for non-ICMP. */
  readonly icmpTypeCode: Uint16Array;
  /** protocolIdentifier (IE 4). */
  readonly protocol: Uint8Array;
  /** tcpControlBits (IE 6), OR of all packets' flags. */
  readonly tcpFlags: Uint16Array;
  /** ipClassOfService (IE 5). */
  readonly tos: Uint8Array;
  /** {@link FragmentFlags} bits. */
  readonly fragment: Uint8Array;
  /** packetDeltaCount (IE 2) as exported (sampled). */
  readonly packets: Float64Array;
  /** octetDeltaCount (IE 1) as exported (sampled). */
  readonly bytes: Float64Array;
  /** Sampling rate N of 1:N sampling; 1 when unsampled, 0 when not (yet) known. */
  readonly samplingRate: Uint32Array;
  /** Estimated true packets: `packets × samplingRate` (see {@link FlowBatch.scale}). */
  readonly scaledPackets: Float64Array;
  /** Estimated true bytes: `bytes × samplingRate`. */
  readonly scaledBytes: Float64Array;
  /** flowStartMilliseconds (IE 152), ms since the Unix epoch. */
  readonly startMs: Float64Array;
  /** flowEndMilliseconds (IE 153), ms since the Unix epoch. */
  readonly endMs: Float64Array;
  /** Index of the exporter in the collector's exporter table. */
  readonly exporter: Uint32Array;
  /** {@link FlowFormat} of the datagram the record came from. */
  readonly format: Uint8Array;
  /** Observation domain (IPFIX ODID, v9 source ID, sFlow source id index). */
  readonly observationDomain: Uint32Array;
  /** ingressInterface (IE 10). */
  readonly inputIf: Uint32Array;
  /** egressInterface (IE 14). */
  readonly outputIf: Uint32Array;
  /** bgpSourceAsNumber (IE 16). */
  readonly srcAs: Uint32Array;
  /** bgpDestinationAsNumber (IE 17). */
  readonly dstAs: Uint32Array;
  /** sourceIPv4PrefixLength / sourceIPv6PrefixLength (IE 9 / 29). */
  readonly srcMask: Uint8Array;
  /** destinationIPv4PrefixLength / destinationIPv6PrefixLength (IE 13 / 30). */
  readonly dstMask: Uint8Array;
  /** flowDirection (IE 61), see {@link Direction}. */
  readonly direction: Uint8Array;
  /** vlanId (IE 58); 0 when absent. */
  readonly vlan: Uint16Array;

  constructor(capacity = DEFAULT_BATCH_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
    this.srcAddr = new Uint32Array(capacity * 4);
    this.dstAddr = new Uint32Array(capacity * 4);
    this.nextHop = new Uint32Array(capacity * 4);
    this.ipVersion = new Uint8Array(capacity);
    this.srcPort = new Uint16Array(capacity);
    this.dstPort = new Uint16Array(capacity);
    this.icmpTypeCode = new Uint16Array(capacity);
    this.protocol = new Uint8Array(capacity);
    this.tcpFlags = new Uint16Array(capacity);
    this.tos = new Uint8Array(capacity);
    this.fragment = new Uint8Array(capacity);
    this.packets = new Float64Array(capacity);
    this.bytes = new Float64Array(capacity);
    this.samplingRate = new Uint32Array(capacity);
    this.scaledPackets = new Float64Array(capacity);
    this.scaledBytes = new Float64Array(capacity);
    this.startMs = new Float64Array(capacity);
    this.endMs = new Float64Array(capacity);
    this.exporter = new Uint32Array(capacity);
    this.format = new Uint8Array(capacity);
    this.observationDomain = new Uint32Array(capacity);
    this.inputIf = new Uint32Array(capacity);
    this.outputIf = new Uint32Array(capacity);
    this.srcAs = new Uint32Array(capacity);
    this.dstAs = new Uint32Array(capacity);
    this.srcMask = new Uint8Array(capacity);
    this.dstMask = new Uint8Array(capacity);
    this.direction = new Uint8Array(capacity);
    this.vlan = new Uint16Array(capacity);
  }

  /** True when no further record fits. */
  get full(): boolean {
    return this.length >= this.capacity;
  }

  /**
   * Starts a new record at index `length` with every column zeroed (direction Unknown) and returns
   * its index. The caller fills the columns it knows and then calls {@link commit}. Callers check
   * {@link full} first; appending to a full batch is a programming error.
   */
  begin(): number {
    const i = this.length;
    const o = i * 4;
    this.srcAddr.fill(0, o, o + 4);
    this.dstAddr.fill(0, o, o + 4);
    this.nextHop.fill(0, o, o + 4);
    this.ipVersion[i] = 0;
    this.srcPort[i] = 0;
    this.dstPort[i] = 0;
    this.icmpTypeCode[i] = 0;
    this.protocol[i] = 0;
    this.tcpFlags[i] = 0;
    this.tos[i] = 0;
    this.fragment[i] = 0;
    this.packets[i] = 0;
    this.bytes[i] = 0;
    this.samplingRate[i] = 0;
    this.scaledPackets[i] = 0;
    this.scaledBytes[i] = 0;
    this.startMs[i] = 0;
    this.endMs[i] = 0;
    this.exporter[i] = 0;
    this.format[i] = 0;
    this.observationDomain[i] = 0;
    this.inputIf[i] = 0;
    this.outputIf[i] = 0;
    this.srcAs[i] = 0;
    this.dstAs[i] = 0;
    this.srcMask[i] = 0;
    this.dstMask[i] = 0;
    this.direction[i] = Direction.Unknown;
    this.vlan[i] = 0;
    return i;
  }

  /**
   * Appends `m` records with every column zeroed (direction Unknown), as `m` × {@link begin} +
   * {@link commit} would, but one `fill` per column; returns the index of the first. The caller
   * checks that `m` records fit.
   */
  reserve(m: number): number {
    const i0 = this.length;
    const end = i0 + m;
    this.srcAddr.fill(0, i0 * 4, end * 4);
    this.dstAddr.fill(0, i0 * 4, end * 4);
    this.nextHop.fill(0, i0 * 4, end * 4);
    for (const col of [
      this.ipVersion,
      this.srcPort,
      this.dstPort,
      this.icmpTypeCode,
      this.protocol,
      this.tcpFlags,
      this.tos,
      this.fragment,
      this.packets,
      this.bytes,
      this.samplingRate,
      this.scaledPackets,
      this.scaledBytes,
      this.startMs,
      this.endMs,
      this.exporter,
      this.format,
      this.observationDomain,
      this.inputIf,
      this.outputIf,
      this.srcAs,
      this.dstAs,
      this.srcMask,
      this.dstMask,
      this.vlan,
    ])
      col.fill(0, i0, end);
    this.direction.fill(Direction.Unknown, i0, end);
    this.length = end;
    return i0;
  }

  /** Makes the record started by {@link begin} part of the batch. */
  commit(): void {
    this.length++;
  }

  /** Empties the batch for reuse; the arrays are kept. */
  clear(): void {
    this.length = 0;
  }

  /**
   * Fills `scaledPackets`/`scaledBytes` for records `[from, length)`. Records whose sampling rate is
   * unknown (0) take `defaultRate` (the exporter's configured rate, or 1) and have it recorded.
   */
  scale(from: number, defaultRate: number): void {
    for (let i = from; i < this.length; i++) {
      let r = this.samplingRate[i]!;
      if (r === 0) {
        r = defaultRate;
        this.samplingRate[i] = r;
      }
      this.scaledPackets[i] = this.packets[i]! * r;
      this.scaledBytes[i] = this.bytes[i]! * r;
    }
  }
}

/**
 * Where decoders put records. When the current batch is full the decoder hands it over with
 * {@link FlowSink.flush} and continues with the batch returned.
 */
export interface FlowSink {
  /** The batch to append to now. */
  current(): FlowBatch;
  /** Hands over a full batch; returns an empty one to continue with. */
  flush(full: FlowBatch): FlowBatch;
}

/** A sink over one growing list of batches; for tests and replay tools. */
export class CollectingSink implements FlowSink {
  readonly batches: FlowBatch[] = [];
  readonly #capacity: number;
  #current: FlowBatch;
  constructor(capacity = DEFAULT_BATCH_CAPACITY) {
    this.#capacity = capacity;
    this.#current = new FlowBatch(capacity);
    this.batches.push(this.#current);
  }
  current(): FlowBatch {
    return this.#current;
  }
  flush(_full: FlowBatch): FlowBatch {
    this.#current = new FlowBatch(this.#capacity);
    this.batches.push(this.#current);
    return this.#current;
  }
  /** Total records across batches. */
  get records(): number {
    let n = 0;
    for (const b of this.batches) n += b.length;
    return n;
  }
}
