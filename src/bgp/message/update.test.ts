import { describe, expect, it } from 'vitest';
import { formatPrefix } from '../../core/ip.js';
import { decodeAction } from '../flowspec/actions.js';
import { formatFlowSpecRule } from '../flowspec/text.js';
import { prepareRoute, rtbhRoute } from '../route.js';
import { AdjRibOut } from '../session/adj-rib-out.js';
import { packUpdates } from '../session/update-packer.js';
import { fromHex, toHex } from './byte-writer.js';
import { formatCommunity } from './communities.js';
import { UpdateSubcode } from './constants.js';
import { MessageFramer } from './header.js';
import { decodeNotification } from './notification.js';
import { decodeOpen } from './open.js';
import { decodeUpdate, encodeEndOfRib } from './update.js';

/** UPDATE bodies gobgpd 3.10 sent us for routes added with `gobgp global rib add` (captured on loopback). */
const GOBGPD = {
  rtbhV4: '0000001f4001010240020602010000fde9400304c0000201c00808ffff029affffff0120c0000205',
  rtbhV6: '0000003d4001010240020602010000fde9c00804ffff029a800e260002011001000000000000000000000000000001008020010db8000000000000000000000005',
  flowspec: '000000434001010240020602010000fde9800e2000018500001a01200a000001038106050150130400d5080009010282100c8002c0101080060000447a0000800900000000000a',
  redirect: '0000002f4001010240020602010000fde9800e0c00018500000601200a000003c010108008fde8000000648007000000000003',
};

function decode(hex: string) {
  const d = decodeUpdate(fromHex(hex), { fourOctetAs: true });
  if (!d.ok) throw new Error(d.error.reason);
  return d.value;
}

function body(message: Uint8Array): Uint8Array {
  return new MessageFramer().push(message).messages[0]!.body;
}

const ENC = { localAs: 65000, ibgp: false, fourOctetAs: true, nextHopV4: Uint8Array.of(192, 0, 2, 1), nextHopV6: fromHex('01000000000000000000000000000001') };

function packOne(route: Parameters<typeof prepareRoute>[0]): Uint8Array[] {
  const rib = new AdjRibOut();
  rib.announce(prepareRoute(route), 0);
  return packUpdates(rib.takeDirty(), ENC).messages.map((m) => m.bytes);
}

describe('UPDATE decoding of what gobgpd sends', () => {
  it('reads an IPv4 RTBH route: prefix, AS path, next hop, BLACKHOLE and NO_EXPORT', () => {
    const u = decode(GOBGPD.rtbhV4);
    expect(u.nlri.map(formatPrefix)).toEqual(['192.0.2.5/32']);
    expect(u.attributes).toMatchObject({ origin: 2, asPath: [{ type: 2, asns: [65001] }], nextHop: 0xc0000201 });
    expect(u.attributes.communities?.map(formatCommunity)).toEqual(['65535:666', '65535:65281']);
    expect(u.malformed).toBeUndefined();
  });

  it('reads an IPv6 RTBH route from MP_REACH_NLRI', () => {
    const u = decode(GOBGPD.rtbhV6);
    expect(u.reach?.family).toBe('ipv6-unicast');
    expect(u.reach?.nextHop).toBe('100::1');
    expect(u.reach?.prefixes.map(formatPrefix)).toEqual(['2001:db8::5/128']);
  });

  it('reads FlowSpec rules and their actions', () => {
    const u = decode(GOBGPD.flowspec);
    expect(u.reach?.rules.map(formatFlowSpecRule)).toEqual(['[destination: 10.0.0.1/32][protocol: ==6][destination-port: ==80 >=1024&<=2048][tcp-flags: =S !A][fragment: is-fragment]']);
    expect(u.attributes.extendedCommunities?.map(decodeAction)).toEqual([
      { kind: 'traffic-rate-bytes', rate: 1000, asn: 0 },
      { kind: 'traffic-marking', dscp: 10 },
    ]);
    expect(decode(GOBGPD.redirect).attributes.extendedCommunities?.map(decodeAction)).toEqual([
      { kind: 'redirect', target: '65000:100' },
      { kind: 'traffic-action', sample: true, terminal: true },
    ]);
  });
});

