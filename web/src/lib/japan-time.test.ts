import { describe, expect, it } from 'vitest';
import { japanDateTime, japanDue, japanInputValue, japanToday, parseJapanInput } from './japan-time.js';

describe('Japan time', () => {
  // 2026-12-06T15:30:00Z is already the 7th in Japan.
  const lateEvening = Date.parse('2026-12-06T15:30:00Z');

  it('shows an instant in JST whatever the viewer’s zone', () => {
    expect(japanDateTime(lateEvening)).toBe('2026-12-07 00:30 JST');
    expect(japanDateTime(null)).toBe('–');
    expect(japanToday(lateEvening)).toBe('2026-12-07');
  });

  it('keeps the end of a calendar day as 24:00 and falls back to the instant', () => {
    expect(japanDue('2026-11-02T24:00:00+09:00', Date.parse('2026-11-02T15:00:00Z'))).toBe('2026-11-02 24:00 JST');
    expect(japanDue('2026-11-02T12:00:00.000+09:00', null)).toBe('2026-11-02 12:00 JST');
    expect(japanDue(null, Date.parse('2026-11-02T15:00:00Z'))).toBe('2026-11-03 00:00 JST');
    expect(japanDue(null, null)).toBe('–');
  });

  it('reads back what a datetime-local input shows, in Japan time', () => {
    expect(japanInputValue(lateEvening)).toBe('2026-12-07T00:30');
    expect(parseJapanInput(japanInputValue(lateEvening))).toBe(lateEvening);
    expect(parseJapanInput('2026-12-07T00:30:15')).toBe(lateEvening + 15_000);
    expect(parseJapanInput('yesterday')).toBeUndefined();
    expect(parseJapanInput('2026-13-40T99:99')).toBeUndefined();
  });
});
