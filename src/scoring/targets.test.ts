import { describe, expect, it } from 'vitest';
import type { AttackScore, ScenarioScore } from './score-scenario.js';
import { evaluateTargets, type TargetResult } from './targets.js';

function attack(over: Partial<AttackScore> & { ttd?: number | undefined; scope?: 'host' | 'prefix'; recall?: number; precision?: number }): AttackScore {
  const detected = over.detected ?? true;
  return {
    id: over.id ?? 'a',
    kind: 'syn',
    target: over.target ?? '192.0.2.80',
    targetType: over.targetType ?? 'host',
    startMs: 30_000,
    endMs: 90_000,
    truePps: 40000,
    detected,
    detection: detected ? { attackId: 'x', scope: over.scope ?? 'host', target: over.target ?? '192.0.2.80', detectedAtMs: 30_500, startedAtMs: 30_000, trigger: '' } : undefined,
    primaryDetections: detected ? 1 : 0,
    secondaryDetections: 0,
    firstDatagramMs: 30_100,
    timeToDetect: detected ? { fromFirstDatagramMs: over.ttd, fromTrueStartMs: (over.ttd ?? 0) + 100 } : undefined,
    vectors: over.vectors ?? { correct: true, expected: ['syn_flood'], detected: ['syn_flood'], missing: [], unexpected: [], expectedServices: [], detectedServices: [], missingServices: [] },
    sources: {
      truth: 100,
      observable: 100,
      listed: 100,
      truePositives: 100,
      recall: over.recall ?? 1,
      recallObservable: 1,
      precision: over.precision ?? 1,
      observableFraction: 1,
      expectedObservableFraction: 1,
      effectiveSamplingRate: 1,
    },
    reportedPps: undefined,
    firstPacketMs: 30_000,
    rates: undefined,
  };
}

function scenario(name: string, attacks: AttackScore[], falseAttacks = 0, beacons: ScenarioScore['beacons'] = []): ScenarioScore {
  return {
    scenario: name,
    seed: 1,
    durationS: 120,
    attacks,
    falseAttacks: Array.from({ length: falseAttacks }, (_, i) => ({ attackId: `f${i}`, scope: 'host' as const, target: '192.0.2.1', detectedAtMs: 1000, startedAtMs: 1000, trigger: '' })),
    beacons,
  };
}

const target = (results: TargetResult[], id: string): TargetResult | undefined => results.find((r) => r.id === id);

describe('evaluateTargets', () => {
  it('meets the 2× target at exactly one second after the first datagram and misses it just after', () => {
    expect(target(evaluateTargets([scenario('syn-flood-2x', [attack({ ttd: 1000 })])]), 'time-to-detect-2x')).toMatchObject({ kind: 'target', met: true });
    expect(target(evaluateTargets([scenario('syn-flood-2x', [attack({ ttd: 1001 })])]), 'time-to-detect-2x')!.met).toBe(false);
    expect(target(evaluateTargets([scenario('syn-flood-2x', [attack({ detected: false })])]), 'time-to-detect-2x')).toMatchObject({ met: false, measured: 'not detected' });
    // No datagram carried the attack: nothing to measure from, so the target is not met.
    expect(target(evaluateTargets([scenario('syn-flood-2x', [attack({ ttd: undefined })])]), 'time-to-detect-2x')!.met).toBe(false);
  });

  it('requires the carpet to be detected per prefix, not only as single hosts', () => {
    const carpet = { id: 'c', target: '198.18.0.0/22', targetType: 'prefix' as const };
    expect(target(evaluateTargets([scenario('carpet-bombing-22', [attack({ ...carpet, scope: 'prefix', ttd: 100 })])]), 'carpet-bombing-22')!.met).toBe(true);
    expect(target(evaluateTargets([scenario('carpet-bombing-22', [attack({ ...carpet, detected: false })])]), 'carpet-bombing-22')!.met).toBe(false);
  });

  it('needs both source recall of 95 % and precision of 99 % on the botnet', () => {
    const botnet = (recall: number, precision: number): boolean => target(evaluateTargets([scenario('botnet-mirai', [attack({ recall, precision })])]), 'botnet-sources')!.met;
    expect(botnet(0.95, 0.99)).toBe(true);
    expect(botnet(0.949, 1)).toBe(false);
    expect(botnet(1, 0.989)).toBe(false);
  });

  it('fails the benign run on a single false attack, and the C2 run when a beacon host is reported', () => {
    expect(target(evaluateTargets([scenario('benign-30min', [])]), 'benign-30min')!.met).toBe(true);
    expect(target(evaluateTargets([scenario('benign-30min', [], 1)]), 'benign-30min')).toMatchObject({ met: false, measured: '1 false attacks' });
    const beacon = { name: 'b', host: '198.19.0.25', beacons: 14, reportedAsAttack: 0, infectedReports: [] };
    expect(target(evaluateTargets([scenario('c2-beacons', [], 0, [beacon])]), 'c2-not-attack')!.met).toBe(true);
    expect(target(evaluateTargets([scenario('c2-beacons', [], 0, [{ ...beacon, reportedAsAttack: 1 }])]), 'c2-not-attack')!.met).toBe(false);
  });

  it('evaluates only the scenarios that were run, and adds the general checks as non-gating checks', () => {
    const r = evaluateTargets([scenario('udp-amplification', [attack({ id: 'amp', detected: false })], 2)]);
    expect(r.filter((x) => x.kind === 'target')).toEqual([]);
    expect(r.map((x) => [x.id, x.met])).toEqual([
      ['detected:amp', false],
      ['no-false-attacks:udp-amplification', false],
    ]);
  });

  it('checks the vectors of detected attacks', () => {
    const wrong = {
      correct: false,
      expected: ['syn_flood'],
      detected: ['udp_flood'],
      missing: ['syn_flood'],
      unexpected: ['udp_flood'],
      expectedServices: [],
      detectedServices: [],
      missingServices: [],
    };
    const r = evaluateTargets([scenario('x', [attack({ id: 'a', vectors: wrong, ttd: 10 })])]);
    expect(target(r, 'vectors:a')).toMatchObject({ kind: 'check', met: false, measured: 'missing [syn_flood] unexpected [udp_flood]' });
  });
});