describe('UPDATE encoding', () => {
  it('packs an RTBH route into exactly the octets RFC 4271 and RFC 7999 call for', () => {
    const [msg] = packOne(rtbhRoute('192.0.2.5'));
    // ORIGIN IGP; AS_PATH SEQUENCE [65000] in 4 octets; NEXT_HOP 192.0.2.1; COMMUNITIES BLACKHOLE, NO_EXPORT; NLRI /32.
    expect(toHex(body(msg!))).toBe('0000' + '001f' + '40010100' + '40020602010000fde8' + '400304c0000201' + 'c00808ffff029affffff01' + '20c0000205');
  });

  it('places MP_REACH_NLRI first and round-trips an IPv6 route', () => {
    const [msg] = packOne({ kind: 'unicast', prefix: '2001:db8::7/128', communities: ['blackhole'], largeCommunities: ['64500:1:2'], med: 10 });
    const b = body(msg!);
    expect(b[4]).toBe(0x90); // first attribute: optional, extended length …
    expect(b[5]).toBe(14); // … MP_REACH_NLRI
    const u = decode(toHex(b));
    expect(u.reach).toMatchObject({ family: 'ipv6-unicast', nextHop: '100::1' });
    expect(u.reach?.prefixes.map(formatPrefix)).toEqual(['2001:db8::7/128']);
    expect(u.attributes).toMatchObject({ med: 10, largeCommunities: [[64500, 1, 2]], communities: [0xffff029a] });
  });

  it('writes 2-octet AS_PATH with AS_TRANS plus AS4_PATH towards an old peer (RFC 6793 §4.2.2)', () => {
    const rib = new AdjRibOut();
    rib.announce(prepareRoute(rtbhRoute('192.0.2.5')), 0);
    const [m] = packUpdates(rib.takeDirty(), { ...ENC, localAs: 4200000001, fourOctetAs: false }).messages;
    const u = decodeUpdate(body(m!.bytes), { fourOctetAs: false });
    expect(u.ok && u.value.attributes.asPath).toEqual([{ type: 2, asns: [23456] }]);
    expect(u.ok && u.value.attributes.as4Path).toEqual([{ type: 2, asns: [4200000001] }]);
  });

  it('fills UPDATEs up to 4096 octets and no further', () => {
    const rib = new AdjRibOut();
    for (let i = 0; i < 3000; i++) rib.announce(prepareRoute(rtbhRoute(`10.${i >> 8}.${i & 255}.1`)), 0);
    const { messages, failures } = packUpdates(rib.takeDirty(), ENC);
    expect(failures).toEqual([]);
    expect(messages.every((m) => m.bytes.length <= 4096)).toBe(true);
    expect(messages.reduce((n, m) => n + m.items.length, 0)).toBe(3000);
    expect(messages.length).toBe(Math.ceil(3000 / Math.floor((4096 - 23 - 29) / 5)));
  });

  it('encodes End-of-RIB markers that decode as such (RFC 4724 §2)', () => {
    for (const f of ['ipv4-unicast', 'ipv6-unicast', 'ipv4-flowspec', 'ipv6-flowspec'] as const) {
      expect(decode(toHex(body(encodeEndOfRib(f)))).endOfRib).toBe(f);
    }
  });
});

describe('UPDATE error handling (RFC 7606)', () => {
  it('resets the session when the attributes overrun the message', () => {
    const d = decodeUpdate(fromHex('0000ffff40010100'), { fourOctetAs: true });
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error).toMatchObject({ code: 3, subcode: UpdateSubcode.MalformedAttributeList, treatAsWithdraw: false });
  });

  it('treats a bad ORIGIN, a bad AS_PATH and a missing NEXT_HOP as withdraw', () => {
    const badOrigin = decode('0000001f4001010740020602010000fde9400304c0000201c00808ffff029affffff0120c0000205');
    expect(badOrigin.malformed).toMatchObject({ subcode: UpdateSubcode.InvalidOrigin, treatAsWithdraw: true });
    const badPath = decode('0000001f4001010240020605010000fde9400304c0000201c00808ffff029affffff0120c0000205');
    expect(badPath.malformed?.subcode).toBe(UpdateSubcode.MalformedAsPath);
    const noNextHop = decode('000000184001010240020602010000fde9c00808ffff029affffff0120c0000205');
    expect(noNextHop.malformed).toMatchObject({ subcode: UpdateSubcode.MissingWellKnownAttribute, data: Uint8Array.of(3) });
  });

  it('resets the session on a repeated MP_REACH_NLRI', () => {
    const mp = '800e0c00018500000601200a000003';
    const d = decodeUpdate(fromHex(`0000001e${mp}${mp}`), { fourOctetAs: true });
    expect(!d.ok && d.error.treatAsWithdraw).toBe(false);
  });

  it('never throws, whatever the bytes', () => {
    let seed = 99;
    const rnd = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const seeds = Object.values(GOBGPD).map(fromHex);
    for (let i = 0; i < 5000; i++) {
      const b = seeds[i % seeds.length]!.slice();
      for (let k = 0; k < 1 + (i % 6); k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      const cut = b.subarray(0, Math.floor(rnd() * (b.length + 1)));
      expect(() => decodeUpdate(cut, { fourOctetAs: i % 2 === 0 })).not.toThrow();
      expect(() => decodeOpen(cut)).not.toThrow();
      expect(() => decodeNotification(cut)).not.toThrow();
    }
  });
});
