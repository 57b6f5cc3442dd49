/**
 * A minimal history router: the current path as React state, `navigate()` to push, and `<Link>`
 * handling in `components/link.tsx`. Paths are the console's own (`/board`, `/attacks/:id`); the
 * server's SPA fallback answers any of them with `index.html`.
 */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = (): void => {
  for (const l of listeners) l();
};
window.addEventListener('popstate', notify);

/** Goes to `path` (pushing a history entry unless `replace`). */
export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.scrollTo(0, 0);
  notify();
}

/** The current location (path and query), re-rendering on change. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const href = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => location.pathname + location.search,
  );
  const u = new URL(href, location.origin);
  return { path: u.pathname, query: u.searchParams };
}

/** Matches `path` against a pattern like `/attacks/:id`; returns the parameters or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const s = path.replace(/\/+$/, '').split('/');
  if (p.length !== s.length) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = s[i]!;
    if (a.startsWith(':')) {
      if (b === '') return undefined;
      out[a.slice(1)] = decodeURIComponent(b);
    } else if (a !== b) {
      return undefined;
    }
  }
  return out;
}
