/**
 * Live state for the board: active and recent attacks (a first page, then `/events`), and the last
 * hour of every visible network's rates (`/rates?seconds=3600`, then `/rates/stream`). Events are
 * gathered in refs and published to React at most twice a second, so a busy attack (one update
 * per second per attack) never re-renders per event.
 */
import { useEffect, useRef, useState } from 'react';
import { RateRing } from '../lib/rate-ring.js';
import { useEventStream } from './events.js';
import { api } from './http.js';
import type { Attack, NetworkRates, Page, RatesTick } from './types.js';

const FLUSH_MS = 500;

function useFlush(): [number, () => void] {
  const [version, setVersion] = useState(0);
  const pending = useRef(false);
  const mark = (): void => {
    if (pending.current) return;
    pending.current = true;
    setTimeout(() => {
      pending.current = false;
      setVersion((v) => v + 1);
    }, FLUSH_MS);
  };
  return [version, mark];
}

/** Active attacks and the latest ended ones, kept current by `/events`. */
export interface LiveAttacks {
  readonly attacks: readonly Attack[];
  readonly live: boolean;
  readonly error: unknown;
  readonly loaded: boolean;
}

/** Attacks as they start, update and end. */
export function useLiveAttacks(recentEnded = 10): LiveAttacks {
  const byId = useRef(new Map<string, Attack>());
  const [version, mark] = useFlush();
  const [error, setError] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded once, later changes come through /events; mark only touches a ref and a state setter
  useEffect(() => {
    const ac = new AbortController();
    Promise.all([
      api<Page<Attack>>('/attacks', { query: { state: 'active', limit: 500 }, signal: ac.signal }),
      api<Page<Attack>>('/attacks', { query: { state: 'ended', limit: recentEnded }, signal: ac.signal }),
    ])
      .then(([active, ended]) => {
        // Events that arrived while loading are newer than the pages: keep them.
        for (const a of [...ended.items, ...active.items]) if (!byId.current.has(a.id)) byId.current.set(a.id, a);
        setLoaded(true);
        mark();
      })
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setError(e);
      });
    return () => ac.abort();
  }, []);

  const put = (data: unknown): void => {
    const a = data as Attack;
    if (typeof a?.id !== 'string') return;
    byId.current.set(a.id, a);
    mark();
  };
  const live = useEventStream('/events', { 'attack.started': put, 'attack.updated': put, 'attack.ended': put });

  const [list, setList] = useState<readonly Attack[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the attacks live in a ref; version says when it changed
  useEffect(() => {
    const all = [...byId.current.values()];
    const active = all.filter((a) => a.state === 'active').sort((a, b) => b.startedAt - a.startedAt);
    const ended = all.filter((a) => a.state === 'ended').sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
    // Forget ended attacks beyond the few shown, so a long-running board does not grow.
    for (const a of ended.slice(recentEnded)) byId.current.delete(a.id);
    setList([...active, ...ended.slice(0, recentEnded)]);
  }, [version, recentEnded]);
  return { attacks: list, live, error, loaded };
}

/** One network on the board. */
export interface LiveNetwork {
  readonly networkId: string;
  readonly organizationId: string;
  readonly prefix: string;
  readonly name: string | null;
  readonly ring: RateRing;
}

/** Rate history of every visible network, kept current by `/rates/stream`. */
export interface LiveRates {
  readonly networks: readonly LiveNetwork[];
  /** Changes whenever a ring changed (charts redraw on it). */
  readonly version: number;
  readonly live: boolean;
  readonly error: unknown;
  readonly loaded: boolean;
}

/** The last hour of rates per network. */
export function useLiveRates(seconds = 3600): LiveRates {
  const rings = useRef(new Map<string, LiveNetwork>());
  const [version, mark] = useFlush();
  const [error, setError] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState(false);
  const early = useRef<RatesTick[]>([]);
  const ready = useRef(false);

  const apply = (t: RatesTick): void => {
    for (const n of t.networks) rings.current.get(n.networkId)?.ring.put(t.second, n.pps, n.bps);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded once per window, later seconds come through /rates/stream; apply and mark only touch refs and a state setter
  useEffect(() => {
    const ac = new AbortController();
    api<Page<NetworkRates>>('/rates', { query: { seconds, limit: 1000 }, signal: ac.signal })
      .then((page) => {
        for (const r of page.items) {
          const ring = new RateRing(seconds, r.resolution || 1000);
          ring.load(r.from, r.pps, r.bps);
          rings.current.set(r.networkId, { networkId: r.networkId, organizationId: r.organizationId, prefix: r.prefix, name: r.name, ring });
        }
        for (const t of early.current) apply(t);
        early.current = [];
        ready.current = true;
        setLoaded(true);
        mark();
      })
      .catch((e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        ready.current = true;
        early.current = [];
        setError(e);
      });
    return () => ac.abort();
  }, [seconds]);

  const live = useEventStream('/rates/stream', {
    rates: (data) => {
      const t = data as RatesTick;
      if (typeof t?.second !== 'number' || !Array.isArray(t.networks)) return;
      // Ticks before the history arrived are applied after it (they are newer).
      if (!ready.current) early.current.push(t);
      else apply(t);
      mark();
    },
  });
  return { networks: [...rings.current.values()], version, live, error, loaded };
}
