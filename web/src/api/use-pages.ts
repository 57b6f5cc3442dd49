/**
 * `usePages`: a cursor-paginated list loaded a page at a time ("Load more"), restarted when the
 * path or the query change, with `reload()` to start over after a change. `usePageLoader` does the
 * same for a page that takes more than one call to build.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type RequestOptions } from './http.js';
import type { Page } from './types.js';

/** State of a paged list. */
export interface Pages<T> {
  readonly items: readonly T[];
  readonly error: unknown;
  readonly loading: boolean;
  /** True when there are further pages. */
  readonly more: boolean;
  loadMore(): void;
  reload(): void;
}

/** Loads `path` page by page. */
export function usePages<T>(path: string | undefined, query: RequestOptions['query'] = {}, limit = 50, pollMs?: number): Pages<T> {
  const key = path === undefined ? undefined : `${path}?${JSON.stringify(query)}`;
  return usePageLoader<T>(key, (cursor, n) => api<Page<T>>(path ?? '', { query: { ...query, limit: n, cursor } }), limit, pollMs);
}

/**
 * Loads pages with `load` (one page from a cursor), for lists that are more than one API call —
 * a page joined with what another list says of its rows. Restarts when `key` changes (undefined:
 * nothing to load yet); `load` itself may be a new function at every render.
 */
export function usePageLoader<T>(key: string | undefined, load: (cursor: string | null, limit: number) => Promise<Page<T>>, limit = 50, pollMs?: number): Pages<T> {
  const [items, setItems] = useState<readonly T[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(false);
  const [next, setNext] = useState<string | null>(null);
  const [gen, setGen] = useState(0);
  const live = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  // key stands for what load reads: a new load function at every render must not refetch.
  const fetchPage = useCallback(
    (cursor: string | null, replace: boolean) => {
      if (key === undefined) return;
      const mine = ++live.current;
      setLoading(true);
      loader
        .current(cursor, limit)
        .then((p) => {
          if (mine !== live.current) return;
          setItems((old) => (replace ? p.items : [...old, ...p.items]));
          setNext(p.next);
          setError(undefined);
        })
        .catch((e: unknown) => {
          if (mine === live.current) setError(e);
        })
        .finally(() => {
          if (mine === live.current) setLoading(false);
        });
    },
    [key, limit],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: gen is the poll trigger
  useEffect(() => {
    fetchPage(null, true);
  }, [fetchPage, gen]);
  useEffect(() => {
    if (pollMs === undefined) return;
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') setGen((g) => g + 1);
    }, pollMs);
    return () => clearInterval(t);
  }, [pollMs]);

  return {
    items,
    error,
    loading,
    more: next !== null,
    loadMore: () => {
      if (next !== null) fetchPage(next, false);
    },
    reload: () => setGen((g) => g + 1),
  };
}
