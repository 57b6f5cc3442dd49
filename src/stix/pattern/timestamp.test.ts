import { describe, expect, it } from 'vitest';
import { parsePrefix, prefixContains } from './cidr.js';
import { parseTimestamp, secondsToNanos } from './timestamp.js';

describe('parseTimestamp', () => {
  it('gives exact epoch nanoseconds', () => {
    expect(parseTimestamp('1970-01-01T00:00:00Z')).toBe(0n);
    expect(parseTimestamp('2000-02-29T12:00:00.123456789Z')).toBe(BigInt(Date.UTC(2000, 1, 29, 12)) * 1_000_000n + 123_456_789n);
    expect(parseTimestamp('1965-07-19T22:41:38.5Z')).toBe(BigInt(Date.UTC(1965, 6, 19, 22, 41, 38)) * 1_000_000n + 500_000_000n);
  });

  it('refuses impossible dates and other forms', () => {
    for (const t of [
      '2023-02-29T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:00:60Z',
      '2024-01-01t00:00:00Z',
      '2024-01-01T00:00:00z',
      '2024-01-01T00:00Z',
      '2024-01-01T00:00:00',
    ]) {
      expect(parseTimestamp(t), t).toBeUndefined();
    }
  });

  it('converts WITHIN seconds exactly', () => {
    expect(secondsToNanos('300')).toBe(300_000_000_000n);
    expect(secondsToNanos('.0001')).toBe(100_000n);
  });
});

describe('CIDR containment', () => {
  const contains = (outer: string, inner: string): boolean => {
    const o = parsePrefix(outer);
    const i = parsePrefix(inner);
    if (o === undefined || i === undefined) throw new Error('invalid');
    return prefixContains(o, i);
  };

  it('handles IPv4 and IPv6 addresses and prefixes', () => {
    expect(contains('11.22.33.44/20', '11.22.41.123')).toBe(true);
    expect(contains('11.22.33.44/20', '11.22.123.41')).toBe(false);
    expect(contains('11.22.33.44/20', '11.22.33.44/13')).toBe(false);
    expect(contains('0.0.0.0/0', '203.0.113.1')).toBe(true);
    expect(contains('2001:0db8:dead:beef:0000:0000:0000:0000/64', '2001:db8:dead:beef::1')).toBe(true);
    expect(contains('2001:db8::/32', '2001:db9::')).toBe(false);
    expect(contains('::ffff:0:0/96', '::ffff:192.0.2.1')).toBe(true);
    expect(contains('10.0.0.0/8', '::ffff:10.0.0.1')).toBe(false);
  });

  it('refuses what is not an address', () => {
    for (const s of ['hello', '1.2.3', '256.1.1.1', '1.2.3.4/33', '1::2::3', '2001:db8::/129', '01.2.3.4']) expect(parsePrefix(s), s).toBeUndefined();
  });
});
