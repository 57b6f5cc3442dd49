import { describe, expect, it } from 'vitest';
import type { TaxiiTimestamp } from '../taxii/timestamp.js';
import { isRetryableStatus, retryAfterMs, retryDelay } from './backoff.js';
import { previousMicrosecond } from './pull-feed.js';

describe('intel/feeds backoff', () => {
  const settings = { backoffMs: 1000, maxBackoffMs: 30_000 };

  it('retries 408, 425, 429 and 5xx only', () => {
    expect([400, 401, 403, 404, 406, 408, 425, 429, 500, 502, 503, 504].filter(isRetryableStatus)).toEqual([408, 425, 429, 500, 502, 503, 504]);
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores what it cannot read', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect([retryAfterMs(null, now), retryAfterMs('soon', now), retryAfterMs('-5', now)]).toEqual([undefined, undefined, undefined]);
  });

  it('doubles the wait per retry within the upper half of the ceiling, capped; honours Retry-After up to the cap', () => {
    expect([0, 1, 2, 3, 10].map((n) => retryDelay(n, undefined, settings, () => 0))).toEqual([500, 1000, 2000, 4000, 15_000]);
    expect([0, 1, 2, 3, 10].map((n) => retryDelay(n, undefined, settings, () => 1))).toEqual([1000, 2000, 4000, 8000, 30_000]);
    expect(retryDelay(0, 20_000, settings, () => 0)).toBe(20_000);
    expect(retryDelay(0, 31_000, settings, () => 0)).toBeUndefined();
  });

  it('steps one microsecond back across millisecond and second boundaries', () => {
    const t = (s: string) => s as TaxiiTimestamp;
    expect(previousMicrosecond(t('2026-01-01T00:00:00.123456Z'))).toBe('2026-01-01T00:00:00.123455Z');
    expect(previousMicrosecond(t('2026-01-01T00:00:00.123000Z'))).toBe('2026-01-01T00:00:00.122999Z');
    expect(previousMicrosecond(t('2026-01-01T00:00:00.000000Z'))).toBe('2025-12-31T23:59:59.999999Z');
  });
});
