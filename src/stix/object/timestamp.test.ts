import { describe, expect, it } from 'vitest';
import { compareTimestamps, isTimestamp, timestampKey } from './timestamp.js';

describe('STIX timestamps', () => {
  it('accept RFC 3339 UTC with any fraction and a real calendar date', () => {
    for (const t of ['2016-02-29T08:17:27Z', '2016-02-29T08:17:27.1Z', '2000-02-29T23:59:60.000000001Z', '1999-12-31T00:00:00.000Z']) expect(isTimestamp(t), t).toBe(true);
    for (const t of ['2017-02-29T08:17:27Z', '1900-02-29T00:00:00Z', '2016-04-31T00:00:00Z', '2016-13-01T00:00:00Z', '2016-01-01T00:00:00.Z', '2016-01-01T00:00:00z', 20160101, null]) {
      expect(isTimestamp(t), String(t)).toBe(false);
    }
  });

  it('compare by instant whatever the fraction length', () => {
    expect(compareTimestamps('2023-09-27T20:12:54.984123Z', '2023-09-27T20:12:54.984Z')).toBe(1);
    expect(compareTimestamps('2023-09-27T20:12:54Z', '2023-09-27T20:12:54.000Z')).toBe(0);
    expect(compareTimestamps('2023-09-27T20:12:54Z', 'yesterday')).toBeUndefined();
    expect(timestampKey('2023-09-27T20:12:54.5Z')).toBe('2023-09-27T20:12:54.500000000000');
  });
});
