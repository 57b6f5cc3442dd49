import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeExternal, missingTools } from '../../testing/external.js';
import { BOOT, T0, TEST_RECORDS, testRecords } from '../testing/records.js';
import { tempDir, tsharkFields, tsharkProblems, writeTestPcap } from '../testing/tshark.js';
import { NetflowV5Encoder } from './netflow-v5.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

function encode(times: number, samplingRate = 1, mtu = 1400): { out: Uint8Array[]; encoder: NetflowV5Encoder } {
  const encoder = new NetflowV5Encoder({ bootMs: BOOT, engineType: 0, engineId: 7, samplingRate, mtu });
  const out: Uint8Array[] = [];
  encoder.encode(testRecords(times), T0 + 250, out);
  return { out, encoder };
}

describeExternal('NetFlow v5 encoder (checked by tshark)', missingTools('tshark'), () => {
  it('writes header and every record field as tshark reads them; IPv6 records are skipped', () => {
    const { out, encoder } = encode(1, 512);
    expect(out).toHaveLength(1);
    expect(encoder.skippedIpv6).toBe(1);
    const pcap = join(dir, 'v5.pcap');
    writeTestPcap(pcap, [{ payload: out[0]!, timeMs: T0 }]);
    expect(tsharkProblems(pcap)).toEqual([]);
    const fields = ['cflow.version', 'cflow.count', 'cflow.sysuptime', 'cflow.unix_secs', 'cflow.unix_nsecs', 'cflow.sequence', 'cflow.engine_id', 'cflow.samplingmode', 'cflow.samplerate'];
    const [h] = tsharkFields(pcap, fields);
    expect(h!.map((v) => v[0])).toEqual(['5', '3', '86400.250000000', String(T0 / 1000), '250000000', '0', '7', '2', '512']);
    const recFields = [
      'cflow.srcaddr',
      'cflow.dstaddr',
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
    ];
    const [r] = tsharkFields(pcap, recFields);
    const v4 = TEST_RECORDS.filter((t) => !t.src.includes(':'));
    const rel = (ms: number): string => ((ms - BOOT) / 1000).toFixed(9);
    const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
    expect(r).toEqual([
      v4.map((t) => t.src),
      v4.map((t) => t.dst),
      v4.map((t) => String(t.protocol === 1 ? 0 : t.srcPort)),
      // v5 carries ICMP type and code in the destination port.
      v4.map((t) => String(t.protocol === 1 ? t.icmpTypeCode : t.dstPort)),
      v4.map((t) => String(t.protocol)),
      v4.map((t) => hex(t.tcpFlags)),
      v4.map((t) => hex(t.tos)),
      v4.map((t) => String(t.packets)),
      v4.map((t) => String(t.bytes)),
      v4.map((t) => rel(t.startMs)),
      v4.map((t) => rel(t.endMs)),
      v4.map((t) => String(t.inputIf)),
      v4.map((t) => String(t.outputIf)),
    ]);
  });

  it('packs as many records as fit the MTU and counts flows in the sequence', () => {
    const { out } = encode(40, 1, 1400);
    const pcap = join(dir, 'v5-many.pcap');
    writeTestPcap(
      pcap,
      out.map((payload, k) => ({ payload, timeMs: T0 + k })),
    );
    const rows = tsharkFields(pcap, ['cflow.count', 'cflow.sequence', 'udp.length', 'cflow.samplerate']);
    // 120 IPv4 records, 28 per 1400-octet datagram (24-octet header + 28 × 48).
    expect(rows.map((r) => Number(r[0]![0]))).toEqual([28, 28, 28, 28, 8]);
    expect(rows.map((r) => Number(r[1]![0]))).toEqual([0, 28, 56, 84, 112]);
    for (const r of rows) expect(Number(r[2]![0]) - 8).toBeLessThanOrEqual(1400);
    expect(rows[0]![3]).toEqual(['0']);
  });
});
