/**
 * `useApi`: loads one API resource into React state, aborting a superseded request, with
 * `reload()` for after a change and optional polling for views without a live stream.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type RequestOptions } from './http.js';

/** State of a loaded resource. */
export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Loads again (keeping the current data visible meanwhile). */
  reload(): void;
  /** Replaces the data locally (after a mutation that returned the new state). */
  set(data: T): void;
}

/** Loads `path` (undefined: nothing to load yet); re-loads when path or query change. */
export function useApi<T>(path: string | undefined, query?: RequestOptions['query'], pollMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(path !== undefined);
  const [tick, setTick] = useState(0);
  const key = path === undefined ? undefined : `${path}?${JSON.stringify(query ?? {})}`;
  const lastKey = useRef(key);

  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for path and query (a new query object at every render must not reload); tick is the reload trigger
  useEffect(() => {
    if (path === undefined) return;
    const ac = new AbortController();
    // A different resource: do not show the previous one's data under the new title.
    if (lastKey.current !== key) setData(undefined);
    lastKey.current = key;
    setLoading(true);
    api<T>(path, { ...(query === undefined ? {} : { query }), signal: ac.signal })
      .then((d) => {
        setData(d);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setError(e);
      })
      .finally(() => {
        if (!ac.signal.aborted) setLoading(false);
      });
    return () => ac.abort();
  }, [key, tick]);

  useEffect(() => {
    if (pollMs === undefined || path === undefined) return;
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') setTick((n) => n + 1);
    }, pollMs);
    return () => clearInterval(t);
  }, [pollMs, path]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, set: setData };
}
