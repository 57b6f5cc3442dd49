import { describe, expect, it } from 'vitest';
import { fullDuration, instantInputValue, parseInstantInput, regimeLocal, utcDateTime } from './incident-time.js';

describe('incident times', () => {
  const at = Date.parse('2026-12-06T15:00:00Z');

  it('show a due time in the regime’s zone, and UTC', () => {
    expect(regimeLocal('jp-act', '2026-12-06T24:00:00+09:00', at)).toBe('2026-12-06 24:00 JST');
    expect(regimeLocal('jp-act', '2026-12-07T00:00:00.000+09:00', at)).toBe('2026-12-06 24:00 JST');
    expect(regimeLocal('jp-appi', '2026-12-07T00:30:00+09:00', at + 1_800_000)).toBe('2026-12-07 00:30 JST');
    expect(regimeLocal('eu-nis2', '2026-12-06T16:00:00+01:00', at)).toBe('2026-12-06 16:00 (UTC+01:00)');
    expect(regimeLocal('us-circia', '2026-12-06T10:00:00.000-05:00', at)).toBe('2026-12-06 10:00 (UTC-05:00)');
    expect(regimeLocal('eu-dora', null, at)).toBe('2026-12-06 15:00 UTC');
    expect(utcDateTime(at)).toBe('2026-12-06 15:00 UTC');
    expect(utcDateTime(null)).toBe('–');
  });

  it('give a span over its full length', () => {
    expect(fullDuration(40 * 86_400 + 3 * 3600 + 5 * 60 + 9)).toBe('40 d 3 h 05 min 09 s');
    expect(fullDuration(86_400)).toBe('1 d 0 h 00 min 00 s');
    expect(fullDuration(7210)).toBe('2 h 00 min 10 s');
    expect(fullDuration(65)).toBe('1 min 05 s');
    expect(fullDuration(12)).toBe('12 s');
  });

  it('read instants in Japan time or UTC', () => {
    expect(instantInputValue(at, true)).toBe('2026-12-07T00:00');
    expect(instantInputValue(at, false)).toBe('2026-12-06T15:00');
    expect(parseInstantInput('2026-12-07T00:00', true)).toBe(at);
    expect(parseInstantInput('2026-12-06T15:00', false)).toBe(at);
    expect(parseInstantInput('yesterday', false)).toBeUndefined();
  });
});
