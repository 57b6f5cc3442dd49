/**
 * The "done" flow against a real gobgpd on loopback, on both storage engines: a FlowSpec
 * rule against an attack's sources, approved by two commission accounts, appears in gobgpd's RIB
 * exactly as intended and is withdrawn when it expires — also across a restart of the platform;
 * an emergency RTBH of the victim is withdrawn at once on the commission's order.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { BgpSpeaker } from '../../../bgp/speaker.js';
import { plainPath } from '../../../bgp/testing/gobgp-path.js';
import { Gobgpd, waitFor } from '../../../bgp/testing/gobgpd.js';
import { TEST_GOBGP_AS, TEST_LOCAL_AS, speakerConfig, testSpeaker } from '../../../bgp/testing/harness.js';
import { describeStorage } from '../../../storage/testing/storage-suite.js';
import { describeExternal, missingTools } from '../../../testing/external.js';
import { BOTS, requestInput } from '../../testing/inputs.js';
import { createOperationsFixture, PEOPLE, type OperationsFixture } from '../../testing/operations-fixture.js';

const FAMILIES = ['ipv4-unicast', 'ipv6-unicast', 'ipv4-flowspec', 'ipv6-flowspec'] as const;
const KEYS = BOTS.map((b) => `[destination: 192.0.2.7/32][source: ${b}/32][protocol: ==tcp]`);

describeExternal('operations against gobgpd', missingTools('gobgpd', 'gobgp'), () => {
  describeStorage('FlowSpec and RTBH through approval, expiry, restart and withdrawal orders', (ctx) => {
    let gobgpd: Gobgpd;
    let speaker: BgpSpeaker;
    let f: OperationsFixture;
    let caseId: string;

    async function newSpeaker(): Promise<void> {
      speaker = testSpeaker(speakerConfig(gobgpd, [{ name: 'gobgpd', families: [...FAMILIES] }])).speaker;
      await speaker.start();
      await waitFor('session established', () => (speaker.peer('gobgpd').state === 'established' ? true : undefined), 20_000);
    }

    beforeAll(async () => {
      gobgpd = await Gobgpd.start({
        as: TEST_GOBGP_AS,
        routerId: '10.255.0.1',
        neighbors: [{ address: '127.0.0.1', peerAs: TEST_LOCAL_AS, families: [...FAMILIES], idleHoldTimeAfterReset: 1 }],
      });
      await newSpeaker();
    });
    afterAll(async () => {
      await speaker?.stop();
      await gobgpd?.stop();
    });

    beforeEach(async () => {
      await ctx.reset();
      f = await createOperationsFixture(ctx, { speaker: () => speaker });
      f.attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: f.orgs['Aozora Airlines'], vectors: [{ vector: 'syn_flood', share: 1 }] }, [...BOTS]);
      caseId = (await f.ops.cases.open(PEOPLE.analyst, { title: 'SYN flood on Aozora Airlines', evidence: [{ kind: 'attack', ref: 'A1' }] })).case.id;
    });
    afterEach(() => f.close());

    const flowspecRib = async (): Promise<string[]> => Object.keys(await gobgpd.rib('ipv4-flowspec')).sort();
    const flowspecRequest = (durationSeconds = 600) =>
      requestInput(caseId, { mechanism: 'flowspec', match: { kind: 'sources', sources: [...BOTS], destination: '192.0.2.7', protocol: 6 }, treatment: { kind: 'discard' } }, { durationSeconds });

    async function approve(id: string, digest: string): Promise<void> {
      for (const m of [PEOPLE.memberA, PEOPLE.memberB]) await f.ops.approvals.vote(m, id, { decision: 'approve', digest });
    }

    it('puts an approved FlowSpec rule in gobgpd and withdraws it on expiry', async () => {
      const r = await f.ops.requests.create(PEOPLE.officer, flowspecRequest());
      expect(await flowspecRib()).toEqual([]);
      await approve(r.request.id, r.request.digest);
      await waitFor('rules in gobgpd', async () => ((await flowspecRib()).length === 3 ? true : undefined));
      expect(await flowspecRib()).toEqual([...KEYS].sort());
      const path = (await gobgpd.rib('ipv4-flowspec'))[KEYS[0]!]![0]!;
      expect(plainPath(path)).toMatchObject({ asPath: [TEST_LOCAL_AS], extendedCommunities: [{ type: 128, subtype: 6, as: 0, rate: 0 }] });
      // Per-peer state follows the speaker: active once written to the session.
      await waitFor('targets active', async () => {
        await f.ops.engine.flush();
        const t = await f.ops.executions.targets(PEOPLE.memberA, r.request.id);
        return t.length === 3 && t.every((x) => x.peer === 'gobgpd' && x.state === 'active') ? true : undefined;
      });
      ctx.clock.advance(600_000);
      await f.ops.check();
      await waitFor('rules gone from gobgpd', async () => ((await flowspecRib()).length === 0 ? true : undefined));
      expect((await f.ops.requests.get(PEOPLE.memberA, r.request.id)).targets).toEqual([{ peer: 'gobgpd', state: 'withdrawn', n: 3 }]);
    });

    it('re-announces after a restart of the platform and still withdraws at the deadline', async () => {
      const r = await f.ops.requests.create(PEOPLE.officer, flowspecRequest());
      await approve(r.request.id, r.request.digest);
      await waitFor('rules in gobgpd', async () => ((await flowspecRib()).length === 3 ? true : undefined));
      ctx.clock.advance(300_000);
      // A process restart: the component stops, the speaker stops (its routes leave gobgpd), and
      // a new speaker and component start from the stored state.
      await f.ops.stop();
      await speaker.stop();
      await waitFor('rules gone with the session', async () => ((await flowspecRib()).length === 0 ? true : undefined));
      await newSpeaker();
      await f.restart();
      await waitFor('rules back in gobgpd', async () => ((await flowspecRib()).length === 3 ? true : undefined), 20_000);
      ctx.clock.advance(300_000);
      await f.ops.check();
      await waitFor('rules withdrawn at the deadline', async () => ((await flowspecRib()).length === 0 ? true : undefined));
      expect((await f.ops.requests.get(PEOPLE.memberA, r.request.id)).request.state).toBe('expired');
    });

    it('keeps a rule two requests share until the last one ends', async () => {
      const a = await f.ops.requests.create(PEOPLE.officer, flowspecRequest(600));
      const b = await f.ops.requests.create(PEOPLE.officer2, flowspecRequest(1200));
      await approve(a.request.id, a.request.digest);
      await approve(b.request.id, b.request.digest);
      await waitFor('rules in gobgpd', async () => ((await flowspecRib()).length === 3 ? true : undefined));
      ctx.clock.advance(600_000);
      await f.ops.check();
      expect((await f.ops.requests.get(PEOPLE.memberA, a.request.id)).request.state).toBe('expired');
      await new Promise((res) => setTimeout(res, 300));
      expect(await flowspecRib()).toHaveLength(3);
      await f.ops.executions.withdraw(PEOPLE.officer2, b.request.id, 'attack over');
      await waitFor('rules gone', async () => ((await flowspecRib()).length === 0 ? true : undefined));
    });

    it('blackholes the victim on the emergency path and withdraws it at once on the commission’s order', async () => {
      const e = await f.ops.emergency.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'rtbh', victim: '192.0.2.7' }, { durationSeconds: 1800, urgency: 'immediate' }));
      expect(e.request.state).toBe('active');
      const path = await waitFor('RTBH route in gobgpd', async () => (await gobgpd.rib('ipv4-unicast'))['192.0.2.7/32']?.[0]);
      expect(plainPath(path)).toEqual({ origin: 0, asPath: [TEST_LOCAL_AS], nextHop: '192.0.2.1', communities: ['65535:666', '65535:65281'] });
      await f.ops.emergency.review(PEOPLE.memberC, e.request.id, { outcome: 'withdraw', reason: 'FlowSpec against the sources suffices; the victim must stay reachable.' });
      await waitFor('RTBH route withdrawn', async () => ((await gobgpd.rib('ipv4-unicast'))['192.0.2.7/32'] === undefined ? true : undefined));
    });
  });
});
