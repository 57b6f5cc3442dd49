/**
 * Test support: the flow records tshark's `sflow` dissector sees in a capture, mapped the way the
 * sFlow decoder documents its choices: one record per flow sample, packets 1, bytes the raw
 * header's frame length, the outer IP header of the sampled packet (else the sampled IPv4/IPv6
 * record), extended switch VLAN over the header's tag, router next hop over gateway next hop,
 * destination AS the last of the AS path, ifIndex 0 for internal/discard/multiple encodings, times
 * the receive time.
 */
import { expectedPacket, num, obj, str, type Expected, type JsonObject } from './tshark-json.js';

const INTERNAL = 0x3fffffff;

/** tshark's records and counter samples. */
export interface SflowExpectation {
  readonly records: Expected[];
  readonly counterSamples: number;
}

/** Builds the expectation from the packets' layers; `receivedMs[k]` is packet k's capture time. */
export function expectSflow(packets: readonly JsonObject[], receivedMs: readonly number[]): SflowExpectation {
  const records: Expected[] = [];
  let counterSamples = 0;
  packets.forEach((layers, k) => {
    const sf = obj(layers, 'sflow');
    if (sf === undefined) return;
    for (const [key, v] of Object.entries(sf)) {
      const samples = Array.isArray(v) ? v : [v];
      for (const s of samples) {
        if (/^(Expanded )?[Cc]ounters? sample/.test(key)) counterSamples++;
        else if (/^(Expanded )?[Ff]low sample/.test(key)) records.push(sample(s as JsonObject, receivedMs[k]!));
      }
    }
  });
  return { records, counterSamples };
}

function ifIndex(value: number, format: number): number {
  return format === 0 && value !== INTERNAL ? value : 0;
}

function sample(s: JsonObject, nowMs: number): Expected {
  const expanded = num(s, 'sflow.flow_sample.source_id_type') !== undefined;
  let inputIf: number;
  let outputIf: number;
  let domain: number;
  if (expanded) {
    inputIf = ifIndex(num(s, 'sflow.flow_sample.input_interface_value')!, num(s, 'sflow.flow_sample.input_interface_format')!);
    outputIf = ifIndex(num(s, 'sflow.flow_sample.output_interface_value')!, num(s, 'sflow.flow_sample.output_interface.format')!);
    domain = num(s, 'sflow.flow_sample.source_id_index')!;
  } else {
    const input = num(s, 'sflow.flow_sample.input_interface')!;
    const output = num(s, 'sflow.flow_sample.output_interface')!;
    inputIf = ifIndex(input, input >>> 30);
    outputIf = ifIndex(output, output >>> 30);
    domain = num(s, 'sflow.flow_sample.index')!;
  }
  const raw = obj(s, 'Raw packet header');
  const tree = obj(raw, 'sflow_245.header_tree');
  const pk = tree === undefined ? undefined : expectedPacket(tree);
  const v4 = obj(s, 'IPv4 data');
  const sw = obj(s, 'Extended switch data');
  const router = obj(s, 'Extended router data');
  const gateway = obj(s, 'Extended gateway data');
  const vlanIn = num(sw, 'sflow_245.vlan.in');
  // The destination AS path is one subtree per segment; the origin AS ends the last segment.
  const segments = gateway?.['sflow.as_type_tree'];
  const lastSegment = Array.isArray(segments) ? segments[segments.length - 1] : segments;
  const pathList = lastSegment !== undefined && typeof lastSegment === 'object' && !Array.isArray(lastSegment) ? lastSegment['sflow_245.dstAS'] : undefined;
  const dstAs = Array.isArray(pathList) ? Number(pathList[pathList.length - 1]) : typeof pathList === 'string' ? Number(pathList) : 0;
  const base: Expected = {
    ipVersion: 0,
    src: '::',
    dst: '::',
    nextHop: str(router, 'sflow_245.nexthop') ?? str(gateway, 'sflow_245.nexthop') ?? '::',
    protocol: 0,
    srcPort: 0,
    dstPort: 0,
    icmpTypeCode: 0,
    tcpFlags: 0,
    tos: 0,
    fragment: 0,
    packets: 1,
    bytes: num(raw, 'sflow_245.header.frame_length') ?? num(v4, 'sflow_245.ip.length') ?? 0,
    samplingRate: num(s, 'sflow.flow_sample.sampling_rate')!,
    startMs: nowMs,
    endMs: nowMs,
    observationDomain: domain,
    inputIf,
    outputIf,
    srcAs: num(gateway, 'sflow_245.srcAS') ?? 0,
    dstAs,
    srcMask: num(router, 'sflow_245.nexthop.src_mask') ?? 0,
    dstMask: num(router, 'sflow_245.nexthop.dst_mask') ?? 0,
    direction: 255,
    vlan: 0,
  };
  if (pk !== undefined && pk.ipVersion !== 0) {
    Object.assign(base, {
      ipVersion: pk.ipVersion,
      src: pk.src,
      dst: pk.dst,
      protocol: pk.protocol,
      srcPort: pk.srcPort,
      dstPort: pk.dstPort,
      icmpTypeCode: pk.icmpTypeCode,
      tcpFlags: pk.tcpFlags,
      tos: pk.tos,
      fragment: pk.fragment,
      vlan: pk.vlan,
    });
  } else if (v4 !== undefined) {
    Object.assign(base, {
      ipVersion: 4,
      src: str(v4, 'sflow_245.ipv4_src'),
      dst: str(v4, 'sflow_245.ipv4_dst'),
      protocol: num(v4, 'sflow.ip_protocol'),
      srcPort: num(v4, 'sflow_245.ip.source_port'),
      dstPort: num(v4, 'sflow.ip.destination_port'),
    });
  }
  if (vlanIn !== undefined && vlanIn > 0 && vlanIn <= 4095) base.vlan = vlanIn;
  return base;
}
