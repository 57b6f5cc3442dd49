/** Flow records with distinctive values in every field, for encoder tests. */
import { parseAddress } from '../../core/ip.js';
import { FlowRecords } from '../encode/flow-records.js';

/** Export time used by the encoder tests (2026-01-15 09:00:00 UTC). */
export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
/** Boot time of the test exporters: one day before {@link T0}. */
export const BOOT = T0 - 86_400_000;

/** One test record's values. */
export interface TestRecord {
  readonly src: string;
  readonly dst: string;
  readonly protocol: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly icmpTypeCode: number;
  readonly tcpFlags: number;
  readonly tos: number;
  readonly packets: number;
  readonly bytes: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly inputIf: number;
  readonly outputIf: number;
  readonly fragFlags: number;
  readonly fragOffset: number;
  readonly vlan: number;
}

/** Four records: TCP and ICMP over IPv4, a UDP fragment, TCP over IPv6. */
export const TEST_RECORDS: readonly TestRecord[] = [
  {
    src: '100.64.1.2',
    dst: '192.0.2.10',
    protocol: 6,
    srcPort: 40001,
    dstPort: 443,
    icmpTypeCode: 0,
    tcpFlags: 0x02,
    tos: 0,
    packets: 3,
    bytes: 180,
    startMs: T0 - 9000,
    endMs: T0 - 8000,
    inputIf: 1,
    outputIf: 10,
    fragFlags: 0x40,
    fragOffset: 0,
    vlan: 100,
  },
  {
    src: '172.16.5.6',
    dst: '198.51.100.7',
    protocol: 1,
    srcPort: 0,
    dstPort: 0,
    icmpTypeCode: 0x0800,
    tcpFlags: 0,
    tos: 0x20,
    packets: 10,
    bytes: 840,
    startMs: T0 - 30000,
    endMs: T0 - 1500,
    inputIf: 1,
    outputIf: 11,
    fragFlags: 0,
    fragOffset: 0,
    vlan: 101,
  },
  {
    src: '100.96.0.9',
    dst: '203.0.113.53',
    protocol: 17,
    srcPort: 53,
    dstPort: 33333,
    icmpTypeCode: 0,
    tcpFlags: 0,
    tos: 0,
    packets: 7,
    bytes: 10500,
    startMs: T0 - 2000,
    endMs: T0 - 1000,
    inputIf: 1,
    outputIf: 12,
    fragFlags: 0x20,
    fragOffset: 0,
    vlan: 102,
  },
  {
    src: '2001:db8:f000::1:2',
    dst: '2001:db8:100::10',
    protocol: 6,
    srcPort: 40002,
    dstPort: 80,
    icmpTypeCode: 0,
    tcpFlags: 0x18,
    tos: 0,
    packets: 123456,
    bytes: 185184000,
    startMs: T0 - 60000,
    endMs: T0 - 10,
    inputIf: 1,
    outputIf: 10,
    fragFlags: 0,
    fragOffset: 0,
    vlan: 100,
  },
];

/** The test records as a {@link FlowRecords} batch (repeated `times` times). */
export function testRecords(times = 1): FlowRecords {
  const r = new FlowRecords(4);
  for (let k = 0; k < times; k++) {
    for (const t of TEST_RECORDS) {
      const i = r.add();
      r.ipVersion[i] = t.src.includes(':') ? 6 : 4;
      r.src.set(parseAddress(t.src), i * 4);
      r.dst.set(parseAddress(t.dst), i * 4);
      r.protocol[i] = t.protocol;
      r.srcPort[i] = t.srcPort;
      r.dstPort[i] = t.dstPort;
      r.icmpTypeCode[i] = t.icmpTypeCode;
      r.tcpFlags[i] = t.tcpFlags;
      r.tos[i] = t.tos;
      r.packets[i] = t.packets;
      r.bytes[i] = t.bytes;
      r.startMs[i] = t.startMs;
      r.endMs[i] = t.endMs;
      r.inputIf[i] = t.inputIf;
      r.outputIf[i] = t.outputIf;
      r.fragFlags[i] = t.fragFlags;
      r.fragOffset[i] = t.fragOffset;
      r.vlan[i] = t.vlan;
    }
  }
  return r;
}
