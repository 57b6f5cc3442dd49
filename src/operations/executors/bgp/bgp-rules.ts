/**
 * The part the RTBH and FlowSpec executors share: announcing routes through the BGP speaker with
 * reference counting (two requests may put the same route in force; it is withdrawn only when
 * the last one ends), and turning the speaker's per-peer route status into target updates.
 */
import { routeKey, type BgpRoute } from '../../../bgp/route.js';
import type { RouteStatus } from '../../../bgp/session/adj-rib-out.js';
import type { RouteResult, RouteTargetOptions } from '../../../bgp/speaker.js';
import type { TargetUpdate } from '../../execution/execution.js';
import type { TargetUpdateListener } from '../../execution/executor.js';

/** What the executors use of `BgpSpeaker` (src/bgp/speaker.ts). */
export interface RouteSpeaker {
  announce(route: BgpRoute, options?: RouteTargetOptions): RouteResult;
  withdraw(route: BgpRoute | string, options?: RouteTargetOptions): RouteResult;
  routeStatus(route: BgpRoute | string): { readonly peer: string; readonly status: RouteStatus }[];
  onRouteChange(listener: (peer: string, status: RouteStatus) => void): () => void;
}

/** Peer name used when no peer carries the route's family. */
export const NO_PEER = '-';

/** A route with the key the speaker knows it by (computed lazily: announcing needs only the route). */
export interface KeyedRoute {
  readonly key: string;
  readonly route: BgpRoute;
}

/** Pairs a route with its key, computed on first use. */
export function keyed(route: BgpRoute): KeyedRoute {
  let key: string | undefined;
  return {
    route,
    get key() {
      return (key ??= routeKey(route));
    },
  };
}

/** Reference-counted announcements of routes for executions. */
export class BgpRules {
  readonly #speaker: RouteSpeaker;
  readonly #peers: readonly string[] | undefined;
  /** Route key → executions holding it. */
  readonly #holders = new Map<string, Set<string>>();
  readonly #listeners = new Set<TargetUpdateListener>();
  #pending: TargetUpdate[] = [];
  #scheduled = false;
  #off: (() => void) | undefined;

  constructor(speaker: RouteSpeaker, peers: readonly string[] | undefined) {
    this.#speaker = speaker;
    this.#peers = peers;
  }

  /** Announces the routes for an execution; resolves their current per-peer state. */
  announce(executionId: string, routes: readonly KeyedRoute[]): TargetUpdate[] {
    this.#listen();
    const options = this.#peers === undefined ? undefined : { peers: this.#peers };
    const out: TargetUpdate[] = [];
    for (const r of routes) {
      // The speaker validates and keys the route (one preparation per route on this hot path).
      const result = this.#speaker.announce(r.route, options);
      let holders = this.#holders.get(result.key);
      if (holders === undefined) this.#holders.set(result.key, (holders = new Set()));
      holders.add(executionId);
      if (result.peers.length === 0) {
        out.push({ executionId, ruleKey: result.key, peer: NO_PEER, state: 'failed', error: 'no BGP peer is configured for this address family' });
        continue;
      }
      const status = new Map(this.#speaker.routeStatus(result.key).map((s) => [s.peer, s.status]));
      for (const peer of result.peers) {
        const s = status.get(peer);
        out.push({ executionId, ruleKey: result.key, peer, state: s?.state ?? 'pending', error: s?.error });
      }
    }
    return out;
  }

  /** Withdraws the routes of an execution unless another execution still holds them. */
  withdraw(executionId: string, routes: readonly KeyedRoute[]): TargetUpdate[] {
    const out: TargetUpdate[] = [];
    for (const r of routes) {
      const holders = this.#holders.get(r.key);
      holders?.delete(executionId);
      const peers = this.#speaker.routeStatus(r.key).map((s) => s.peer);
      if (holders === undefined || holders.size === 0) {
        this.#holders.delete(r.key);
        this.#speaker.withdraw(r.key, this.#peers === undefined ? undefined : { peers: this.#peers });
      }
      for (const peer of peers.length === 0 ? [NO_PEER] : peers) out.push({ executionId, ruleKey: r.key, peer, state: 'withdrawn' });
    }
    return out;
  }

  /** Number of distinct routes held. */
  get size(): number {
    return this.#holders.size;
  }

  /** Subscribes to per-peer state changes of held routes (batched per tick). */
  onUpdate(listener: TargetUpdateListener): () => void {
    this.#listeners.add(listener);
    this.#listen();
    return () => void this.#listeners.delete(listener);
  }

  #listen(): void {
    if (this.#off !== undefined) return;
    this.#off = this.#speaker.onRouteChange((peer, status) => {
      // Only announcements we still hold; a withdrawn route's rows were written by withdraw().
      if (status.intent !== 'announce') return;
      const holders = this.#holders.get(status.key);
      if (holders === undefined) return;
      for (const executionId of holders) this.#pending.push({ executionId, ruleKey: status.key, peer, state: status.state, error: status.error });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Route changes arrive one by one (10 000 when a session comes up); hand them on in one batch.
    setImmediate(() => {
      this.#scheduled = false;
      const batch = this.#pending;
      this.#pending = [];
      for (const l of this.#listeners) l(batch);
    });
  }
}
