import { Registry } from 'prom-client';
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { BgpConfigSchema, type BgpConfig } from './config.js';
import { createBgpSpeaker, type BgpSpeaker } from './speaker.js';

function config(raw: Record<string, unknown>): BgpConfig {
  return Value.Default(BgpConfigSchema, raw) as BgpConfig;
}

function create(raw: Record<string, unknown>): BgpSpeaker {
  return createBgpSpeaker(config(raw), { clock: systemClock, logger: silentLogger(), metrics: new Registry() });
}

describe('BGP configuration', () => {
  it('fills defaults: all four families, port 179, discard next hops, backoff 1–30 s', () => {
    const c = config({ routerId: '10.0.0.1', peers: [{ address: '192.0.2.2', peerAs: 64501 }] });
    expect(Value.Check(BgpConfigSchema, c)).toBe(true);
    expect(c).toMatchObject({ enabled: false, localAs: 64512, holdTimeSeconds: 90, reconnect: { minMs: 1000, maxMs: 30000 }, nextHops: { ipv4: '192.0.2.1', ipv6: '100::1' } });
    expect(c.peers[0]).toMatchObject({ port: 179, passive: false, families: ['ipv4-unicast', 'ipv6-unicast', 'ipv4-flowspec', 'ipv6-flowspec'] });
    expect(
      create(c)
        .peers()
        .map((p) => p.name),
    ).toEqual(['192.0.2.2:179']);
  });

  it.each([
    [{ peers: [{ address: '192.0.2.2', peerAs: 1 }] }, 'routerId is required when peers are configured'],
    [{ routerId: '10.0.0.1', holdTimeSeconds: 2 }, 'holdTimeSeconds: a hold time must be 0 or at least 3 seconds (RFC 4271 §4.2)'],
    [
      {
        routerId: '10.0.0.1',
        peers: [
          { address: '192.0.2.2', peerAs: 1 },
          { address: '192.0.2.2', peerAs: 2 },
        ],
      },
      'peer name 192.0.2.2:179 is used twice',
    ],
    [{ routerId: '10.0.0.1', peers: [{ address: 'router1', peerAs: 1 }] }, 'peer router1:179: address router1 is not an IP address'],
    [{ routerId: '10.0.0.1', peers: [{ address: '192.0.2.2', peerAs: 1, passive: true }] }, 'peer 192.0.2.2:179 is passive but no listen address is configured'],
    [{ routerId: '10.0.0.1', nextHops: { ipv4: '127.0.0.1' }, peers: [{ address: '192.0.2.2', peerAs: 1 }] }, 'peer 192.0.2.2:179 next hop: next hop 127.0.0.1 is unspecified or loopback'],
    [{ routerId: '10.0.0.1', reconnect: { minMs: 5000, maxMs: 1000 } }, 'reconnect.minMs exceeds reconnect.maxMs'],
  ])('refuses %j', (raw, message) => {
    expect(() => create(raw)).toThrow(message);
  });
});
