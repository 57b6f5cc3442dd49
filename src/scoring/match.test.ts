import { describe, expect, it } from 'vitest';
import type { DetectedAttack } from './detected-attacks.js';
import { matchAttacks, targetRelation, type TruthTarget } from './match.js';

const T0 = Date.UTC(2026, 0, 15, 1, 0, 0);

function detection(id: string, scope: 'host' | 'prefix', target: string, detectedAtS: number): DetectedAttack {
  const at = T0 + detectedAtS * 1000;
  return {
    attackId: id,
    scope,
    target,
    networkPrefix: '',
    startedAt: Math.floor(at / 1000) * 1000,
    detectedAt: at,
    startedPps: 0,
    trigger: { class: 'total', metric: 'pps', rate: 1, threshold: 1, thresholdSource: 'configured' },
    vectors: [],
    updatedSeconds: [],
    updatedPps: [],
    peakPps: 0,
    endedAt: undefined,
    sourceCount: 0,
  };
}

const hostAttack: TruthTarget = { id: 'syn', target: '192.0.2.80', targetType: 'host', startMs: T0 + 30_000, endMs: T0 + 90_000 };
const carpet: TruthTarget = { id: 'carpet', target: '198.18.0.0/22', targetType: 'prefix', startMs: T0 + 30_000, endMs: T0 + 90_000 };
const options = { earlyMs: 1000, lateMs: 62_000 };

describe('targetRelation', () => {
  it('relates the attacked host itself as primary and the network around it as secondary', () => {
    expect(targetRelation(hostAttack, { scope: 'host', target: '192.0.2.80' })).toBe('primary');
    expect(targetRelation(hostAttack, { scope: 'prefix', target: '192.0.2.0/24' })).toBe('secondary');
    expect(targetRelation(hostAttack, { scope: 'host', target: '192.0.2.81' })).toBe('none');
    expect(targetRelation(hostAttack, { scope: 'prefix', target: '198.51.100.0/24' })).toBe('none');
  });

  it('relates a prefix detection of a carpet-bombed network as primary and its hosts as secondary', () => {
    expect(targetRelation(carpet, { scope: 'prefix', target: '198.18.0.0/22' })).toBe('primary');
    // The protected network may be wider or narrower than the bombed prefix.
    expect(targetRelation(carpet, { scope: 'prefix', target: '198.18.0.0/16' })).toBe('primary');
    expect(targetRelation(carpet, { scope: 'prefix', target: '198.18.2.0/24' })).toBe('primary');
    expect(targetRelation(carpet, { scope: 'host', target: '198.18.3.255' })).toBe('secondary');
    expect(targetRelation(carpet, { scope: 'host', target: '198.18.4.0' })).toBe('none');
    expect(targetRelation(carpet, { scope: 'prefix', target: '2001:db8:400::/48' })).toBe('none');
  });

  it('compares IPv6 targets whatever their spelling', () => {
    const v6: TruthTarget = { ...hostAttack, target: '2001:db8:300::443' };
    expect(targetRelation(v6, { scope: 'host', target: '2001:0db8:0300:0000:0000:0000:0000:0443' })).toBe('primary');
    expect(targetRelation(v6, { scope: 'prefix', target: '2001:db8:300::/48' })).toBe('secondary');
    expect(targetRelation(v6, { scope: 'host', target: '2001:db8:300::444' })).toBe('none');
  });
});

describe('matchAttacks', () => {
  it('matches detections during the attack and its export delay, and calls the rest false attacks', () => {
    const early = detection('early', 'host', '192.0.2.80', 28.9); // before start − 1 s
    const onTime = detection('on-time', 'host', '192.0.2.80', 30.4);
    const roundedEarly = detection('rounded', 'host', '192.0.2.80', 29.5); // within the 1 s allowance
    const late = detection('late', 'host', '192.0.2.80', 90 + 62); // at end + export delay: still this attack
    const tooLate = detection('too-late', 'host', '192.0.2.80', 90 + 62.5);
    const elsewhere = detection('elsewhere', 'host', '203.0.113.9', 40);
    const around = detection('around', 'prefix', '192.0.2.0/24', 31);
    const r = matchAttacks([hostAttack], [early, onTime, roundedEarly, late, tooLate, elsewhere, around], options);
    expect(r.matches).toHaveLength(1);
    expect(r.matches[0]!.primary.map((d) => d.attackId)).toEqual(['on-time', 'rounded', 'late']);
    expect(r.matches[0]!.secondary.map((d) => d.attackId)).toEqual(['around']);
    expect(r.falseAttacks.map((d) => d.attackId)).toEqual(['early', 'too-late', 'elsewhere']);
  });

  it('counts a detection related to two true attacks once, and reports every true attack even when missed', () => {
    const second: TruthTarget = { id: 'syn-b', target: '192.0.2.81', targetType: 'host', startMs: T0 + 40_000, endMs: T0 + 50_000 };
    const prefix = detection('p', 'prefix', '192.0.2.0/24', 41);
    const r = matchAttacks([hostAttack, second, carpet], [prefix], options);
    expect(r.matches.map((m) => [m.truthId, m.primary.length, m.secondary.length])).toEqual([
      ['syn', 0, 1],
      ['syn-b', 0, 1],
      ['carpet', 0, 0],
    ]);
    expect(r.falseAttacks).toEqual([]);
  });

  it('reports every detection as false when there was no attack', () => {
    const r = matchAttacks([], [detection('a', 'host', '192.0.2.80', 100), detection('b', 'prefix', '198.18.0.0/22', 200)], options);
    expect(r.matches).toEqual([]);
    expect(r.falseAttacks.map((d) => d.attackId)).toEqual(['a', 'b']);
  });
});
