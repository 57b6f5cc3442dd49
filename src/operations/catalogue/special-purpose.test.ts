/**
 * The IPv4 prefix inside the IPv6 forms that embed one (NAT64 RFC 6052, 6to4 RFC 3056), on its own:
 * what the guards see through when an allowlisted or protected address is written in IPv6.
 */
import { describe, expect, it } from 'vitest';
import { formatPrefix, parsePrefix } from '../../core/ip.js';
import { embeddedIPv4, specialPurposeBlock } from './special-purpose.js';

const embedded = (text: string): string | undefined => {
  const p = embeddedIPv4(parsePrefix(text));
  return p === undefined ? undefined : formatPrefix(p);
};

describe('embedded IPv4', () => {
  it('reads the address of the NAT64 well-known prefix, and every IPv4 address for the prefix whole or wider', () => {
    expect(embedded('64:ff9b::808:808')).toBe('8.8.8.8/32');
    expect(embedded('64:ff9b::c633:6400/120')).toBe('198.51.100.0/24');
    expect(embedded('64:ff9b::/96')).toBe('0.0.0.0/0');
    expect(embedded('64:ff9b::/64')).toBe('0.0.0.0/0');
    expect(embedded('64::/16')).toBe('0.0.0.0/0');
  });

  it('reads the 6to4 address by the prefix length beyond 2002::/16, at most 32 bits of it', () => {
    expect(embedded('2002:808:808::/48')).toBe('8.8.8.8/32');
    expect(embedded('2002:808:808:1::/64')).toBe('8.8.8.8/32');
    expect(embedded('2002:808:808::1')).toBe('8.8.8.8/32');
    expect(embedded('2002:808::/32')).toBe('8.8.0.0/16');
    expect(embedded('2002:c633:6480::/41')).toBe('198.51.100.128/25');
    expect(embedded('2002:800::/24')).toBe('8.0.0.0/8');
    expect(embedded('2002::/17')).toBe('0.0.0.0/1');
    expect(embedded('2002::/16')).toBe('0.0.0.0/0');
    expect(embedded('2000::/3')).toBe('0.0.0.0/0');
  });

  it('reads nothing from other IPv6 space or from IPv4', () => {
    expect(embedded('2001:db8::/32')).toBeUndefined();
    expect(embedded('2003::/16')).toBeUndefined();
    expect(embedded('64:ff9a::808:808')).toBeUndefined();
    expect(embedded('8.8.8.8')).toBeUndefined();
  });
});

describe('special-purpose blocks', () => {
  it('names the block a prefix overlaps, from inside, around or at its edge, and nothing next to it', () => {
    expect(specialPurposeBlock(parsePrefix('127.255.255.255'))?.text).toBe('127.0.0.0/8');
    expect(specialPurposeBlock(parsePrefix('126.0.0.0/7'))?.text).toBe('127.0.0.0/8');
    expect(specialPurposeBlock(parsePrefix('128.0.0.0'))).toBeUndefined();
    expect(specialPurposeBlock(parsePrefix('192.0.1.255'))).toBeUndefined();
    expect(specialPurposeBlock(parsePrefix('64:ff9b:1:ffff::1'))?.text).toBe('64:ff9b:1::/48');
    expect(specialPurposeBlock(parsePrefix('100::ffff:ffff:ffff:ffff'))?.text).toBe('100::/64');
    expect(specialPurposeBlock(parsePrefix('100:0:0:1::'))).toBeUndefined();
  });
});
