/**
 * The demo's router: a second BGP speaker in this process, passive on a loopback port, that the
 * platform's own speaker peers with when `serve --demo` runs without configured BGP peers. Demo
 * countermeasures (RTBH, FlowSpec) therefore travel over a real BGP session and show as active per
 * peer; the router decodes and counts what it receives. Production configures real routers instead.
 */
import type { BaseDeps, Component } from '../core/component.js';
import type { Lifecycle } from '../core/component.js';
import { createBgpSpeaker, type BgpSpeaker } from '../bgp/speaker.js';
import type { BgpConfig } from '../bgp/config.js';
import { validateConfig } from '../config/load.js';
import { createMetricsRegistry } from '../core/metrics.js';

const ROUTER_AS = 65010;

/**
 * Starts the demo router at once and returns the platform's speaker configured to peer with it.
 * Both are registered with `life` (the router first, so it stops last).
 */
export async function demoSpeaker(platformBgp: BgpConfig, deps: BaseDeps, life: Lifecycle): Promise<BgpSpeaker> {
  const routerConfig = validateConfig({
    bgp: {
      enabled: true,
      localAs: ROUTER_AS,
      routerId: '192.0.2.253',
      listen: ['127.0.0.1:0'],
      peers: [{ name: 'sakimori', address: '127.0.0.1', peerAs: platformBgp.localAs, passive: true }],
    },
  }).bgp;
  // Its own metrics registry: the router is scenery, not part of the platform's metrics.
  const router = createBgpSpeaker(routerConfig, { ...deps, metrics: createMetricsRegistry(), logger: deps.logger.child({ component: 'demo-router' }) });
  await router.start();
  const routerComponent: Component = { name: 'demo-router', stop: () => router.stop() };
  life.add(routerComponent);
  const port = router.listenAddresses()[0]!.port;
  const routerId = platformBgp.routerId ?? '192.0.2.252';
  const own = validateConfig({ bgp: { enabled: true, localAs: platformBgp.localAs, routerId, peers: [{ name: 'demo-router', address: '127.0.0.1', port, peerAs: ROUTER_AS }] } }).bgp;
  deps.logger.info({ port, routerAs: ROUTER_AS }, 'demo router listening; the platform speaker peers with it');
  return life.add(createBgpSpeaker({ ...platformBgp, enabled: true, routerId, peers: own.peers }, deps));
}
