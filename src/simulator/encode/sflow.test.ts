import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeExternal, missingTools } from '../../testing/external.js';
import { shapeBatch, SHAPES } from '../testing/packets.js';
import { tempDir, TEST_SFLOW_PORT, tsharkFields, writeTestPcap } from '../testing/tshark.js';
import { MAX_FLOW_SAMPLE, SflowDatagramWriter } from './sflow.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const AGENT = (10 << 24) | (255 << 16) | 3;

/** Encodes every test row as a flow sample (VLAN 100 on odd rows); returns the datagrams. */
function encodeShapes(expanded: boolean, mtu = 1400): Uint8Array[] {
  const b = shapeBatch();
  const w = new SflowDatagramWriter(AGENT >>> 0, 7, mtu, expanded);
  const out: Uint8Array[] = [];
  for (let i = 0; i < b.length; i++) {
    if (!w.fits(MAX_FLOW_SAMPLE)) out.push(w.finish(out.length, 5000));
    w.addFlowSample({ sequence: i + 1, sourceIndex: 1, samplingRate: 1000, samplePool: 1000 * (i + 1), drops: 0, input: 1, output: 10 + i }, b, i, i % 2 === 1 ? 100 : 0, 0x1000 + i);
  }
  w.addCounterSample({ sequence: 9, ifIndex: 1, ifSpeed: 10e9, inOctets: 5e12, inPackets: 123456, outOctets: 777, outPackets: 8 });
  out.push(w.finish(out.length, 5000));
  return out;
}

function pcapOf(name: string, out: Uint8Array[]): string {
  const path = join(dir, name);
  writeTestPcap(
    path,
    out.map((payload, k) => ({ payload, timeMs: Date.UTC(2026, 0, 1) + k, dstPort: TEST_SFLOW_PORT })),
  );
  return path;
}

