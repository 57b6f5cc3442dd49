/**
 * Formats flow records as JSON lines — what `sakimori replay --format jsonl` prints. Field names
 * follow the IPFIX information elements (RFC 7012, IANA registry) so the output reads like any
 * IPFIX tool's; a few fields are Sakimori's own: `format`, `exporter`, `samplingRate`,
 * `scaledPackets`/`scaledBytes` (exported counts × sampling rate), `flowStart`/`flowEnd` (ISO
 * 8601 renderings of the millisecond times) and `fragment` (the `FragmentFlags` bits).
 *
 * Not a hot path: one object per record is fine for a replay tool.
 *
 * Pure: no I/O.
 */
import { formatAddressAt } from '../core/ip.js';
import { FLOW_FORMAT_NAMES, type FlowBatch, type FlowFormat } from './flow-batch.js';

/** Gives the text address of the exporter with a given index (the collector's exporter table). */
export type ExporterAddressLookup = (exporterIndex: number) => string;

/** The JSON object for record `i` (see {@link formatJsonLine}). */
export function recordJson(b: FlowBatch, i: number, exporterAddress: ExporterAddressLookup): Record<string, string | number> {
  const v6 = b.ipVersion[i] === 6;
  const family = v6 ? 'IPv6' : 'IPv4';
  const o: Record<string, string | number> = {
    format: FLOW_FORMAT_NAMES[b.format[i] as FlowFormat] ?? 'unknown',
    exporter: exporterAddress(b.exporter[i]!),
    observationDomainId: b.observationDomain[i]!,
  };
  if (b.ipVersion[i] !== 0) {
    o.ipVersion = b.ipVersion[i]!;
    o[`source${family}Address`] = formatAddressAt(b.srcAddr, i);
    o[`destination${family}Address`] = formatAddressAt(b.dstAddr, i);
  }
  const h = i * 4;
  const w2 = b.nextHop[h + 2]!;
  if ((b.nextHop[h]! | b.nextHop[h + 1]! | b.nextHop[h + 3]!) !== 0 || (w2 !== 0 && w2 !== 0xffff)) {
    const hopV6 = !(b.nextHop[h] === 0 && b.nextHop[h + 1] === 0 && b.nextHop[h + 2] === 0xffff);
    o[hopV6 ? 'ipNextHopIPv6Address' : 'ipNextHopIPv4Address'] = formatAddressAt(b.nextHop, i);
  }
  o.protocolIdentifier = b.protocol[i]!;
  o.sourceTransportPort = b.srcPort[i]!;
  o.destinationTransportPort = b.dstPort[i]!;
  if (b.protocol[i] === 1 || b.protocol[i] === 58) o[v6 ? 'icmpTypeCodeIPv6' : 'icmpTypeCodeIPv4'] = b.icmpTypeCode[i]!;
  o.tcpControlBits = b.tcpFlags[i]!;
  o.ipClassOfService = b.tos[i]!;
  o.fragment = b.fragment[i]!;
  o.packetDeltaCount = b.packets[i]!;
  o.octetDeltaCount = b.bytes[i]!;
  o.samplingRate = b.samplingRate[i]!;
  o.scaledPackets = b.scaledPackets[i]!;
  o.scaledBytes = b.scaledBytes[i]!;
  o.flowStartMilliseconds = b.startMs[i]!;
  o.flowEndMilliseconds = b.endMs[i]!;
  o.flowStart = isoTime(b.startMs[i]!);
  o.flowEnd = isoTime(b.endMs[i]!);
  o.ingressInterface = b.inputIf[i]!;
  o.egressInterface = b.outputIf[i]!;
  o.bgpSourceAsNumber = b.srcAs[i]!;
  o.bgpDestinationAsNumber = b.dstAs[i]!;
  o[`source${family}PrefixLength`] = b.srcMask[i]!;
  o[`destination${family}PrefixLength`] = b.dstMask[i]!;
  if (b.direction[i]! <= 1) o.flowDirection = b.direction[i]!;
  o.vlanId = b.vlan[i]!;
  return o;
}

/**
 * Formats record `i` of a batch as one JSON object on one line (no trailing newline).
 * @example
 * ```ts
 * for (let i = 0; i < batch.length; i++) out.write(formatJsonLine(batch, i, (k) => exporters[k]) + '\n');
 * ```
 */
export function formatJsonLine(b: FlowBatch, i: number, exporterAddress: ExporterAddressLookup): string {
  return JSON.stringify(recordJson(b, i, exporterAddress));
}

function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : '';
}
