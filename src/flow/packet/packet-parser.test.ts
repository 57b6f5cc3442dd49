import { describe, expect, it } from 'vitest';
import { formatAddress } from '../../core/ip.js';
import { FragmentFlags } from '../flow-batch.js';
import { ethernet, gre, icmp, ipv4, ipv6, mpls, tcp, udp } from '../testing/synth-packet.js';
import { LinkType, PacketInfo, PacketStatus, parsePacket } from './packet-parser.js';

const payload = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8]);

function parse(bytes: Uint8Array, link: LinkType = LinkType.Ethernet): { status: PacketStatus; info: PacketInfo } {
  const info = new PacketInfo();
  const status = parsePacket(bytes, 0, bytes.length, link, info);
  return { status, info };
}

function view(p: PacketInfo): Record<string, unknown> {
  return {
    ipVersion: p.ipVersion,
    src: formatAddress(p.src[0]!, p.src[1]!, p.src[2]!, p.src[3]!),
    dst: formatAddress(p.dst[0]!, p.dst[1]!, p.dst[2]!, p.dst[3]!),
    protocol: p.protocol,
    srcPort: p.srcPort,
    dstPort: p.dstPort,
    tcpFlags: p.tcpFlags,
    tos: p.tos,
    icmpTypeCode: p.icmpTypeCode,
    fragment: p.fragment,
    vlan: p.vlan,
    ipLength: p.ipLength,
  };
}

const tcp4 = ipv4({ src: '192.0.2.1', dst: '198.51.100.7', protocol: 6, tos: 0x28, payload: tcp({ srcPort: 40000, dstPort: 443, flags: 0x12, payload }) });

