/**
 * The BGP speaker component: announces RTBH and FlowSpec routes to configured peers and keeps
 * them there across session drops, with per-peer and per-route status.
 *
 * @example
 * ```ts
 * const speaker = BgpSpeaker.create(config.bgp, { clock, logger, metrics });
 * await speaker.start();
 * const { key } = speaker.announce(rtbhRoute('203.0.113.7'));
 * await speaker.waitForRoute(key, 'active', { timeoutMs: 5000 });
 * speaker.withdraw(key);
 * await speaker.stop(); // withdraws everything, then Cease / Administrative Shutdown
 * ```
 */
import { formatAddress, parseIPv4, tryParseAddress } from '../core/ip.js';
import type { BaseDeps, Component } from '../core/component.js';
import type { BgpConfig, BgpPeerConfig } from './config.js';
import { ERR_BGP_CONFIG_INVALID, ERR_BGP_NOT_RUNNING, ERR_BGP_UNKNOWN_PEER } from './errors.js';
import { BgpMetrics } from './metrics.js';
import { checkNextHop, prepareRoute, type BgpRoute, type PreparedRoute } from './route.js';
import type { RouteState, RouteStatus } from './session/adj-rib-out.js';
import { BgpListener } from './session/listener.js';
import { PeerSession } from './session/peer-session.js';
import type { PeerStatus } from './session/peer-status.js';

/** Dependencies of the speaker. */
export interface BgpSpeakerDeps extends BaseDeps {
  /** Random source for reconnect jitter (tests make it deterministic). */
  readonly random?: () => number;
}

/** Restricts an announce or withdraw to some peers (by name); default: every peer of the family. */
export interface RouteTargetOptions {
  readonly peers?: readonly string[];
}

/** What announce and withdraw did: the route's key and the peers it concerns. */
export interface RouteResult {
  readonly key: string;
  readonly peers: readonly string[];
}

/** Listener for route state changes on any peer. */
export type SpeakerRouteListener = (peer: string, status: RouteStatus) => void;

function peerName(p: BgpPeerConfig): string {
  return p.name ?? (p.address.includes(':') ? `[${p.address}]:${p.port}` : `${p.address}:${p.port}`);
}

function nextHop(text: string, family: 4 | 6, where: string): Uint8Array {
  const nh = checkNextHop(text, family);
  if (typeof nh === 'string') throw new ERR_BGP_CONFIG_INVALID(`${where}: ${nh}`);
  return nh;
}

function checkConfig(c: BgpConfig): void {
  if (c.peers.length > 0 && c.routerId === undefined) throw new ERR_BGP_CONFIG_INVALID('routerId is required when peers are configured');
  const hold = (h: number, where: string): void => {
    if (h === 1 || h === 2) throw new ERR_BGP_CONFIG_INVALID(`${where}: a hold time must be 0 or at least 3 seconds (RFC 4271 §4.2)`);
  };
  hold(c.holdTimeSeconds, 'holdTimeSeconds');
  if (c.reconnect.minMs > c.reconnect.maxMs) throw new ERR_BGP_CONFIG_INVALID('reconnect.minMs exceeds reconnect.maxMs');
  const names = new Set<string>();
  for (const p of c.peers) {
    const name = peerName(p);
    if (names.has(name)) throw new ERR_BGP_CONFIG_INVALID(`peer name ${name} is used twice`);
    names.add(name);
    if (tryParseAddress(p.address) === undefined) throw new ERR_BGP_CONFIG_INVALID(`peer ${name}: address ${p.address} is not an IP address`);
    if (p.holdTimeSeconds !== undefined) hold(p.holdTimeSeconds, `peer ${name} holdTimeSeconds`);
    if (p.passive && c.listen.length === 0) throw new ERR_BGP_CONFIG_INVALID(`peer ${name} is passive but no listen address is configured`);
  }
}

/** The BGP speaker component. */
export class BgpSpeaker implements Component {
  readonly name = 'bgp-speaker';
  readonly #config: BgpConfig;
  readonly #deps: BgpSpeakerDeps;
  readonly #peers = new Map<string, PeerSession>();
  readonly #listener: BgpListener;
  #stopped = false;

