/**
 * The live parts over a real socket: the SSE event feed filtered by role and scope (attack
 * sources and hosts coarsened), and the per-second rates — true rates of flows the collector
 * decoded, by protocol class — as JSON and as an SSE stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttackId, SightingId } from '../core/ids.js';
import type { AttackStarted } from '../detection/attack.js';
import { CLASS_NAMES, type ClassRates } from '../detection/traffic-class.js';
import { v5Datagram } from '../flow/testing/synth-netflow.js';
import type { SightingEvent } from '../intel/sighting.js';
import { openSse } from './testing/sse-client.js';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';
import { buildWorld, type World } from './testing/world.js';

const rates = (pps: number): ClassRates => Object.fromEntries(CLASS_NAMES.map((c) => [c, { pps, bps: pps * 4000, flowsPerSecond: 0 }])) as unknown as ClassRates;

describe('live feed and rates', () => {
  let f: ApiFixture;
  let w: World;
  beforeAll(async () => {
    f = await startApiFixture({ overrides: { api: { signIn: { addressAttempts: 10_000 } } } });
    w = await buildWorld(f);
  });
  afterAll(async () => {
    await f?.stop();
  });

  function started(id: string, organizationId: string, networkId: string, target: string): AttackStarted {
    const now = Date.now();
    return {
      kind: 'attack.started',
      attackId: id as AttackId,
      scope: 'host',
      target,
      family: 4,
      networkId,
      organizationId,
      networkPrefix: target.startsWith('192') ? '192.0.2.0/24' : '198.51.100.0/24',
      startedAt: now - 1000,
      detectedAt: now,
      trigger: { class: 'udp', metric: 'pps', rate: 90_000, threshold: 20_000, thresholdSource: 'configured' },
      rates: rates(90_000),
      ratesEstimate: { estimated: true, coveredMs: 500, coveredFraction: 0.5 },
      thresholds: {},
      vectors: [{ vector: 'udp_flood', packets: 90_000, bytes: 45e6, share: 1 }],
      topSources: [
        { address: '100.64.9.9', packets: 90_000, bytes: 45e6, packetShare: 1, byteShare: 1, firstSeen: now, lastSeen: now, vectors: ['udp_flood'], errorBound: 0, asn: 64600, country: 'ZZ' },
      ],
      sourceCount: 1,
      targetCount: 1,
      totals: { packets: 90_000, bytes: 45e6 },
    };
  }

  it('sends each client the events its roles and scope allow, with sources and hosts coarsened', async () => {
    const analyst = await openSse(f, '/api/v1/events', f.users.analyst!);
    const bank = await openSse(f, '/api/v1/events', f.users.bank!);
    const regulator = await openSse(f, '/api/v1/events', f.users.regulator!);
    const bus = f.platform.bus;
    const first = started('live-airline', f.orgs.airline, w.airlineNet, '192.0.2.77');
    await bus.publish('attack.started', first);
    await bus.publish('attack.started', started('live-bank', f.orgs.bank, w.bankNet, '198.51.100.77'));
    const sighting: SightingEvent = {
      kind: 'sighting.new',
      id: 'S1' as SightingId,
      indicator: { key: '45.32.13.180', value: '45.32.13.180', label: 'NOOPDOOR C2', kind: 'c2', source: 'eset' },
      host: '198.51.100.33',
      family: 4,
      networkId: w.bankNet,
      organizationId: f.orgs.bank,
      networkPrefix: '198.51.100.0/24',
      direction: 'outbound',
      firstSeen: Date.now(),
      lastSeen: Date.now(),
      count: 3,
      outboundCount: 3,
      inboundCount: 0,
      packets: 30,
      bytes: 3000,
      ports: [443],
      protocols: [6],
    };
    await bus.publish('sighting.new', sighting);
    const { kind: _k, detectedAt: _d, trigger: _t, thresholds: _th, ...rest } = first;
    await bus.publish('attack.updated', { ...rest, kind: 'attack.updated', at: Date.now(), second: Math.floor(Date.now() / 1000) * 1000, peak: rates(95_000) });
    await bus.publish('operations.case.opened', { caseId: 'C9', serious: false });
    await bus.flush();

    const a = await analyst.waitFor((e) => e.event === 'operations.case.opened');
    expect(a.data).toEqual({ caseId: 'C9', serious: false });
    expect(analyst.events.filter((e) => e.event === 'attack.started').map((e) => (e.data as { id: string }).id)).toEqual(['live-airline', 'live-bank']);
    const airlineAttack = analyst.events.find((e) => e.event === 'attack.started')!.data as Record<string, unknown>;
    expect(airlineAttack).toMatchObject({ organizationName: 'Aozora Airlines', state: 'active', current: { pps: 90_000 }, topSources: [{ prefix: '100.64.9.0/24', asn: 64600 }] });
    // Each second's update carries what only the start event told: the trigger and when it was detected.
    expect(analyst.events.find((e) => e.event === 'attack.updated')!.data).toMatchObject({
      id: 'live-airline',
      peak: { pps: 95_000 },
      trigger: { class: 'udp', threshold: 20_000 },
      detectedAt: first.detectedAt,
    });

    const s = await bank.waitFor((e) => e.event === 'sighting.new');
    expect(s.data).toMatchObject({ hostPrefix: '198.51.100.0/24', organizationId: f.orgs.bank });
    await new Promise((r) => setTimeout(r, 200));
    expect(bank.events.map((e) => `${e.event} ${(e.data as { id?: string }).id ?? ''}`)).toEqual(['attack.started live-bank', 'sighting.new S1']);
    expect(regulator.events.map((e) => `${e.event} ${(e.data as { id?: string }).id ?? ''}`)).toEqual(['attack.started live-airline', 'attack.updated live-airline']);
    for (const c of [analyst, bank, regulator]) expect(JSON.stringify(c.events)).not.toMatch(/100\.64\.9\.9|198\.51\.100\.33/);
    analyst.close();
    bank.close();
    regulator.close();
  });

  it('reports the true per-second rates of decoded flows, by class, for the networks in scope', async () => {
    const stream = await openSse(f, '/api/v1/rates/stream', f.users.airline!);
    const now = Date.now();
    const uptime = 3_600_000;
    // 10 UDP flows of 1 000 packets and 1 TCP flow of 300 packets towards the airline, one towards the bank.
    const flow = (dst: string, protocol: number, packets: number) => ({
      src: '100.64.3.3',
      dst,
      packets,
      bytes: packets * 500,
      first: uptime - 200,
      last: uptime - 200,
      srcPort: 53,
      dstPort: 40000,
      protocol,
    });
    const records = [...Array.from({ length: 10 }, () => flow('192.0.2.10', 17, 1000)), flow('192.0.2.11', 6, 300), flow('198.51.100.9', 17, 5000)];
    expect(f.platform.collector.ingest('netflow', v5Datagram({ sysUptime: uptime, unixSecs: Math.floor(now / 1000), unixNsecs: (now % 1000) * 1e6 }, records), '127.0.0.1', now)).toBe(12);
    f.platform.collector.flush();
    const second = Math.floor((now - 200) / 1000) * 1000;

    const event = await stream.waitFor((e) => e.event === 'rates' && (e.data as { second: number }).second === second, 4000);
    const nets = (event.data as { networks: { networkId: string; pps: Record<string, number>; bps: Record<string, number> }[] }).networks;
    expect(nets.map((n) => n.networkId).sort()).toEqual((await airlineNetworks()).sort());
    expect(nets.find((n) => n.networkId === w.airlineNet)).toMatchObject({ pps: { total: 10_300, udp: 10_000, tcp: 300, icmp: 0 }, bps: { total: 10_300 * 500 * 8 } });
    stream.close();

    const one = (await f.call(f.users.analyst, 'GET', `/api/v1/rates/${w.airlineNet}?seconds=30&classes=total&classes=udp`)).body as {
      from: number;
      to: number;
      classes: string[];
      pps: Record<string, number[]>;
      bps: Record<string, number[]>;
    };
    expect(one.classes).toEqual(['total', 'udp']);
    expect(one.pps['total']).toHaveLength(30);
    expect(one.to - one.from).toBe(30_000);
    expect(one.pps['udp']![(second - one.from) / 1000]).toBe(10_000);
    expect(one.pps['total']!.reduce((a, b) => a + b, 0)).toBe(10_300);
    expect(Object.keys(one.pps)).toEqual(['total', 'udp']);
  });

  async function airlineNetworks(): Promise<string[]> {
    const r = (await f.call(f.users.airline, 'GET', '/api/v1/networks')).body as { items: { id: string }[] };
    return r.items.map((n) => n.id);
  }
});
