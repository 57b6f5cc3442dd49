import { describe, expect, it } from 'vitest';
import { isIpv4Value, isIpv6Value, isMacValue } from './address-formats.js';

describe('address formats', () => {
  it('IPv4 with an optional CIDR prefix', () => {
    for (const v of ['198.51.100.3', '0.0.0.0/0', '10.0.0.0/8', '198.51.100.0/32']) expect(isIpv4Value(v), v).toBe(true);
    for (const v of ['198.51.100', '198.51.100.256', '10.0.0.0/33', '192.168.0.1/01', '1.2.3.4/', '1.2.3.4/8/8', ' 1.2.3.4']) expect(isIpv4Value(v), v).toBe(false);
  });

  it('IPv6 in full, compressed and IPv4-embedded forms, with an optional prefix', () => {
    for (const v of ['2001:db8::1', '::', '::1', 'fe80:0000:0000:0000:0204:61ff:fe9d:f156', '2001:db8::/32', '::ffff:192.0.2.128']) expect(isIpv6Value(v), v).toBe(true);
    for (const v of ['2001:db8:::1', '1:2:3:4:5:6:7:8:9', 'fe80::/129', 'fe80::/03', 'g::1', '1::2::3', '']) expect(isIpv6Value(v), v).toBe(false);
  });

  it('MAC addresses in lowercase colon form', () => {
    expect(isMacValue('d2:fb:49:24:37:18')).toBe(true);
    expect(isMacValue('D2:FB:49:24:37:18')).toBe(false);
    expect(isMacValue('d2-fb-49-24-37-18')).toBe(false);
  });
});