  /** Prefer {@link createBgpSpeaker}, the shape every component is built with. */
  constructor(config: BgpConfig, deps: BgpSpeakerDeps) {
    checkConfig(config);
    this.#config = config;
    this.#deps = deps;
    const metrics = new BgpMetrics(deps.metrics, () => [...this.#peers.values()].map((p) => ({ peer: p.name, counts: p.rib.counts })));
    const routerId = config.routerId === undefined ? 0 : parseIPv4(config.routerId);
    for (const p of config.peers) {
      const name = peerName(p);
      const session = new PeerSession(
        {
          name,
          address: formatAddress(...tryParseAddress(p.address)!),
          port: p.port,
          localAddress: p.localAddress,
          peerAs: p.peerAs,
          localAs: config.localAs,
          routerId,
          holdTimeSeconds: p.holdTimeSeconds ?? config.holdTimeSeconds,
          families: p.families,
          passive: p.passive,
          nextHopV4: nextHop(p.nextHops?.ipv4 ?? config.nextHops.ipv4, 4, `peer ${name} next hop`),
          nextHopV6: nextHop(p.nextHops?.ipv6 ?? config.nextHops.ipv6, 6, `peer ${name} next hop`),
          connectTimeoutMs: config.connectTimeoutMs,
          reconnect: config.reconnect,
          gracefulRestartSeconds: config.gracefulRestart.enabled ? config.gracefulRestart.restartTimeSeconds : undefined,
        },
        { clock: deps.clock, logger: deps.logger, metrics, ...(deps.random === undefined ? {} : { random: deps.random }) },
      );
      this.#peers.set(name, session);
    }
    this.#listener = new BgpListener([...this.#peers.values()], deps.logger.child({ component: 'bgp-listener' }));
  }

  /** Binds the listen addresses (for passive peers) and starts every session. */
  async start(): Promise<void> {
    if (this.#stopped) throw new ERR_BGP_NOT_RUNNING();
    if ([...this.#peers.values()].some((p) => p.passive)) await this.#listener.listen(this.#config.listen);
    for (const p of this.#peers.values()) p.start();
    this.#deps.logger.info({ peers: [...this.#peers.keys()], localAs: this.#config.localAs }, 'BGP speaker started');
  }

  /** Withdraws everything from every peer, sends Cease / Administrative Shutdown, and closes. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    // Stop accepting first, but await the close only after the peers hang up: a server's close
    // completes when its last connection ends, and those connections belong to the peers.
    const closed = this.#listener.close();
    await Promise.all([...this.#peers.values()].map((p) => p.stop(this.#config.stopTimeoutMs)));
    await closed;
    this.#deps.logger.info('BGP speaker stopped');
  }

  #targets(family: PreparedRoute['family'], options: RouteTargetOptions | undefined): PeerSession[] {
    if (this.#stopped) throw new ERR_BGP_NOT_RUNNING();
    if (options?.peers !== undefined) {
      for (const n of options.peers) if (!this.#peers.has(n)) throw new ERR_BGP_UNKNOWN_PEER(n);
    }
    return [...this.#peers.values()].filter((p) => (options?.peers === undefined || options.peers.includes(p.name)) && p.families.includes(family));
  }

  /**
   * Announces a route to every peer configured for its family (or the named ones). Validation
   * errors throw before anything changes; sending happens asynchronously, batched per tick.
   */
  announce(route: BgpRoute, options?: RouteTargetOptions): RouteResult {
    const p = prepareRoute(route);
    const targets = this.#targets(p.family, options);
    for (const s of targets) s.announce(p);
    return { key: p.key, peers: targets.map((s) => s.name) };
  }

  /** Withdraws a route (given as the route or its key) from every peer that has it. */
  withdraw(route: BgpRoute | string, options?: RouteTargetOptions): RouteResult {
    const key = typeof route === 'string' ? route : prepareRoute(route).key;
    if (this.#stopped) throw new ERR_BGP_NOT_RUNNING();
    const peers: string[] = [];
    for (const s of this.#peers.values()) {
      if (options?.peers !== undefined && !options.peers.includes(s.name)) continue;
      if (s.withdraw(key)) peers.push(s.name);
    }
    return { key, peers };
  }

  /** Status of every peer. */
  peers(): PeerStatus[] {
    return [...this.#peers.values()].map((p) => p.status());
  }

  /** Status of one peer. */
  peer(name: string): PeerStatus {
    const p = this.#peers.get(name);
    if (p === undefined) throw new ERR_BGP_UNKNOWN_PEER(name);
    return p.status();
  }

  /** Status of one route (route or key) on every peer that knows it. */
  routeStatus(route: BgpRoute | string): { readonly peer: string; readonly status: RouteStatus }[] {
    const key = typeof route === 'string' ? route : prepareRoute(route).key;
    const out: { peer: string; status: RouteStatus }[] = [];
    for (const p of this.#peers.values()) {
      const s = p.rib.get(key);
      if (s !== undefined) out.push({ peer: p.name, status: s });
    }
    return out;
  }

  /** Every route of one peer with its status. */
  routes(peer: string): RouteStatus[] {
    const p = this.#peers.get(peer);
    if (p === undefined) throw new ERR_BGP_UNKNOWN_PEER(peer);
    return p.rib.list();
  }

  /** Subscribes to route state changes on every peer; returns the unsubscribe function. */
  onRouteChange(listener: SpeakerRouteListener): () => void {
    const offs = [...this.#peers.values()].map((p) => p.rib.onChange((s) => listener(p.name, s)));
    return () => offs.forEach((off) => off());
  }

  /**
   * Resolves true once the route is in `state` on every target peer (default: every peer that
   * knows it), false on timeout.
   */
  waitForRoute(route: BgpRoute | string, state: RouteState, options: RouteTargetOptions & { timeoutMs?: number } = {}): Promise<boolean> {
    const key = typeof route === 'string' ? route : prepareRoute(route).key;
    const done = (): boolean => {
      const st = this.routeStatus(key).filter((r) => options.peers === undefined || options.peers.includes(r.peer));
      return st.length > 0 && st.every((r) => r.status.state === state);
    };
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const off = this.onRouteChange((_, s) => {
        if (s.key === key && done()) finish(true);
      });
      const timer = setTimeout(() => finish(false), options.timeoutMs ?? 30_000);
      const finish = (v: boolean): void => {
        off();
        clearTimeout(timer);
        resolve(v);
      };
    });
  }

  /** Addresses the listener is bound to (for passive peers; useful with port 0). */
  listenAddresses(): { host: string; port: number }[] {
    return this.#listener.addresses();
  }
}

/** Builds the speaker; throws `ERR_BGP_CONFIG_INVALID` for an inconsistent configuration. */
export function createBgpSpeaker(config: BgpConfig, deps: BgpSpeakerDeps): BgpSpeaker {
  return new BgpSpeaker(config, deps);
}
