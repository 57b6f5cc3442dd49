import { describe, expect, it } from 'vitest';
import { networkComparisons, parsePattern } from './index.js';

describe('networkComparisons', () => {
  it('lists address, port and protocol comparisons across observations, in order', () => {
    const r = parsePattern(
      "[network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24' AND network-traffic:dst_port IN (80, 443) AND network-traffic:protocols[*] = 'TCP'] FOLLOWEDBY [ipv6-addr:value NOT = '2001:db8::1' OR file:name = 'x'] WITHIN 60 SECONDS",
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(networkComparisons(r.ast).map(({ comparison: _c, ...rest }) => rest)).toEqual([
      { objectType: 'network-traffic', field: 'dst-address', operator: 'ISSUBSET', negated: false, addresses: ['198.51.100.0/24'], ports: [], protocols: [] },
      { objectType: 'network-traffic', field: 'dst-port', operator: 'IN', negated: false, addresses: [], ports: [80, 443], protocols: [] },
      { objectType: 'network-traffic', field: 'protocol', operator: '=', negated: false, addresses: [], ports: [], protocols: ['tcp'] },
      { objectType: 'ipv6-addr', field: 'address', operator: '=', negated: true, addresses: ['2001:db8::1'], ports: [], protocols: [] },
    ]);
  });
});
