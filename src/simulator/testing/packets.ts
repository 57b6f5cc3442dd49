/** A packet batch with one row of every shape the header builder writes, for sFlow and header tests. */
import { parseAddress } from '../../core/ip.js';
import { Frag, PacketBatch, RowFlags } from '../traffic/packet-batch.js';

/** What each test row is, in order. */
export const SHAPES = [
  'tcp-syn-v4',
  'udp-first-fragment-v4',
  'udp-later-fragment-v4',
  'icmp-echo-v4',
  'gre-ip-v4',
  'gre-eth-v4',
  'tcp-ack-v6',
  'udp-first-fragment-v6',
  'udp-later-fragment-v6',
  'icmpv6-echo',
  'udp-small-v4',
] as const;

/** Builds the batch; row `i` has shape `SHAPES[i]`. */
export function shapeBatch(): PacketBatch {
  const b = new PacketBatch(16);
  const bot4 = new Uint32Array(parseAddress('100.64.0.5'));
  const dst4 = new Uint32Array(parseAddress('192.0.2.10'));
  const bot6 = new Uint32Array(parseAddress('2001:db8:f000::5'));
  const dst6 = new Uint32Array(parseAddress('2001:db8:100::10'));
  const add = (v6: boolean, proto: number, len: number): number => {
    const i = b.add(1000 + b.length, v6 ? 6 : 4, proto, len, 0, 1);
    b.setAddresses(i, v6 ? bot6 : bot4, 0, v6 ? dst6 : dst4, 0);
    b.ttl[i] = 53;
    return i;
  };
  let i = add(false, 6, 60);
  b.srcPort[i] = 40000;
  b.dstPort[i] = 80;
  b.tcpFlags[i] = 0x02;
  b.frag[i] = Frag.DontFragment;
  i = add(false, 17, 1500);
  b.srcPort[i] = 53;
  b.dstPort[i] = 33333;
  b.frag[i] = Frag.MoreFragments;
  b.datagramLen[i] = 3008;
  i = add(false, 17, 1548);
  b.frag[i] = 185;
  i = add(false, 1, 84);
  b.icmpTypeCode[i] = 0x0800;
  b.srcPort[i] = 77;
  i = add(false, 47, 564);
  b.srcPort[i] = 1234;
  b.dstPort[i] = 5678;
  i = add(false, 47, 578);
  b.srcPort[i] = 1234;
  b.dstPort[i] = 5678;
  b.flags[i] = RowFlags.GreEthernet;
  i = add(true, 6, 80);
  b.srcPort[i] = 40000;
  b.dstPort[i] = 443;
  b.tcpFlags[i] = 0x10;
  i = add(true, 17, 1500);
  b.srcPort[i] = 53;
  b.dstPort[i] = 33333;
  b.frag[i] = Frag.MoreFragments;
  b.datagramLen[i] = 3000;
  i = add(true, 17, 600);
  b.frag[i] = 181;
  i = add(true, 58, 104);
  b.icmpTypeCode[i] = 0x8000;
  i = add(false, 17, 29);
  b.srcPort[i] = 5000;
  b.dstPort[i] = 6000;
  return b;
}
