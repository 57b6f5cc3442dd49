import { describe, expect, it } from 'vitest';
import { DISCARD } from './flowspec/actions.js';
import { prepareRoute, routeKey, rtbhRoute } from './route.js';

describe('routes', () => {
  it('builds RTBH routes for a host address of either family (RFC 7999)', () => {
    expect(rtbhRoute('203.0.113.7')).toEqual({ kind: 'unicast', prefix: '203.0.113.7/32', communities: ['65535:666', '65535:65281'] });
    expect(rtbhRoute('2001:db8::7', { nextHop: '2001:db8::1' })).toEqual({ kind: 'unicast', prefix: '2001:db8::7/128', nextHop: '2001:db8::1', communities: ['65535:666', '65535:65281'] });
  });

  it('normalises communities (names, order, duplicates) and prefixes into one stable key', () => {
    const p = prepareRoute({ kind: 'unicast', prefix: '2001:DB8:0::7/128', communities: ['no-export', 'blackhole', '65535:666'] });
    expect(p.key).toBe('ipv6-unicast 2001:db8::7/128');
    expect(p.route).toEqual({ kind: 'unicast', prefix: '2001:db8::7/128', communities: ['65535:666', '65535:65281'] });
    expect(routeKey({ kind: 'flowspec', rule: { family: 'ipv4', components: [{ kind: 'destination', prefix: '10.0.0.1/32' }] }, actions: [DISCARD] })).toBe('ipv4-flowspec [destination: 10.0.0.1/32]');
  });

  it('keeps a FlowSpec rate as the single-precision value that goes on the wire', () => {
    const p = prepareRoute({ kind: 'flowspec', rule: { family: 'ipv4', components: [{ kind: 'destination', prefix: '10.0.0.1/32' }] }, actions: [{ kind: 'traffic-rate-bytes', rate: 0.1 }] });
    expect(p.route.kind === 'flowspec' && p.route.actions).toEqual([{ kind: 'traffic-rate-bytes', rate: Math.fround(0.1) }]);
  });

  it.each([
    [{ kind: 'unicast', prefix: '10.0.0.1/24' }, 'invalid IP prefix "10.0.0.1/24": host bits set'],
    [{ kind: 'unicast', prefix: '10.0.0.1/32', nextHop: '127.0.0.1' }, 'next hop 127.0.0.1 is unspecified or loopback; use a discard address such as 192.0.2.1'],
    [{ kind: 'unicast', prefix: '10.0.0.1/32', nextHop: '2001:db8::1' }, 'next hop 2001:db8::1 is not IPv4'],
    [{ kind: 'unicast', prefix: '2001:db8::1/128', nextHop: '::1' }, 'next hop ::1 is unspecified or loopback; use a discard address such as 100::1'],
    [{ kind: 'unicast', prefix: '10.0.0.1/32', communities: ['65536:1'] }, 'community "65536:1" is not asn:value or a well-known name'],
    [{ kind: 'unicast', prefix: '10.0.0.1/32', med: -1 }, 'med must be an integer 0..4294967295'],
    [{ kind: 'multicast', prefix: '10.0.0.1/32' }, 'unknown route kind multicast'],
  ])('refuses %j with a clear message', (route, message) => {
    expect(() => prepareRoute(route as never)).toThrow(`invalid BGP route: ${message}`);
  });
});
