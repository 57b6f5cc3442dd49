/**
 * The speaker against a real gobgpd: what we announce must arrive in GoBGP's RIB exactly as
 * intended (prefix, communities, next hop, FlowSpec components and actions) and leave on withdraw.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeExternal, missingTools } from '../testing/external.js';
import { DISCARD } from './flowspec/actions.js';
import { FragmentFlag, TcpFlag, bitmask, numeric } from './flowspec/rule.js';
import { rtbhRoute, type BgpRoute } from './route.js';
import type { BgpSpeaker } from './speaker.js';
import { plainPath } from './testing/gobgp-path.js';
import { Gobgpd, waitFor, type GobgpPath } from './testing/gobgpd.js';
import { TEST_GOBGP_AS, TEST_LOCAL_AS, speakerConfig, testSpeaker } from './testing/harness.js';
import type { RouteFamily } from './message/constants.js';

describeExternal('BgpSpeaker against gobgpd', missingTools('gobgpd', 'gobgp'), () => {
  let gobgpd: Gobgpd;
  let speaker: BgpSpeaker;

  beforeAll(async () => {
    gobgpd = await Gobgpd.start({
      as: TEST_GOBGP_AS,
      routerId: '10.255.0.1',
      neighbors: [
        { address: '127.0.0.1', peerAs: TEST_LOCAL_AS, families: ['ipv4-unicast', 'ipv6-unicast', 'ipv4-flowspec', 'ipv6-flowspec'] },
        // A second session from 127.0.0.2 that GoBGP only accepts IPv4 unicast on.
        { address: '127.0.0.2', peerAs: TEST_LOCAL_AS, families: ['ipv4-unicast'] },
      ],
    });
    speaker = testSpeaker(
      speakerConfig(gobgpd, [{ name: 'all-families' }, { name: 'v4-only', localAddress: '127.0.0.2', families: ['ipv4-unicast', 'ipv4-flowspec'], nextHops: { ipv4: '192.0.2.99' } }]),
    ).speaker;
    await speaker.start();
    await waitFor('both sessions established', () => (speaker.peers().every((p) => p.state === 'established') ? true : undefined), 15_000);
  });

  afterAll(async () => {
    await speaker?.stop();
    await gobgpd?.stop();
  });

  /** Paths GoBGP holds for `key` from the neighbour `from`. */
  async function pathsAt(family: RouteFamily, key: string, from = '127.0.0.1'): Promise<GobgpPath[]> {
    return ((await gobgpd.rib(family))[key] ?? []).filter((p) => p['neighbor-ip'] === from);
  }

  async function arrived(family: RouteFamily, key: string, from = '127.0.0.1'): Promise<GobgpPath> {
    return waitFor(`${key} in gobgpd`, async () => (await pathsAt(family, key, from))[0]);
  }

  async function gone(family: RouteFamily, key: string, from = '127.0.0.1'): Promise<void> {
    await waitFor(`${key} gone from gobgpd`, async () => ((await pathsAt(family, key, from)).length === 0 ? true : undefined));
  }

  const EBGP = { origin: 0, asPath: [TEST_LOCAL_AS] };

  it('announces an IPv4 RTBH route with BLACKHOLE, NO_EXPORT and the configured next hop, and withdraws it', async () => {
    const { key, peers } = speaker.announce(rtbhRoute('198.51.100.7'));
    expect(peers).toEqual(['all-families', 'v4-only']);
    expect(plainPath(await arrived('ipv4-unicast', '198.51.100.7/32'))).toEqual({ ...EBGP, nextHop: '192.0.2.1', communities: ['65535:666', '65535:65281'] });
    expect(plainPath(await arrived('ipv4-unicast', '198.51.100.7/32', '127.0.0.2'))).toEqual({ ...EBGP, nextHop: '192.0.2.99', communities: ['65535:666', '65535:65281'] });
    expect(speaker.routeStatus(key).map((r) => [r.peer, r.status.state])).toEqual([
      ['all-families', 'active'],
      ['v4-only', 'active'],
    ]);
    speaker.withdraw(key);
    await gone('ipv4-unicast', '198.51.100.7/32');
    await gone('ipv4-unicast', '198.51.100.7/32', '127.0.0.2');
    expect(speaker.routeStatus(key).map((r) => r.status.state)).toEqual(['withdrawn', 'withdrawn']);
  });

  it('announces an IPv6 route with its own next hop, MED and large community', async () => {
    const route: BgpRoute = { kind: 'unicast', prefix: '2001:db8:77::/48', nextHop: '2001:db8:ffff::1', communities: ['blackhole', '64500:7'], largeCommunities: ['64500:1:2'], med: 50 };
    const { key } = speaker.announce(route);
    expect(plainPath(await arrived('ipv6-unicast', '2001:db8:77::/48'))).toEqual({
      ...EBGP,
      nextHop: '2001:db8:ffff::1',
      communities: ['64500:7', '65535:666'],
      med: 50,
      largeCommunities: ['64500:1:2'],
    });
    speaker.withdraw(key);
    await gone('ipv6-unicast', '2001:db8:77::/48');
  });

  it('replaces a route announced again with other attributes instead of adding a second one', async () => {
    speaker.announce(rtbhRoute('198.51.100.8'));
    await arrived('ipv4-unicast', '198.51.100.8/32');
    speaker.announce(rtbhRoute('198.51.100.8', { communities: ['64500:42'] }));
    const path = await waitFor('new communities', async () => {
      const p = await pathsAt('ipv4-unicast', '198.51.100.8/32');
      return p.length === 1 && plainPath(p[0]!).communities.includes('64500:42') ? p : undefined;
    });
    expect(plainPath(path[0]!).communities).toEqual(['64500:42', '65535:666', '65535:65281']);
    speaker.withdraw(rtbhRoute('198.51.100.8'));
    await gone('ipv4-unicast', '198.51.100.8/32');
  });

  it('announces an IPv4 FlowSpec rule with every kind of action exactly, and withdraws it', async () => {
    const { key } = speaker.announce(
      {
        kind: 'flowspec',
        rule: {
          family: 'ipv4',
          components: [
            { kind: 'destination', prefix: '198.51.100.9/32' },
            { kind: 'source', prefix: '203.0.113.0/24' },
            { kind: 'protocol', terms: numeric.anyOf(6) },
            { kind: 'destination-port', terms: [...numeric.anyOf(80), ...numeric.range(1024, 2048)] },
            { kind: 'tcp-flags', terms: [bitmask.matchAll(TcpFlag.SYN), bitmask.noneOf(TcpFlag.ACK, true)] },
            { kind: 'packet-length', terms: [numeric.term('<', 100)] },
            { kind: 'fragment', terms: [bitmask.anyOf(FragmentFlag.IsFragment)] },
          ],
        },
        actions: [
          { kind: 'traffic-rate-bytes', rate: 125000 },
          { kind: 'traffic-action', sample: true, terminal: false },
          { kind: 'redirect', target: '65000:100' },
          { kind: 'traffic-marking', dscp: 8 },
        ],
      },
      { peers: ['all-families'] },
    );
    const gobgpKey = '[destination: 198.51.100.9/32][source: 203.0.113.0/24][protocol: ==tcp][destination-port: ==80 >=1024&<=2048][tcp-flags: =S&!A][packet-length: <100][fragment: is-fragment]';
    const path = await arrived('ipv4-flowspec', gobgpKey);
    expect(path.nlri).toEqual({
      value: [
        { type: 1, value: { prefix: '198.51.100.9/32' } },
        { type: 2, value: { prefix: '203.0.113.0/24' } },
        { type: 3, value: [{ op: 0x81, value: 6 }] },
        {
          type: 5,
          value: [
            { op: 0x01, value: 80 },
            { op: 0x13, value: 1024 },
            { op: 0xd5, value: 2048 },
          ],
        },
        {
          type: 9,
          value: [
            { op: 0x01, value: 2 },
            { op: 0xc2, value: 16 },
          ],
        },
        { type: 10, value: [{ op: 0x84, value: 100 }] },
        { type: 12, value: [{ op: 0x80, value: 2 }] },
      ],
    });
    expect(plainPath(path)).toEqual({
      ...EBGP,
      nextHop: '0.0.0.0', // GoBGP's rendering of the empty FlowSpec next hop (RFC 8955 §4)
      communities: [],
      extendedCommunities: [
        { type: 128, subtype: 6, as: 0, rate: 125000 },
        { type: 128, subtype: 7, terminal: false, sample: true },
        { type: 128, subtype: 8, value: '65000:100' },
        { type: 128, subtype: 9, value: 8 },
      ],
    });
    speaker.withdraw(key);
    await gone('ipv4-flowspec', gobgpKey);
  });

  it('announces an IPv6 FlowSpec discard rule exactly', async () => {
    const { key } = speaker.announce({
      kind: 'flowspec',
      rule: {
        family: 'ipv6',
        components: [
          { kind: 'destination', prefix: '2001:db8:9::/64' },
          { kind: 'protocol', terms: numeric.anyOf(17) },
          { kind: 'source-port', terms: numeric.anyOf(53, 123) },
        ],
      },
      actions: [DISCARD],
    });
    const gobgpKey = '[destination: 2001:db8:9::/64/0][protocol: ==udp][source-port: ==53 ==123]';
    const path = await arrived('ipv6-flowspec', gobgpKey);
    expect(path.nlri).toEqual({
      value: [
        { type: 1, value: { prefix: '2001:db8:9::/64' }, offset: 0 },
        { type: 3, value: [{ op: 0x81, value: 17 }] },
        {
          type: 6,
          value: [
            { op: 0x01, value: 53 },
            { op: 0x81, value: 123 },
          ],
        },
      ],
    });
    expect(plainPath(path)).toEqual({ ...EBGP, nextHop: '::', communities: [], extendedCommunities: [{ type: 128, subtype: 6, as: 0, rate: 0 }] });
    speaker.withdraw(key);
    await gone('ipv6-flowspec', gobgpKey);
  });

  it('sends traffic-rate-packets and the IPv4 and 4-octet AS redirect forms on the wire as RFC 8955 §7 defines them', async () => {
    const { key } = speaker.announce(
      {
        kind: 'flowspec',
        rule: {
          family: 'ipv4',
          components: [
            { kind: 'destination', prefix: '198.51.100.11/32' },
            { kind: 'icmp-type', terms: numeric.anyOf(8) },
          ],
        },
        actions: [
          { kind: 'traffic-rate-packets', rate: 50, asn: 65000 },
          { kind: 'redirect', target: '192.0.2.1:7' },
        ],
      },
      { peers: ['all-families'] },
    );
    const path = await arrived('ipv4-flowspec', '[destination: 198.51.100.11/32][icmp-type: ==8]');
    expect(plainPath(path).extendedCommunities).toEqual([
      // GoBGP 3.10 does not know traffic-rate-packets (0x800c) and shows its raw octets:
      // sub-type 0c, AS fde8 (65000), IEEE float 50.0 (42480000).
      { type: 128, subtype: 12, value: Buffer.from('0cfde842480000', 'hex').toString('base64') },
      { type: 129, subtype: 8, value: '192.0.2.1:7' },
    ]);
    speaker.withdraw(key);
    await gone('ipv4-flowspec', '[destination: 198.51.100.11/32][icmp-type: ==8]');
  });

  it('shows that GoBGP 3.10 cannot read RFC 8956 IPv6 prefix offsets (use offset 0 with GoBGP)', async () => {
    // RFC 8956 §3.1 carries only the bits from the offset on; GoBGP expects the whole address
    // and reports the NLRI as unknown (its text RIB view even crashes on it).
    const { key } = speaker.announce(
      { kind: 'flowspec', rule: { family: 'ipv6', components: [{ kind: 'destination', prefix: '::c000:201/128', offset: 96 }] }, actions: [DISCARD] },
      { peers: ['all-families'] },
    );
    expect(await speaker.waitForRoute(key, 'active', { timeoutMs: 5000 })).toBe(true);
    const rib = await waitFor('the unknown NLRI', async () => {
      const r = await gobgpd.rib('ipv6-flowspec');
      return Object.keys(r).length > 0 ? r : undefined;
    });
    expect(Object.keys(rib)).toEqual(['[unknown:[1 128 96 192 0 2 1]]']);
    speaker.withdraw(key);
    await waitFor('withdrawn', async () => (Object.keys(await gobgpd.rib('ipv6-flowspec')).length === 0 ? true : undefined));
  });

  it('marks FlowSpec routes failed on a peer that did not negotiate FlowSpec, and sends them elsewhere', async () => {
    const rule = { family: 'ipv4', components: [{ kind: 'destination', prefix: '198.51.100.10/32' }] } as const;
    const { key, peers } = speaker.announce({ kind: 'flowspec', rule, actions: [DISCARD] });
    expect(peers).toEqual(['all-families', 'v4-only']);
    await arrived('ipv4-flowspec', '[destination: 198.51.100.10/32]');
    const st = Object.fromEntries(speaker.routeStatus(key).map((r) => [r.peer, r.status]));
    expect(st['all-families']?.state).toBe('active');
    expect(st['v4-only']).toMatchObject({ state: 'failed', error: 'family ipv4-flowspec not negotiated with the peer' });
    expect(speaker.peer('v4-only').negotiatedFamilies).toEqual(['ipv4-unicast']);
    speaker.withdraw(key);
    await gone('ipv4-flowspec', '[destination: 198.51.100.10/32]');
  });

  it('batches many routes announced together into few UPDATEs', async () => {
    const before = (await neighborUpdates()) ?? 0;
    const keys: string[] = [];
    for (let i = 0; i < 600; i++) keys.push(speaker.announce(rtbhRoute(`10.77.${i >> 8}.${i & 255}`), { peers: ['all-families'] }).key);
    await waitFor('600 routes in gobgpd', async () => ((await gobgpd.ribCount('ipv4-unicast')) === 600 ? true : undefined), 20_000);
    // 600 × 5 octets of NLRI need one UPDATE per ~800 prefixes; allow for a split across ticks.
    expect((await neighborUpdates())! - before).toBeLessThanOrEqual(3);
    for (const k of keys) speaker.withdraw(k);
    await waitFor('routes withdrawn', async () => ((await gobgpd.ribCount('ipv4-unicast')) === 0 ? true : undefined), 20_000);
  });

  async function neighborUpdates(): Promise<number | undefined> {
    const n = JSON.parse(await gobgpd.cli(['neighbor', '127.0.0.1', '-j'])) as { state?: { messages?: { received?: { update?: number } } } };
    return n.state?.messages?.received?.update;
  }
});
