/**
 * Builds a speaker for tests and benchmarks, pointed at a {@link Gobgpd} on loopback.
 */
import { Registry } from 'prom-client';
import Value from 'typebox/value';
import { systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { BgpConfigSchema, type BgpConfig } from '../config.js';
import { createBgpSpeaker, type BgpSpeaker } from '../speaker.js';
import type { Gobgpd } from './gobgpd.js';

/** Our AS in tests and GoBGP's. */
export const TEST_LOCAL_AS = 65000;
export const TEST_GOBGP_AS = 65001;

/** A speaker configuration for peers of `gobgpd`; `peers` entries may override anything. */
export function speakerConfig(gobgpd: Gobgpd, peers: readonly Record<string, unknown>[], over: Record<string, unknown> = {}): BgpConfig {
  const raw = {
    enabled: true,
    localAs: TEST_LOCAL_AS,
    routerId: '10.0.0.1',
    // gobgpd refuses a neighbour for ~30 s after a reset; retry every few seconds at most.
    reconnect: { minMs: 200, maxMs: 3000 },
    stopTimeoutMs: 2000,
    peers: peers.map((p) => ({ address: '127.0.0.1', port: gobgpd.bgpPort, peerAs: TEST_GOBGP_AS, ...p })),
    ...over,
  };
  const config = Value.Default(BgpConfigSchema, raw);
  if (!Value.Check(BgpConfigSchema, config)) throw new Error(`bad test config: ${JSON.stringify([...Value.Errors(BgpConfigSchema, config)])}`);
  return config as BgpConfig;
}

/** Creates a speaker with a silent logger and its own metrics registry. */
export function testSpeaker(config: BgpConfig): { speaker: BgpSpeaker; metrics: Registry } {
  const metrics = new Registry();
  return { speaker: createBgpSpeaker(config, { clock: systemClock, logger: silentLogger(), metrics }), metrics };
}
