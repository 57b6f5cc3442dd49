import { describe, expect, it } from 'vitest';
import { F, nth, P, run, samplesPerStep, testEngine, type RecordSpec } from './testing/flow-builder.js';

describe('infected hosts inside protected networks', () => {
  it('reports a host that floods out of its network, with evidence, once', () => {
    const h = testEngine();
    // An IP camera at Hikari Power sends a SYN flood (8 kpps, above the 5 kpps outbound SYN threshold) to many outside targets.
    const out = (now: number, k: number): RecordSpec[] =>
      Array.from({ length: samplesPerStep(8000, 100, 100, k) }, (_, j) => ({
        src: '198.19.0.44',
        dst: nth('100.100.0.0', (k * 10 + j) % 300),
        protocol: P.TCP,
        tcpFlags: F.SYN,
        bytes: 60,
        samplingRate: 100,
        endMs: now,
      }));
    run(h, 30, out);
    const infected = h.sink.of('host.infected');
    expect(infected).toHaveLength(1);
    expect(infected[0]).toMatchObject({ host: '198.19.0.44', networkId: 'net-hikari-4', organizationId: 'org-hikari', family: 4 });
    const ev = infected[0]!.evidence;
    expect(ev.kind).toBe('outbound-flood');
    if (ev.kind !== 'outbound-flood') return;
    expect(ev.trigger).toMatchObject({ class: 'tcp_syn', metric: 'pps', threshold: 5000 });
    expect(ev.vectors.map((v) => v.vector)).toEqual(['syn_flood']);
    expect(ev.topTargets.length).toBeGreaterThan(0);
    expect(ev.topTargets[0]!.address.startsWith('100.100.')).toBe(true);
    // Outbound floods are not attacks on the protected network.
    expect(h.sink.of('attack.started')).toHaveLength(0);
  });

  it('does not report an ordinary busy server', () => {
    const h = testEngine();
    // A web server answering clients: 50 kpps of established TCP out.
    run(h, 30, (now, k) =>
      Array.from({ length: samplesPerStep(50000, 1000, 100, k) }, (_, j) => ({
        src: '192.0.2.80',
        dst: nth('172.16.0.0', (k + j) % 1000),
        protocol: P.TCP,
        tcpFlags: F.ACK | F.PSH,
        bytes: 1400,
        samplingRate: 1000,
        endMs: now,
      })),
    );
    expect(h.sink.events).toHaveLength(0);
  });

  it('reports protected hosts listed among the sources of an attack on another protected network', () => {
    const h = testEngine();
    run(h, 5, (now, k) =>
      Array.from({ length: samplesPerStep(50000, 1000, 100, k) }, (_, j) => ({
        src: j === 0 && k % 5 === 0 ? '203.0.113.66' : nth('100.64.0.0', (k * 7 + j) % 400),
        dst: '192.0.2.10',
        protocol: P.UDP,
        srcPort: 40000,
        bytes: 500,
        samplingRate: 1000,
        endMs: now,
      })),
    );
    const infected = h.sink.of('host.infected');
    expect(infected).toHaveLength(1);
    expect(infected[0]).toMatchObject({ host: '203.0.113.66', networkId: 'net-sakura-4', evidence: { kind: 'attack-source', attackTarget: '192.0.2.10' } });
  });

  it('takes indicator-based reports through the hook, rate-limited per host', () => {
    const h = testEngine();
    expect(h.engine.reportInfection({ address: '2001:db8:200::99', indicator: 'ipv4-addr:45.14.226.1 (MirrorFace C2)', details: { sightingId: 's1' } }, h.clock.now())).toBe(true);
    expect(h.engine.reportInfection({ address: '2001:db8:200::99', indicator: 'again' }, h.clock.now() + 1000)).toBe(false);
    expect(h.engine.reportInfection({ address: '172.16.0.1', indicator: 'not protected' }, h.clock.now())).toBe(false);
    expect(h.sink.of('host.infected')).toEqual([
      expect.objectContaining({
        host: '2001:db8:200::99',
        family: 6,
        networkId: 'net-minato-6',
        evidence: { kind: 'indicator', indicator: 'ipv4-addr:45.14.226.1 (MirrorFace C2)', details: { sightingId: 's1' } },
      }),
    ]);
  });
});
