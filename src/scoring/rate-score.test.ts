import { describe, expect, it } from 'vitest';
import type { DetectedAttack } from './detected-attacks.js';
import { scoreRates } from './rate-score.js';

const T0 = Date.UTC(2026, 0, 15, 1, 0, 0);
const S0 = T0 / 1000;

function detection(startedAt: number, seconds: number[], pps: number[], startedPps: number): DetectedAttack {
  return {
    attackId: 'a',
    scope: 'host',
    target: '192.0.2.80',
    networkPrefix: '192.0.2.0/24',
    startedAt,
    detectedAt: startedAt + 400,
    trigger: { class: 'total', metric: 'pps', rate: 1, threshold: 1, thresholdSource: 'configured' },
    startedPps,
    vectors: [],
    updatedSeconds: seconds,
    updatedPps: pps,
    peakPps: 0,
    endedAt: undefined,
    sourceCount: 0,
  };
}

describe('scoreRates', () => {
  // True packets per second: the attack runs from 10.4 s to 15 s at 8 000 pps over 100 pps of background.
  const truth = { prefix: '192.0.2.80/32', firstSecond: S0, packets: Float64Array.from({ length: 20 }, (_, s) => (s === 10 ? 100 + 4800 : s > 10 && s < 15 ? 8100 : 100)) };
  const window = { firstPacketMs: T0 + 10_400, startMs: T0 + 10_400, endMs: T0 + 15_000 };

  it('compares each reported complete second with the true packets of that second, and startedAt with the first packet', () => {
    const d = detection(
      T0 + 10_350,
      [10, 11, 12, 13, 14, 15].map((s) => T0 + s * 1000),
      [4900, 8100, 8019, 8100, 8100, 100],
      7900,
    );
    const r = scoreRates(d, truth, window, 1);
    expect(r.startErrorMs).toBe(-50);
    // Seconds 11–14 are complete; 10 is partial and 15 is after the attack.
    expect(r.seconds).toBe(4);
    expect(r.worstError).toBeCloseTo(-0.01, 6);
    expect(r.medianError).toBe(0);
    expect(r.worstSecondMs).toBe(1600);
    expect(r.startRateError).toBeCloseTo(7900 / 8100 - 1, 6);
    expect(r.samplingNoise).toBe(0);
  });

  it('states the noise sampling alone puts on one second', () => {
    const d = detection(T0 + 10_000, [T0 + 12_000], [8000], 8000);
    expect(scoreRates(d, truth, window, 101).samplingNoise).toBeCloseTo(Math.sqrt(100 / 8100), 6);
  });

  it('finds no complete second when the reports are labelled outside the attack', () => {
    const d = detection(
      T0 + 25_400,
      [26, 27].map((s) => T0 + s * 1000),
      [8100, 8100],
      8100,
    );
    expect(scoreRates(d, truth, window, 1).seconds).toBe(0);
  });
});
