import { describe, expect, it } from 'vitest';
import { containsV4, coveringV4, parseV4 } from './prefix.js';

describe('IPv4 prefixes', () => {
  it('finds the smallest covering prefix of botnet sources', () => {
    expect(coveringV4(['100.64.1.0/24', '100.64.7.0/24'])).toBe('100.64.0.0/21');
    expect(coveringV4(['100.64.1.0/24', '100.95.200.0/24'])).toBe('100.64.0.0/11');
    expect(coveringV4(['100.64.1.0/24'])).toBe('100.64.1.0/24');
    expect(coveringV4(['1.0.0.0/24', '200.0.0.0/24'])).toBe('0.0.0.0/0');
    expect(coveringV4(['2001:db8::/48'])).toBeUndefined();
    expect(coveringV4([])).toBeUndefined();
  });
  it('parses with host bits cleared and tests containment', () => {
    expect(parseV4('192.0.2.77/24')).toEqual([0xc0000200, 24]);
    expect(parseV4('256.0.0.0/8')).toBeUndefined();
    expect(containsV4('100.64.0.0/10', '100.96.3.4')).toBe(true);
    expect(containsV4('100.64.0.0/10', '100.128.0.1')).toBe(false);
    expect(containsV4('100.64.0.0/24', '100.64.0.0/16')).toBe(false);
    expect(containsV4('0.0.0.0/0', '8.8.8.8')).toBe(true);
  });
});
