import { describe, expect, it } from 'vitest';
import type { SourceSighting } from './attack-traffic-observer.js';
import { expectedObservableFraction, firstAttackDatagram, observableSources, scoreSources } from './source-score.js';

const bots = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `100.64.${(from + i) >> 8}.${(from + i) & 255}`);

describe('scoreSources', () => {
  it('gives recall against all true sources, recall against the observable ones, and precision', () => {
    const truth = new Set(bots(1000));
    const observable = new Set(bots(600)); // 400 bots were never sampled
    // Listed: 570 of the observable bots, plus 30 benign clients wrongly listed.
    const listed = [...bots(570), ...Array.from({ length: 30 }, (_, i) => `172.16.0.${i}`)];
    const s = scoreSources(listed, truth, observable);
    expect(s).toMatchObject({ truth: 1000, observable: 600, listed: 600, truePositives: 570 });
    expect(s.recall).toBeCloseTo(0.57, 10);
    expect(s.recallObservable).toBeCloseTo(0.95, 10);
    expect(s.precision).toBeCloseTo(0.95, 10);
    expect(s.observableFraction).toBeCloseTo(0.6, 10);
  });

  it('counts an address listed twice (two detections of one attack) once', () => {
    const truth = new Set(bots(10));
    const s = scoreSources([...bots(5), ...bots(5)], truth, truth);
    expect([s.listed, s.truePositives, s.recall, s.precision]).toEqual([5, 5, 0.5, 1]);
  });

  it('treats empty sets as nothing to find and nothing wrongly listed', () => {
    const s = scoreSources([], new Set(), new Set());
    expect([s.recall, s.recallObservable, s.precision]).toEqual([1, 1, 1]);
    const missed = scoreSources([], new Set(bots(3)), new Set(bots(3)));
    expect([missed.recall, missed.recallObservable, missed.precision]).toEqual([0, 0, 1]);
  });
});

describe('observable sources and the first attack datagram', () => {
  const sightings = new Map<string, SourceSighting>([
    ['172.16.0.1', { firstDatagramMs: 1000, sampledPackets: 4 }], // a benign client of the target
    ['100.64.0.7', { firstDatagramMs: 30_400, sampledPackets: 1 }],
    ['100.64.0.3', { firstDatagramMs: 30_099, sampledPackets: 2 }],
  ]);
  const truth = new Set(bots(10));

  it('keeps only true sources', () => {
    expect([...observableSources(sightings, truth)].sort()).toEqual(['100.64.0.3', '100.64.0.7']);
  });

  it('starts the clock at the first datagram carrying a true source, not at benign traffic to the target', () => {
    expect(firstAttackDatagram(sightings, truth)).toBe(30_099);
    expect(firstAttackDatagram(sightings, new Set(['100.96.0.1']))).toBeUndefined();
  });
});

describe('expectedObservableFraction', () => {
  it('is the chance that a source is sampled at least once: 1 − e^(−p/N)', () => {
    // 20 000 bots at 100 kpps for 120 s: 600 packets each, at 1:1000.
    expect(expectedObservableFraction(100_000 * 120, 20_000, 1000)).toBeCloseTo(1 - Math.exp(-0.6), 10);
    expect(expectedObservableFraction(100_000 * 120, 20_000, 1000)).toBeLessThan(0.46);
    // 5 000 bots at 200 kpps: 4 800 packets each.
    expect(expectedObservableFraction(200_000 * 120, 5_000, 1000)).toBeGreaterThan(0.99);
    expect(expectedObservableFraction(1, 1, 1)).toBe(1);
  });
});
