/**
 * The speaker when things go wrong on the router side: gobgpd resets the session (and refuses us
 * for ~30 s afterwards), is killed and restarted, refuses our AS with a NOTIFICATION, or connects
 * to us itself (passive mode). Announcements must come back each time without anyone's help.
 */
import { afterEach, expect, it } from 'vitest';
import { describeExternal, missingTools } from '../testing/external.js';
import { DISCARD } from './flowspec/actions.js';
import { numeric } from './flowspec/rule.js';
import { rtbhRoute, type BgpRoute } from './route.js';
import type { BgpSpeaker } from './speaker.js';
import { plainPath } from './testing/gobgp-path.js';
import { Gobgpd, freePort, waitFor, type GobgpdNeighbor } from './testing/gobgpd.js';
import { TEST_GOBGP_AS, TEST_LOCAL_AS, speakerConfig, testSpeaker } from './testing/harness.js';

const ALL = ['ipv4-unicast', 'ipv6-unicast', 'ipv4-flowspec', 'ipv6-flowspec'] as const;

const ROUTES: readonly BgpRoute[] = [
  rtbhRoute('198.51.100.20'),
  rtbhRoute('2001:db8::20'),
  {
    kind: 'flowspec',
    rule: {
      family: 'ipv4',
      components: [
        { kind: 'destination', prefix: '198.51.100.21/32' },
        { kind: 'protocol', terms: numeric.anyOf(17) },
      ],
    },
    actions: [DISCARD],
  },
];

describeExternal('BgpSpeaker resilience against gobgpd', missingTools('gobgpd', 'gobgp'), () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
  });

  async function setup(neighbors: GobgpdNeighbor[], peers: Record<string, unknown>[], over: Record<string, unknown> = {}): Promise<{ gobgpd: Gobgpd; speaker: BgpSpeaker }> {
    const gobgpd = await Gobgpd.start({ as: TEST_GOBGP_AS, routerId: '10.255.0.1', neighbors });
    cleanups.push(() => gobgpd.stop());
    const { speaker } = testSpeaker(speakerConfig(gobgpd, peers, over));
    cleanups.push(() => speaker.stop());
    await speaker.start();
    return { gobgpd, speaker };
  }

  async function allPresent(gobgpd: Gobgpd, timeoutMs: number): Promise<void> {
    await waitFor(
      'all routes in gobgpd',
      async () => {
        const [v4, v6, fs] = await Promise.all([gobgpd.rib('ipv4-unicast'), gobgpd.rib('ipv6-unicast'), gobgpd.rib('ipv4-flowspec')]);
        return v4['198.51.100.20/32'] && v6['2001:db8::20/128'] && fs['[destination: 198.51.100.21/32][protocol: ==udp]'] ? true : undefined;
      },
      timeoutMs,
      250,
    );
  }

  it('rides out a session reset by gobgpd: records its NOTIFICATION, retries calmly while refused, restores every route', async () => {
    const { gobgpd, speaker } = await setup([{ address: '127.0.0.1', peerAs: TEST_LOCAL_AS, families: [...ALL] }], [{ name: 'gobgpd' }]);
    for (const r of ROUTES) speaker.announce(r);
    await allPresent(gobgpd, 10_000);
    await gobgpd.cli(['neighbor', '127.0.0.1', 'reset']);
    await waitFor('the reset NOTIFICATION', () => (speaker.peer('gobgpd').lastError?.notification?.direction === 'received' ? true : undefined));
    expect(speaker.peer('gobgpd').lastError).toMatchObject({ message: 'peer sent NOTIFICATION: cease / administrative reset', notification: { code: 6, subcode: 4 } });
    expect(speaker.peer('gobgpd').routes).toMatchObject({ pending: 3, active: 0, announced: 3 });
    // gobgpd refuses the neighbour for its idle hold time (30 s by default) after a reset.
    await waitFor('re-established', () => (speaker.peer('gobgpd').establishments === 2 ? true : undefined), 60_000, 250);
    await allPresent(gobgpd, 10_000);
    const p = speaker.peer('gobgpd');
    expect(p.routes).toMatchObject({ pending: 0, active: 3 });
    // Calm: a handful of attempts with backoff (200 ms doubling to 3 s), not a reconnect storm.
    expect(p.connectAttempts).toBeGreaterThan(3);
    expect(p.connectAttempts).toBeLessThan(30);
    expect(plainPath((await gobgpd.rib('ipv4-unicast'))['198.51.100.20/32']![0]!)).toEqual({ origin: 0, asPath: [TEST_LOCAL_AS], nextHop: '192.0.2.1', communities: ['65535:666', '65535:65281'] });
  }, 90_000);

  it('restores announcements after gobgpd is killed and started again', async () => {
    const { gobgpd, speaker } = await setup([{ address: '127.0.0.1', peerAs: TEST_LOCAL_AS, families: [...ALL] }], [{ name: 'gobgpd' }]);
    for (const r of ROUTES) speaker.announce(r);
    await allPresent(gobgpd, 10_000);
    await gobgpd.kill('SIGKILL');
    await waitFor('session lost', () => (speaker.peer('gobgpd').state !== 'established' ? true : undefined));
    expect(speaker.peer('gobgpd').routes.pending).toBe(3);
    await gobgpd.launch();
    await allPresent(gobgpd, 20_000);
    expect(speaker.peer('gobgpd')).toMatchObject({ state: 'established', establishments: 2, routes: { active: 3 } });
  }, 60_000);

  it("records gobgpd's NOTIFICATION when it refuses our AS, and keeps trying", async () => {
    const { speaker } = await setup([{ address: '127.0.0.1', peerAs: 65099, families: ['ipv4-unicast'] }], [{ name: 'misconfigured', families: ['ipv4-unicast'] }]);
    speaker.announce(rtbhRoute('198.51.100.22'));
    await waitFor('two refused attempts', () => (speaker.peer('misconfigured').connectAttempts >= 2 && speaker.peer('misconfigured').lastError?.notification ? true : undefined), 15_000);
    const p = speaker.peer('misconfigured');
    expect(p.lastError).toMatchObject({ message: 'peer sent NOTIFICATION: OPEN message error / bad peer AS', notification: { direction: 'received', code: 2, subcode: 2 } });
    expect(p.establishments).toBe(0);
    expect(p.routes).toMatchObject({ pending: 1, active: 0 });
  }, 30_000);

  it('accepts gobgpd connecting to us in passive mode', async () => {
    const port = await freePort();
    const { gobgpd, speaker } = await setup(
      [{ address: '127.0.0.6', peerAs: TEST_LOCAL_AS, families: [...ALL], passive: false, remotePort: port, localAddress: '127.0.0.5' }],
      [{ name: 'inbound', address: '127.0.0.5', passive: true }],
      { listen: [`127.0.0.6:${port}`] },
    );
    expect(speaker.listenAddresses()).toEqual([{ host: '127.0.0.6', port }]);
    for (const r of ROUTES) speaker.announce(r);
    await allPresent(gobgpd, 20_000);
    expect(speaker.peer('inbound')).toMatchObject({ state: 'established', passive: true, routes: { active: 3 } });
  }, 40_000);
});
