import { describe, expect, it } from 'vitest';
import type { OpenMessage } from '../message/open.js';
import { negotiate } from './negotiate.js';

const LOCAL = { localAs: 65000, routerId: 0x0a000001, peerAs: 65001, holdTimeSeconds: 90, families: ['ipv4-unicast', 'ipv6-unicast', 'ipv4-flowspec'] as const };

function open(over: Partial<OpenMessage> & { caps?: Partial<OpenMessage['capabilities']> } = {}): OpenMessage {
  return {
    version: 4,
    myAs: 65001,
    holdTimeSeconds: 30,
    bgpId: 0x0a000002,
    ...over,
    capabilities: {
      multiprotocol: [
        { afi: 1, safi: 1 },
        { afi: 1, safi: 133 },
      ],
      fourOctetAs: 65001,
      routeRefresh: true,
      enhancedRouteRefresh: false,
      gracefulRestart: undefined,
      others: [],
      ...over.caps,
    },
  };
}

describe('negotiate', () => {
  it('takes the smaller hold time and only the families both sides advertised', () => {
    const n = negotiate(open(), { ...LOCAL, families: [...LOCAL.families] });
    expect(n.ok).toBe(true);
    if (!n.ok) return;
    expect(n.session).toMatchObject({ holdTimeSeconds: 30, keepaliveMs: 10_000, fourOctetAs: true, ibgp: false, missingFamilies: ['ipv6-unicast'], peerRouterId: '10.0.0.2' });
    expect([...n.session.families]).toEqual(['ipv4-unicast', 'ipv4-flowspec']);
  });

  it('assumes IPv4 unicast only from a peer without multiprotocol capabilities (RFC 4760 §8)', () => {
    const n = negotiate(open({ caps: { multiprotocol: [] } }), { ...LOCAL, families: [...LOCAL.families] });
    expect(n.ok && [...n.session.families]).toEqual(['ipv4-unicast']);
  });

  it('refuses a wrong peer AS, a 2-second hold time and a zero identifier with the right subcodes', () => {
    const cases: [OpenMessage, number][] = [
      [open({ caps: { fourOctetAs: 65002 } }), 2],
      [open({ holdTimeSeconds: 2 }), 6],
      [open({ bgpId: 0 }), 3],
    ];
    for (const [o, subcode] of cases) {
      const n = negotiate(o, { ...LOCAL, families: [...LOCAL.families] });
      expect(!n.ok && n.notification).toMatchObject({ code: 2, subcode });
    }
  });

  it('refuses an iBGP peer using our own identifier', () => {
    const n = negotiate(open({ myAs: 65000, bgpId: 0x0a000001, caps: { fourOctetAs: 65000 } }), { ...LOCAL, peerAs: 65000, families: [...LOCAL.families] });
    expect(!n.ok && n.notification.subcode).toBe(3);
  });
});