describeExternal('sFlow v5 encoder (checked by tshark)', missingTools('tshark'), () => {
  it('writes datagram headers, flow samples and counter samples tshark decodes', () => {
    const out = encodeShapes(false);
    expect(out).toHaveLength(2);
    for (const d of out) expect(d.length).toBeLessThanOrEqual(1400);
    const pcap = pcapOf('sflow.pcap', out);
    const rows = tsharkFields(pcap, [
      'sflow_245.version',
      'sflow_245.agent',
      'sflow_245.sub_agent_id',
      'sflow_245.sequence_number',
      'sflow_245.sysuptime',
      'sflow_245.numsamples',
      'sflow.flow_sample.sequence_number',
      'sflow.flow_sample.sampling_rate',
      'sflow.flow_sample.sample_pool',
      'sflow.flow_sample.input_interface',
      'sflow.flow_sample.output_interface_value',
      'sflow_245.header.frame_length',
      'sflow_245.header.payload_stripped',
      'sflow_245.vlan.in',
    ]);
    const col = (k: number): string[] => rows.flatMap((r) => r[k]!);
    expect(col(0)).toEqual(['5', '5']);
    expect(col(1)).toEqual(['10.255.0.3', '10.255.0.3']);
    expect(col(2)).toEqual(['7', '7']);
    expect(col(3)).toEqual(['0', '1']);
    expect(col(4)).toEqual(['5000', '5000']);
    expect(col(5).reduce((a, n) => a + Number(n), 0)).toBe(SHAPES.length + 1);
    expect(col(6)).toEqual(SHAPES.map((_, i) => String(i + 1)));
    expect(new Set(col(7))).toEqual(new Set(['1000']));
    expect(col(8)).toEqual(SHAPES.map((_, i) => String(1000 * (i + 1))));
    expect(new Set(col(9))).toEqual(new Set(['1']));
    expect(col(10)).toEqual(SHAPES.map((_, i) => String(10 + i)));
    // Frame length: Ethernet (14) + 802.1Q tag (4, odd rows) + IP + FCS (4), at least 64 octets.
    const ipLens = [60, 1500, 1548, 84, 564, 578, 80, 1500, 600, 104, 29];
    expect(col(11)).toEqual(ipLens.map((l, i) => String(Math.max(64, 14 + (i % 2) * 4 + l + 4))));
    expect(new Set(col(12))).toEqual(new Set(['4']));
    expect(col(13)).toEqual(SHAPES.map((_, i) => (i % 2 === 1 ? '100' : undefined)).filter((v) => v !== undefined));
    const [c] = tsharkFields(
      pcap,
      ['sflow.counters_sample.sequence_number', 'sflow_245.ifindex', 'sflow_245.ifspeed', 'sflow_245.ifinoct', 'sflow_245.ifinpkt', 'sflow_245.ifoutoct', 'sflow_245.ifoutpkt'],
      'sflow.counters_sample.sequence_number',
    );
    expect(c!.map((v) => v[0])).toEqual(['9', '1', '10000000000', '5000000000000', '123456', '777', '8']);
  });

  it('builds every sampled header correctly: Ethernet, 802.1Q, IPv4/IPv6, fragments, TCP, UDP, ICMP, GRE', () => {
    const pcap = pcapOf('sflow-headers.pcap', encodeShapes(false));
    // The first IPv4 and UDP header of each frame is the pcap's own framing of the datagram.
    const framing = (name: string): number => (name.startsWith('ip.') || name.startsWith('udp.') ? 1 : 0);
    const f = (name: string): string[] => tsharkFields(pcap, [name], undefined, ['-o', 'ip.check_checksum:TRUE']).flatMap((r) => r[0]!.slice(framing(name)));
    // Outer IPv4 headers (and the inner IPv4 of the two GRE packets), all with valid checksums.
    expect(f('ip.src')).toEqual(['100.64.0.5', '100.64.0.5', '100.64.0.5', '100.64.0.5', '100.64.0.5', '100.64.0.5', '100.64.0.5', '100.64.0.5', '100.64.0.5']);
    expect(f('ip.len')).toEqual(['60', '1500', '1548', '84', '564', '540', '578', '540', '29']);
    expect(new Set(f('ip.checksum.status'))).toEqual(new Set(['1']));
    expect(f('ip.flags.df')).toEqual(['1', '0', '0', '0', '0', '0', '0', '0', '0']);
    expect(f('ip.flags.mf')).toEqual(['0', '1', '0', '0', '0', '0', '0', '0', '0']);
    expect(f('ip.frag_offset')).toEqual(['0', '0', '185', '0', '0', '0', '0', '0', '0']);
    expect(f('ip.ttl')).toEqual(['53', '53', '53', '53', '53', '64', '53', '64', '53']);
    expect(f('tcp.flags.syn')).toEqual(['1', '0']);
    expect(f('tcp.options.mss_val')).toEqual(['1460']);
    expect(f('tcp.dstport')).toEqual(['80', '443']);
    // UDP: the IPv4 first fragment (length of the whole datagram), the two GRE inner packets, the
    // small packet. (tshark holds the IPv6 first fragment's UDP header back for reassembly.)
    expect(f('udp.length')).toEqual(['3008', '520', '520', '9']);
    expect(f('icmp.type')).toEqual(['8']);
    expect(f('gre.proto')).toEqual(['0x0800', '0x6558']);
    expect(f('vlan.id')).toEqual(['100', '100', '100', '100', '100']);
    expect(f('ipv6.src')).toEqual(['2001:db8:f000::5', '2001:db8:f000::5', '2001:db8:f000::5', '2001:db8:f000::5']);
    expect(f('ipv6.plen')).toEqual(['40', '1460', '560', '64']);
    expect(f('ipv6.fraghdr.nxt')).toEqual(['17', '17']);
    expect(f('ipv6.fraghdr.offset')).toEqual(['0', '181']);
    expect(f('ipv6.fraghdr.more')).toEqual(['1', '0']);
    expect(f('icmpv6.type')).toEqual(['128']);
  });

  it('writes expanded flow samples (format 3) when asked', () => {
    const pcap = pcapOf('sflow-expanded.pcap', encodeShapes(true));
    const rows = tsharkFields(pcap, ['sflow_245.sampletype', 'sflow.flow_sample.source_id_index', 'sflow.flow_sample.input_interface_value', 'ip.src']);
    const col = (k: number): string[] => rows.flatMap((r) => r[k]!.slice(k === 3 ? 1 : 0));
    expect(new Set(col(0))).toEqual(new Set(['3', '2']));
    expect(col(1)).toEqual(SHAPES.map(() => '1'));
    expect(col(2)).toEqual(SHAPES.map(() => '1'));
    expect(col(3)).toHaveLength(9);
  });
});
