import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeExternal, missingTools } from '../../testing/external.js';
import { T0, TEST_RECORDS, testRecords } from '../testing/records.js';
import { parseTsharkTime, tempDir, tsharkFields, tsharkProblems, writeTestPcap } from '../testing/tshark.js';
import { IpfixEncoder, type IpfixSamplingStyle } from './ipfix.js';
import { ipfixFields } from './templates.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

function encoder(samplingRate: number, style: IpfixSamplingStyle = 'psamp', mtu = 1400): IpfixEncoder {
  return new IpfixEncoder({ observationDomainId: 77, samplingRate, samplingStyle: style, mtu, templateRefreshMs: 30_000 });
}

const v4 = TEST_RECORDS.filter((t) => !t.src.includes(':'));
const v6 = TEST_RECORDS.filter((t) => t.src.includes(':'));
const all = [...v4, ...v6];
const hex = (n: number, width: number): string => `0x${n.toString(16).padStart(width, '0')}`;

describeExternal('IPFIX encoder (checked by tshark)', missingTools('tshark'), () => {
  it('sends the templates, PSAMP sampling options and data records tshark decodes field by field', () => {
    const out: Uint8Array[] = [];
    encoder(100).encode(testRecords(), T0, out);
    expect(out).toHaveLength(1);
    const pcap = join(dir, 'ipfix.pcap');
    writeTestPcap(pcap, [{ payload: out[0]!, timeMs: T0 }]);
    expect(tsharkProblems(pcap)).toEqual([]);
    const [h] = tsharkFields(pcap, [
      'cflow.version',
      'cflow.len',
      'cflow.exporttime',
      'cflow.sequence',
      'cflow.od_id',
      'cflow.template_id',
      'cflow.template_ipfix_field_type',
      'cflow.template_ipfix_scope_field_count',
      'udp.length',
    ]);
    expect(h!.slice(0, 5).map((v) => v[0])).toEqual(['10', String(out[0]!.length), String(T0 / 1000), '0', '77']);
    expect(h![5]).toEqual(['256', '257', '258']);
    const types = [...ipfixFields(false), ...ipfixFields(true)].map((f) => String(f.id));
    expect(h![6]).toEqual([...types, '302', '304', '305', '306']);
    expect(h![7]).toEqual(['1']);
    const [o] = tsharkFields(pcap, ['cflow.selector_id', 'cflow.selector_algorithm', 'cflow.sampling_packet_interval', 'cflow.sampling_packet_space']);
    expect(o!.map((v) => v[0])).toEqual(['1', '1', '1', '99']);

    const [r] = tsharkFields(pcap, [
      'cflow.srcaddr',
      'cflow.dstaddr',
      'cflow.srcaddrv6',
      'cflow.dstaddrv6',
      'cflow.srcport',
      'cflow.dstport',
      'cflow.protocol',
      'cflow.tcpflags',
      'cflow.tos',
      'cflow.packets',
      'cflow.octets',
      'cflow.abstimestart',
      'cflow.abstimeend',
      'cflow.inputint',
      'cflow.outputint',
      'cflow.icmp_type_code_ipv4',
      'cflow.vlanid',
      'cflow.fragment_offset',
      'cflow.ip_fragment_flags',
      'cflow.direction',
    ]);
    expect(r!.slice(0, 11)).toEqual([
      v4.map((t) => t.src),
      v4.map((t) => t.dst),
      v6.map((t) => t.src),
      v6.map((t) => t.dst),
      all.map((t) => String(t.srcPort)),
      all.map((t) => String(t.dstPort)),
      all.map((t) => String(t.protocol)),
      all.map((t) => hex(t.tcpFlags, 4)),
      all.map((t) => hex(t.tos, 2)),
      all.map((t) => String(t.packets)),
      all.map((t) => String(t.bytes)),
    ]);
    expect(r![11]!.map(parseTsharkTime)).toEqual(all.map((t) => t.startMs));
    expect(r![12]!.map(parseTsharkTime)).toEqual(all.map((t) => t.endMs));
    expect(r!.slice(13)).toEqual([
      all.map((t) => String(t.inputIf)),
      all.map((t) => String(t.outputIf)),
      v4.map((t) => hex(t.icmpTypeCode, 4)),
      all.map((t) => String(t.vlan)),
      all.map((t) => String(t.fragOffset)),
      all.map((t) => hex(t.fragFlags, 2)),
      all.map(() => '0'),
    ]);
  });

  it('announces sampling in the older samplingInterval style when configured so', () => {
    const out: Uint8Array[] = [];
    encoder(1000, 'legacy').encode(testRecords(), T0, out);
    const pcap = join(dir, 'ipfix-legacy.pcap');
    writeTestPcap(pcap, [{ payload: out[0]!, timeMs: T0 }]);
    const [o] = tsharkFields(pcap, ['cflow.od_id', 'cflow.sampling_interval', 'cflow.sampling_algorithm', 'cflow.template_ipfix_scope_field_count']);
    // The header's ODID, then the options record's scope value.
    expect(o).toEqual([['77', '77'], ['1000'], ['2'], ['1']]);
  });

  it('counts data records (flow and options) per observation domain in the sequence number and respects the MTU', () => {
    const e = encoder(10, 'psamp', 1400);
    const out: Uint8Array[] = [];
    e.encode(testRecords(30), T0, out);
    e.encode(testRecords(3), T0 + 1000, out);
    const pcap = join(dir, 'ipfix-many.pcap');
    writeTestPcap(
      pcap,
      out.map((payload, k) => ({ payload, timeMs: T0 + k })),
    );
    expect(tsharkProblems(pcap)).toEqual([]);
    const rows = tsharkFields(pcap, ['cflow.sequence', 'cflow.packets', 'cflow.sampling_packet_space', 'udp.length']);
    let expected = 0;
    for (const r of rows) {
      expect(Number(r[0]![0])).toBe(expected);
      expected += r[1]!.length + r[2]!.length;
      expect(Number(r[3]![0]) - 8).toBeLessThanOrEqual(1400);
    }
    expect(expected).toBe(132 + 1);
  });
});
