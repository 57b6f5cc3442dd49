import { describe, expect, it } from 'vitest';
import { isId, newId } from './id.js';

describe('newId', () => {
  it('makes 26-character Crockford base32 ids that start with the time', () => {
    const id = newId(Date.UTC(2026, 0, 1));
    expect(isId(id)).toBe(true);
    // 2026-01-01T00:00:00Z = 1767225600000 ms, ULID time part "01KDVDNA00" (48-bit big-endian base32).
    expect(id.slice(0, 10)).toBe('01KDVDNA00');
  });

  it('sorts ids as text in creation order, even within one millisecond', () => {
    const t = Date.UTC(2026, 5, 1);
    const ids = [newId(t), newId(t), newId(t), newId(t + 1), newId(t + 1), newId(t + 1000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays increasing when the clock steps back', () => {
    const a = newId(Date.UTC(2026, 6, 1));
    const b = newId(Date.UTC(2026, 6, 1) - 60_000);
    expect(b > a).toBe(true);
  });
});