describe('parsePacket', () => {
  it('reads addresses, ports, flags and ToS of TCP over IPv4 over Ethernet', () => {
    const { status, info } = parse(ethernet({ type: 0x0800, payload: tcp4 }));
    expect(status).toBe(PacketStatus.Ok);
    expect(view(info)).toEqual({
      ipVersion: 4,
      src: '192.0.2.1',
      dst: '198.51.100.7',
      protocol: 6,
      srcPort: 40000,
      dstPort: 443,
      tcpFlags: 0x12,
      tos: 0x28,
      icmpTypeCode: 0,
      fragment: 0,
      vlan: 0,
      ipLength: tcp4.length,
    });
  });

  it('keeps the outermost VLAN of 802.1Q and QinQ (0x88a8) tags', () => {
    const one = parse(ethernet({ type: 0x0800, payload: tcp4, vlans: [{ id: 100 }] }));
    expect(one.info.vlan).toBe(100);
    const qinq = parse(ethernet({ type: 0x0800, payload: tcp4, vlans: [{ id: 300, tpid: 0x88a8 }, { id: 20 }] }));
    expect(qinq.info.vlan).toBe(300);
    expect(qinq.info.srcPort).toBe(40000);
  });

  it('walks MPLS label stacks to IPv4, IPv6, and Ethernet behind a control word', () => {
    expect(parse(ethernet({ type: 0x8847, payload: mpls([16, 17, 18], tcp4) })).info.dst).toEqual(new Uint32Array([0, 0, 0xffff, 0xc6336407]));
    const v6 = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', protocol: 17, payload: udp({ srcPort: 53, dstPort: 5353 }) });
    expect(view(parse(ethernet({ type: 0x8847, payload: mpls([2], v6) })).info)).toMatchObject({ ipVersion: 6, src: '2001:db8::1', protocol: 17, dstPort: 5353 });
    const eompls = mpls([300012, 17], new Uint8Array([0, 0, 0, 0, ...ethernet({ type: 0x0800, payload: tcp4, vlans: [{ id: 7 }] })]));
    expect(view(parse(ethernet({ type: 0x8847, payload: eompls })).info)).toMatchObject({ ipVersion: 4, src: '192.0.2.1', vlan: 7 });
  });

  it('reports no IP for an MPLS associated channel and for non-IP EtherTypes, without error', () => {
    expect(parse(ethernet({ type: 0x8847, payload: mpls([100], new Uint8Array([0x10, 0, 0, 0])) })).status).toBe(PacketStatus.NotIp);
    expect(parse(ethernet({ type: 0x0806, payload: new Uint8Array(28) })).status).toBe(PacketStatus.NotIp);
  });

  it('reports the outer header of GRE and IP-in-IP tunnels', () => {
    const inner = ipv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, payload: udp({ srcPort: 1, dstPort: 2 }) });
    const greV4 = parse(ethernet({ type: 0x0800, payload: ipv4({ src: '203.0.113.1', dst: '203.0.113.2', protocol: 47, payload: gre(0x0800, inner) }) }));
    expect(view(greV4.info)).toMatchObject({ src: '203.0.113.1', dst: '203.0.113.2', protocol: 47, srcPort: 0, dstPort: 0 });
    const ipip = parse(ipv4({ src: '203.0.113.1', dst: '203.0.113.2', protocol: 4, payload: inner }), LinkType.Ip);
    expect(view(ipip.info)).toMatchObject({ src: '203.0.113.1', protocol: 4, srcPort: 0 });
  });

  it('skips IPv6 extension headers to the upper-layer protocol (SRv6 routing header included)', () => {
    const v6 = ipv6({
      src: '2001:db8::1',
      dst: '2001:db8::2',
      protocol: 6,
      trafficClass: 0xb8,
      extensions: [{ type: 0 }, { type: 43 }, { type: 60 }],
      payload: tcp({ srcPort: 1234, dstPort: 80, flags: 0x02 }),
    });
    expect(view(parse(v6, LinkType.Ip).info)).toMatchObject({ ipVersion: 6, protocol: 6, srcPort: 1234, dstPort: 80, tcpFlags: 2, tos: 0xb8, ipLength: v6.length });
  });

  it('marks IPv4 and IPv6 fragments and reads ports only from first fragments', () => {
    const first = parse(ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 17, flags: 0x2000, payload: udp({ srcPort: 123, dstPort: 456 }) }), LinkType.Ip).info;
    expect([first.fragment, first.srcPort]).toEqual([FragmentFlags.IsFragment | FragmentFlags.FirstFragment, 123]);
    const later = parse(ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 17, fragmentOffset: 185, payload: udp({ srcPort: 123, dstPort: 456 }) }), LinkType.Ip).info;
    expect([later.fragment, later.srcPort]).toEqual([FragmentFlags.IsFragment, 0]);
    const df = parse(ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 6, flags: 0x4000, payload: tcp({ srcPort: 1, dstPort: 2, flags: 0x10 }) }), LinkType.Ip).info;
    expect(df.fragment).toBe(FragmentFlags.DontFragment);
    const v6later = parse(ipv6({ src: '::1', dst: '::2', protocol: 17, extensions: [{ type: 44, fragmentOffset: 100, more: true }], payload: udp({ srcPort: 9, dstPort: 9 }) }), LinkType.Ip).info;
    expect([v6later.fragment, v6later.protocol, v6later.srcPort]).toEqual([FragmentFlags.IsFragment, 17, 0]);
    const v6first = parse(ipv6({ src: '::1', dst: '::2', protocol: 17, extensions: [{ type: 44, fragmentOffset: 0, more: true }], payload: udp({ srcPort: 9, dstPort: 10 }) }), LinkType.Ip).info;
    expect([v6first.fragment, v6first.dstPort]).toEqual([FragmentFlags.IsFragment | FragmentFlags.FirstFragment, 10]);
  });

  it('reads ICMP and ICMPv6 type and code', () => {
    expect(parse(ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 1, payload: icmp(8, 0) }), LinkType.Ip).info.icmpTypeCode).toBe(0x0800);
    expect(parse(ipv6({ src: '::1', dst: '::2', protocol: 58, payload: icmp(135, 0) }), LinkType.Ip).info.icmpTypeCode).toBe(135 * 256);
  });

  it('never reads past the L4 header: the result is the same with the payload cut off or changed', () => {
    const frames = [
      ethernet({ type: 0x0800, payload: tcp4 }),
      ethernet({ type: 0x0800, payload: ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 17, payload: udp({ srcPort: 5, dstPort: 6, payload }) }) }),
      ethernet({ type: 0x86dd, payload: ipv6({ src: '::1', dst: '::2', protocol: 58, payload: icmp(128, 0, payload) }) }),
    ];
    for (const f of frames) {
      const full = view(parse(f).info);
      const cut = f.subarray(0, f.length - payload.length);
      expect(view(parse(cut).info)).toEqual(full);
      const scrambled = f.slice();
      for (let k = f.length - payload.length; k < f.length; k++) scrambled[k] = 0xff - scrambled[k]!;
      expect(view(parse(scrambled).info)).toEqual(full);
    }
  });

  it('reports truncation instead of reading beyond the header bytes', () => {
    const f = ethernet({ type: 0x0800, payload: tcp4 });
    for (let cut = 0; cut < 34; cut++) expect(parse(f.subarray(0, cut)).status).toBe(PacketStatus.Truncated);
    // IP header complete, L4 cut short: addresses kept, ports unknown.
    const partial = parse(f.subarray(0, 36));
    expect([partial.status, partial.info.srcPort, partial.info.dstPort]).toEqual([PacketStatus.Ok, 0, 0]);
  });
});
