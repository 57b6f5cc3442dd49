import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeExternal, missingTools } from '../../testing/external.js';
import { BOOT, T0, TEST_RECORDS, testRecords } from '../testing/records.js';
import { tempDir, tsharkFields, tsharkProblems, writeTestPcap } from '../testing/tshark.js';
import { NetflowV9Encoder } from './netflow-v9.js';
import { v9Fields } from './templates.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

function encoder(samplingRate: number, mtu = 1400): NetflowV9Encoder {
  return new NetflowV9Encoder({ bootMs: BOOT, sourceId: 42, samplingRate, mtu, templateRefreshMs: 30_000 });
}

const v4 = TEST_RECORDS.filter((t) => !t.src.includes(':'));
const v6 = TEST_RECORDS.filter((t) => t.src.includes(':'));
const rel = (ms: number): string => ((ms - BOOT) / 1000).toFixed(9);
const hex = (n: number, width = 2): string => `0x${n.toString(16).padStart(width, '0')}`;

describeExternal('NetFlow v9 encoder (checked by tshark)', missingTools('tshark'), () => {
  it('sends templates, sampling options and data records that tshark decodes field by field', () => {
    const out: Uint8Array[] = [];
    encoder(100).encode(testRecords(), T0, out);
    expect(out).toHaveLength(1);
    const pcap = join(dir, 'v9.pcap');
    writeTestPcap(pcap, [{ payload: out[0]!, timeMs: T0 }]);
    expect(tsharkProblems(pcap)).toEqual([]);
    const [h] = tsharkFields(pcap, [
      'cflow.version',
      'cflow.count',
      'cflow.sysuptime',
      'cflow.unix_secs',
      'cflow.sequence',
      'cflow.source_id',
      'cflow.template_id',
      'cflow.template_field_type',
      'cflow.template_field_length',
      'cflow.scope_field_type',
    ]);
    // 2 templates + 1 options template + 1 options record + 4 data records.
    expect(h!.slice(0, 6).map((v) => v[0])).toEqual(['9', '8', '86400.000000000', String(T0 / 1000), '0', '42']);
    expect(h![6]).toEqual(['256', '257', '258']);
    const templates = [...v9Fields(false, true), ...v9Fields(true, true)];
    expect(h![7]).toEqual([...templates.map((f) => String(f.id)), '48', '49', '50', '34', '35']);
    // Lengths include the options template's scope field (System, 4 octets) before its option fields.
    expect(h![8]).toEqual([...templates.map((f) => String(f.length)), '4', '2', '1', '4', '4', '1']);
    expect(h![9]).toEqual(['1']);
    const [o] = tsharkFields(pcap, ['cflow.scope_system', 'cflow.sampler_id', 'cflow.sampler_mode', 'cflow.sampler_random_interval', 'cflow.sampling_interval', 'cflow.sampling_algorithm']);
    expect(o!.map((v) => v[0])).toEqual(['0000002a', '1', '2', '100', '100', '2']);

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
      'cflow.timestart',
      'cflow.timeend',
      'cflow.inputint',
      'cflow.outputint',
      'cflow.icmp_type_code_ipv4',
      'cflow.vlanid',
      'cflow.fragment_offset',
      'cflow.ip_fragment_flags',
    ]);
    const all = [...v4, ...v6];
    expect(r).toEqual([
      v4.map((t) => t.src),
      v4.map((t) => t.dst),
      v6.map((t) => t.src),
      v6.map((t) => t.dst),
      all.map((t) => String(t.srcPort)),
      all.map((t) => String(t.dstPort)),
      all.map((t) => String(t.protocol)),
      all.map((t) => hex(t.tcpFlags)),
      all.map((t) => hex(t.tos)),
      all.map((t) => String(t.packets)),
      all.map((t) => String(t.bytes)),
      all.map((t) => rel(t.startMs)),
      all.map((t) => rel(t.endMs)),
      all.map((t) => String(t.inputIf)),
      all.map((t) => String(t.outputIf)),
      v4.map((t) => hex(t.icmpTypeCode, 4)),
      all.map((t) => String(t.vlan)),
      all.map((t) => String(t.fragOffset)),
      all.map((t) => hex(t.fragFlags)),
    ]);
  });

  it('resends templates only when the refresh interval has passed; an unsampled exporter sends no options', () => {
    const e = encoder(1);
    const out: Uint8Array[] = [];
    e.encode(testRecords(), T0, out);
    e.encode(testRecords(), T0 + 10_000, out);
    const before = out.length;
    e.encode(testRecords(0), T0 + 20_000, out); // nothing to send, templates not due
    expect(out.length).toBe(before);
    e.encode(testRecords(0), T0 + 30_000, out); // templates due: a template-only datagram
    const pcap = join(dir, 'v9-refresh.pcap');
    writeTestPcap(
      pcap,
      out.map((payload, k) => ({ payload, timeMs: T0 + k * 10_000 })),
    );
    const rows = tsharkFields(pcap, ['cflow.sequence', 'cflow.count', 'cflow.flowset_id', 'cflow.sampling_interval']);
    expect(rows.map((r) => r[0]![0])).toEqual(['0', '1', '2']);
    expect(rows.map((r) => r[1]![0])).toEqual(['6', '4', '2']);
    expect(rows.map((r) => r[2])).toEqual([['0', '256', '257'], ['256', '257'], ['0']]);
    expect(rows.every((r) => r[3]!.length === 0)).toBe(true);
  });

  it('packs records up to the MTU with 4-octet aligned FlowSets and one sequence number per datagram', () => {
    const out: Uint8Array[] = [];
    encoder(10, 1400).encode(testRecords(50), T0, out);
    const pcap = join(dir, 'v9-many.pcap');
    writeTestPcap(
      pcap,
      out.map((payload, k) => ({ payload, timeMs: T0 + k })),
    );
    expect(tsharkProblems(pcap)).toEqual([]);
    const rows = tsharkFields(pcap, ['cflow.sequence', 'cflow.count', 'udp.length', 'cflow.flowset_length', 'cflow.packets']);
    expect(rows.map((r) => Number(r[0]![0]))).toEqual(rows.map((_, k) => k));
    let data = 0;
    for (const r of rows) {
      expect(Number(r[2]![0]) - 8).toBeLessThanOrEqual(1400);
      for (const len of r[3]!) expect(Number(len) % 4).toBe(0);
      data += r[4]!.length;
    }
    expect(data).toBe(200);
    // Every datagram but the last is filled to within one record of the MTU.
    for (const r of rows.slice(0, -1)) expect(Number(r[2]![0]) - 8).toBeGreaterThan(1400 - 120);
  });
});
