import { describe, expect, it } from 'vitest';
import { formatAddress, formatPrefix, parseAddress, parsePrefix, prefixContains, tryParseAddress } from './ip.js';

const roundTrip: Array<[string, string]> = [
  ['192.0.2.1', '192.0.2.1'],
  ['0.0.0.0', '0.0.0.0'],
  ['255.255.255.255', '255.255.255.255'],
  ['2001:db8::1', '2001:db8::1'],
  ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
  ['::', '::'],
  ['::1', '::1'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // RFC 5952 §4.2.3: first longest run
  ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero hextet is not compressed
  ['::ffff:192.0.2.7', '192.0.2.7'],
  ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ['fe80::1:2:3:4', 'fe80::1:2:3:4'],
];

describe('ip addresses', () => {
  it.each(roundTrip)('parses %s and prints %s', (input, printed) => {
    const w = parseAddress(input);
    expect(formatAddress(...w)).toBe(printed);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1:2:3:4:5:6:7:8:9', '1::2::3', ':::', 'g::1', '1.2.3.4/8', '::ffff:1.2.3', '12345::'])('rejects %j', (bad) => {
    expect(tryParseAddress(bad)).toBeUndefined();
  });

  it('parses prefixes in both families and checks containment', () => {
    const p4 = parsePrefix('198.51.100.0/22');
    expect(p4.length).toBe(118);
    expect(formatPrefix(p4)).toBe('198.51.100.0/22');
    expect(prefixContains(p4, ...parseAddress('198.51.103.255'))).toBe(true);
    expect(prefixContains(p4, ...parseAddress('198.51.104.0'))).toBe(false);
    const p6 = parsePrefix('2001:db8:a::/48');
    expect(formatPrefix(p6)).toBe('2001:db8:a::/48');
    expect(prefixContains(p6, ...parseAddress('2001:db8:a:ffff::1'))).toBe(true);
    expect(prefixContains(p6, ...parseAddress('2001:db8:b::1'))).toBe(false);
    // An IPv4 address is never inside an IPv6 prefix that does not cover the mapped range.
    expect(prefixContains(p6, ...parseAddress('198.51.100.1'))).toBe(false);
  });

  it('refuses host bits in strict mode and bad lengths always', () => {
    expect(() => parsePrefix('10.0.0.1/8', { strict: true })).toThrow(/host bits set/);
    expect(formatPrefix(parsePrefix('10.0.0.1/8'))).toBe('10.0.0.0/8');
    expect(() => parsePrefix('10.0.0.0/33')).toThrow(/length exceeds 32/);
    expect(() => parsePrefix('2001:db8::/129')).toThrow(/length exceeds 128/);
    expect(() => parsePrefix('10.0.0.0/')).toThrow(/bad length/);
  });
});
