/**
 * Test support: the flow records tshark's `cflow` dissector (NetFlow v5/v9, IPFIX) sees in a
 * capture, mapped the way the decoders document their choices: uptime-relative times made absolute
 * with the header, ICMP type × 256 + code from the destination port when no ICMP element is
 * exported, next hop and masks of the flow's address family, physical interfaces and dot1q VLAN as
 * fallbacks, dataLinkFrameSection parsed for what the template lacks, sampling rates from the
 * options data tshark decoded. NetFlow v9 and IPFIX headers give the export time in whole seconds;
 * it is narrowed with the frame's receive time exactly as the decoders do (`templates/export-time.ts`,
 * tested on its own), so tshark checks every field the header and the records carry.
 */
import { secondsExportMs, v9ExportMs, type BootInterval } from '../templates/export-time.js';
import { expectedPacket, num, obj, str, tsharkTime, type Expected, type ExpectedPacket, type JsonObject } from './tshark-json.js';

/** tshark's records and the data sets it could not decode for want of a template. */
export interface CflowExpectation {
  readonly records: Expected[];
  readonly missingTemplates: number;
}

interface Header {
  version: number;
  exportMs: number;
  sysUptimeMs: number;
  domain: number;
}

/** Sampling state per observation domain, from options records. */
class DomainSampling {
  readonly optionTemplates = new Set<number>();
  readonly samplers = new Map<number, number>();
  readonly templates = new Map<number, number>();
  rate = 0;
}

/** Builds the expectation from the packets' layers. */
export function expectCflow(packets: readonly JsonObject[]): CflowExpectation {
  const records: Expected[] = [];
  let missingTemplates = 0;
  const domains = new Map<number, DomainSampling>();
  const boots = new Map<number, BootInterval>();
  for (const layers of packets) {
    const cf = obj(layers, 'cflow');
    if (cf === undefined) continue;
    const h = header(cf, num(obj(layers, 'frame'), 'frame.time_epoch')! * 1000, boots);
    if (h.version === 5) {
      for (const [k, v] of Object.entries(cf)) if (k.startsWith('pdu ')) records.push(v5Record(v as JsonObject, cf, h));
      continue;
    }
    let dom = domains.get(h.domain);
    if (dom === undefined) domains.set(h.domain, (dom = new DomainSampling()));
    for (const [k, v] of Object.entries(cf)) {
      const m = /^(?:FlowSet|Set) \d+ \[id=(\d+)\]/.exec(k);
      if (m === null) continue;
      const id = Number(m[1]);
      const set = v as JsonObject;
      if (id < 256) {
        for (const t of Object.keys(set)) {
          const om = /^Options Template \(Id = (\d+)\)/.exec(t);
          if (om !== null) dom.optionTemplates.add(Number(om[1]));
        }
        continue;
      }
      for (const [fk, fv] of Object.entries(set)) {
        if (/no template found/.test(fk)) missingTemplates++;
        if (!fk.startsWith('Flow ')) continue;
        if (dom.optionTemplates.has(id)) optionsRecord(fv as JsonObject, dom);
        else records.push(dataRecord(fv as JsonObject, h, id, dom));
      }
    }
  }
  return { records, missingTemplates };
}

function header(cf: JsonObject, receivedMs: number, boots: Map<number, BootInterval>): Header {
  const version = num(cf, 'cflow.version')!;
  const ts = obj(cf, 'cflow.timestamp_tree');
  if (version === 10) return { version, exportMs: secondsExportMs(num(ts, 'cflow.exporttime')!, receivedMs), sysUptimeMs: -1, domain: num(cf, 'cflow.od_id')! };
  const secs = num(ts, 'cflow.unix_secs')!;
  const nsecs = num(ts, 'cflow.unix_nsecs') ?? 0;
  const domain = version === 5 ? (num(cf, 'cflow.engine_type')! << 8) | num(cf, 'cflow.engine_id')! : num(cf, 'cflow.source_id')!;
  const sysUptimeMs = Math.round(num(cf, 'cflow.sysuptime')! * 1000);
  if (version === 5) return { version, exportMs: secs * 1000 + Math.floor(nsecs / 1e6), sysUptimeMs, domain };
  let boot = boots.get(domain);
  if (boot === undefined) boots.set(domain, (boot = { bootLoMs: NaN, bootHiMs: NaN }));
  return { version, exportMs: v9ExportMs(boot, secs, sysUptimeMs, receivedMs), sysUptimeMs, domain };
}

