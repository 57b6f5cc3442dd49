import { describe, expect, it } from 'vitest';
import { DEMO_NETWORKS, nth, P, run, samplesPerStep, testEngine, type RecordSpec } from './testing/flow-builder.js';

const flood =
  (dst: string, pps: number) =>
  (now: number, k: number): RecordSpec[] =>
    Array.from({ length: samplesPerStep(pps, 1000, 100, k) }, (_, j) => ({ src: nth('100.64.0.0', (k + j) % 200), dst, protocol: P.UDP, bytes: 500, samplingRate: 1000, endMs: now }));

describe('changing the protected networks', () => {
  it('keeps ongoing attacks on networks that stay, and ends those on networks removed', () => {
    const h = testEngine();
    run(h, 3, (now, k) => [...flood('192.0.2.10', 40000)(now, k), ...flood('198.51.100.10', 40000)(now, k)]);
    expect(h.sink.of('attack.started')).toHaveLength(2);
    h.engine.setNetworks([...DEMO_NETWORKS.filter((n) => n.id !== 'net-minato-4'), { id: 'net-new', organizationId: 'org-new', prefix: '203.0.113.128/25' }], h.clock.now());
    const ended = h.sink.of('attack.ended');
    expect(ended.map((e) => [e.target, e.reason, e.networkId])).toEqual([['198.51.100.10', 'networks-changed', 'net-minato-4']]);
    run(h, 3, (now, k) => [...flood('192.0.2.10', 40000)(now, k), ...flood('198.51.100.10', 40000)(now, k), ...flood('203.0.113.200', 40000)(now, k)]);
    const started = h.sink.of('attack.started');
    expect(started.map((e) => `${e.target} ${e.networkId}`)).toEqual(['192.0.2.10 net-aozora-4', '198.51.100.10 net-minato-4', '203.0.113.200 net-new']);
    expect(h.sink.of('attack.updated').at(-1)!.networkPrefix).toMatch(/\/(24|25)$/);
  });

  it('refuses an invalid list and keeps the networks it had', () => {
    const h = testEngine();
    expect(() => h.engine.setNetworks([{ id: 'x', organizationId: 'o', prefix: '192.0.2.1/24' }], h.clock.now())).toThrow(/invalid protected network x/);
    expect(() =>
      h.engine.setNetworks(
        [
          { id: 'x', organizationId: 'o', prefix: '192.0.2.0/24' },
          { id: 'y', organizationId: 'o', prefix: '192.0.2.0/24' },
        ],
        h.clock.now(),
      ),
    ).toThrow(/given twice/);
    run(h, 3, flood('192.0.2.10', 40000));
    expect(h.sink.of('attack.started')).toHaveLength(1);
  });
});
