import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeExternal, missingFixtures, sharedFixture } from '../testing/external.js';
import { diurnalFactor } from './traffic/diurnal.js';
import { MIRRORFACE_C2 } from './networks.js';

describeExternal('MirrorFace C2 addresses', missingFixtures(), () => {
  it('are the addresses ESET published (shared fixture)', () => {
    const iocs = JSON.parse(readFileSync(sharedFixture('iocs', 'mirrorface-eset-liberalface.json'), 'utf8')) as { ipv4: string[] };
    expect([...MIRRORFACE_C2].sort()).toEqual([...iocs.ipv4].sort());
  });
});

describe('diurnal shape', () => {
  it('peaks in the afternoon and bottoms out before dawn, local time', () => {
    const at = (hourJst: number): number => diurnalFactor(Date.UTC(2026, 0, 15, hourJst - 9), 9);
    expect(at(16)).toBeCloseTo(1, 5);
    expect(at(4)).toBeCloseTo(0.25, 5);
    expect(at(10)).toBeGreaterThan(at(6));
    expect(at(22)).toBeLessThan(at(16));
  });
});