function uptimeMs(h: Header, seconds: number): number {
  return h.exportMs - ((h.sysUptimeMs - Math.round(seconds * 1000)) | 0);
}

function v5Record(f: JsonObject, cf: JsonObject, h: Header): Expected {
  const tree = obj(f, 'cflow.timedelta_tree');
  const protocol = num(f, 'cflow.protocol')!;
  return {
    ipVersion: 4,
    src: str(f, 'cflow.srcaddr')!,
    dst: str(f, 'cflow.dstaddr')!,
    nextHop: str(f, 'cflow.nexthop')!,
    protocol,
    srcPort: num(f, 'cflow.srcport')!,
    dstPort: num(f, 'cflow.dstport')!,
    icmpTypeCode: protocol === 1 ? num(f, 'cflow.dstport')! : 0,
    tcpFlags: num(f, 'cflow.tcpflags')!,
    tos: num(f, 'cflow.tos')!,
    fragment: 0,
    packets: num(f, 'cflow.packets')!,
    bytes: num(f, 'cflow.octets')!,
    samplingRate: num(cf, 'cflow.samplerate')!,
    startMs: uptimeMs(h, num(tree, 'cflow.timestart')!),
    endMs: uptimeMs(h, num(tree, 'cflow.timeend')!),
    observationDomain: h.domain,
    inputIf: num(f, 'cflow.inputint')!,
    outputIf: num(f, 'cflow.outputint')!,
    srcAs: num(f, 'cflow.srcas')!,
    dstAs: num(f, 'cflow.dstas')!,
    srcMask: num(f, 'cflow.srcmask')!,
    dstMask: num(f, 'cflow.dstmask')!,
    direction: 255,
    vlan: 0,
  };
}

/** Rate announced by one record's sampling fields, 0 when none. */
function recordRate(f: JsonObject): number {
  const interval = num(f, 'cflow.sampling_interval') ?? num(f, 'cflow.sampler_random_interval');
  if (interval !== undefined && interval > 0) return interval;
  const pi = num(f, 'cflow.sampling_packet_interval');
  const ps = num(f, 'cflow.sampling_packet_space');
  if (pi !== undefined && pi > 0 && ps !== undefined) return Math.round((pi + ps) / pi);
  const size = num(f, 'cflow.sampling_size');
  const population = num(f, 'cflow.sampling_population');
  if (size !== undefined && size > 0 && population !== undefined && population > 0) return Math.round(population / size);
  return 0;
}

function optionsRecord(f: JsonObject, dom: DomainSampling): void {
  const rate = recordRate(f);
  if (rate === 0) return;
  const sampler = num(f, 'cflow.sampler_id') ?? num(f, 'cflow.selector_id');
  const template = num(f, 'cflow.template_id');
  if (sampler !== undefined) dom.samplers.set(sampler, rate);
  else if (template !== undefined) dom.templates.set(template, rate);
  else dom.rate = rate;
}

function samplingRate(f: JsonObject, setId: number, dom: DomainSampling): number {
  const own = recordRate(f);
  if (own > 0) return own;
  const sampler = num(f, 'cflow.sampler_id') ?? num(f, 'cflow.selector_id');
  const bySampler = sampler === undefined ? undefined : dom.samplers.get(sampler);
  if (bySampler !== undefined) return bySampler;
  const byTemplate = dom.templates.get(setId);
  if (byTemplate !== undefined) return byTemplate;
  if (dom.rate > 0) return dom.rate;
  if (dom.samplers.size === 1) return [...dom.samplers.values()][0]!;
  return 0;
}

function times(f: JsonObject, h: Header): [number, number] {
  const tree = obj(f, 'cflow.timedelta_tree');
  const abs = (k: string): number | undefined => {
    const s = str(tree, k);
    return s === undefined ? undefined : tsharkTime(s);
  };
  const rel = (k: string): number | undefined => {
    const v = num(tree, k);
    return v === undefined ? undefined : uptimeMs(h, v);
  };
  let start = abs('cflow.abstimestart') ?? rel('cflow.timestart');
  let end = abs('cflow.abstimeend') ?? rel('cflow.timeend');
  const obs = str(f, 'cflow.observation_time_milliseconds');
  if (start === undefined && end === undefined && obs !== undefined) start = end = tsharkTime(obs);
  start ??= end ?? h.exportMs;
  end ??= start;
  return [start, end];
}

function dataRecord(f: JsonObject, h: Header, setId: number, dom: DomainSampling): Expected {
  const frameTree = obj(f, 'cflow.data_link_frame_section_tree');
  const pk: ExpectedPacket | undefined = frameTree === undefined ? undefined : expectedPacket(frameTree);
  const v4src = str(f, 'cflow.srcaddr');
  const v6src = str(f, 'cflow.srcaddrv6');
  const v6dst = str(f, 'cflow.dstaddrv6');
  let family: number;
  if (v4src !== undefined && v6src !== undefined) {
    const declared = num(f, 'cflow.ip_version');
    family = declared === 4 || declared === 6 ? declared : v6src !== '::' || v6dst !== '::' ? 6 : 4;
  } else if (v4src !== undefined) family = 4;
  else if (v6src !== undefined) family = 6;
  else family = pk?.ipVersion ?? num(f, 'cflow.ip_version') ?? 0;
  const fromFrame = v4src === undefined && v6src === undefined && pk !== undefined;
  const src = fromFrame ? pk.src : ((family === 6 ? v6src : v4src) ?? '::');
  const dst = fromFrame ? pk.dst : ((family === 6 ? v6dst : str(f, 'cflow.dstaddr')) ?? '::');
  const v4hop = str(f, 'cflow.nexthop') ?? str(f, 'cflow.bgpnexthop');
  const v6hop = str(f, 'cflow.nexthopv6') ?? str(f, 'cflow.bgpnexthopv6');
  const nextHop = (family === 6 ? (v6hop ?? v4hop) : (v4hop ?? v6hop)) ?? '::';
  const mask = (v4: string, v6: string): number => (family === 6 ? (num(f, v6) ?? num(f, v4)) : (num(f, v4) ?? num(f, v6))) ?? 0;
  const protocol = num(f, 'cflow.protocol') ?? pk?.protocol ?? 0;
  const srcPort = num(f, 'cflow.srcport') ?? pk?.srcPort ?? 0;
  const dstPort = num(f, 'cflow.dstport') ?? pk?.dstPort ?? 0;
  const [startMs, endMs] = times(f, h);
  const icmp6 = num(f, 'cflow.icmp_ipv6_type') === undefined ? undefined : (num(f, 'cflow.icmp_ipv6_type')! << 8) | num(f, 'cflow.icmp_ipv6_code')!;
  const icmpField = num(f, 'cflow.icmp_type_code_ipv4') ?? icmp6;
  const icmpTypeCode = protocol === 1 || protocol === 58 ? (icmpField ?? pk?.icmpTypeCode ?? dstPort) : 0;
  const direction = num(f, 'cflow.direction');
  return {
    ipVersion: family,
    src,
    dst,
    nextHop,
    protocol,
    srcPort,
    dstPort,
    icmpTypeCode,
    tcpFlags: num(f, 'cflow.tcpflags') ?? pk?.tcpFlags ?? 0,
    tos: num(f, 'cflow.tos') ?? pk?.tos ?? 0,
    fragment: pk?.fragment ?? 0,
    packets: num(f, 'cflow.packets') ?? (pk !== undefined ? 1 : 0),
    bytes: num(f, 'cflow.octets') ?? num(f, 'cflow.data_link_frame_size') ?? pk?.ipLength ?? 0,
    samplingRate: samplingRate(f, setId, dom),
    startMs,
    endMs,
    observationDomain: h.domain,
    inputIf: num(f, 'cflow.inputint') ?? num(f, 'cflow.ingress_physical_interface') ?? 0,
    outputIf: num(f, 'cflow.outputint') ?? num(f, 'cflow.egress_physical_interface') ?? 0,
    srcAs: num(f, 'cflow.srcas') ?? 0,
    dstAs: num(f, 'cflow.dstas') ?? 0,
    srcMask: mask('cflow.srcmask', 'cflow.srcmaskv6'),
    dstMask: mask('cflow.dstmask', 'cflow.dstmaskv6'),
    direction: direction === undefined ? 255 : direction <= 1 ? direction : 255,
    vlan: num(f, 'cflow.vlanid') ?? num(f, 'cflow.dot1q_vlan_id') ?? pk?.vlan ?? 0,
  };
}
