/**
 * Server-Sent Events from the API (`/events`, `/rates/stream`) as a React hook. The browser's
 * `EventSource` reconnects by itself; the hook reports whether the stream is open so views can
 * say "live" only when it is.
 */
import { useEffect, useRef, useState } from 'react';

/** Handlers by SSE event name; each receives the parsed JSON data. */
export type EventHandlers = Readonly<Record<string, (data: unknown) => void>>;

/** Subscribes to `/api/v1<path>` while mounted; returns true while the stream is open. */
export function useEventStream(path: string | undefined, handlers: EventHandlers): boolean {
  const [open, setOpen] = useState(false);
  const current = useRef(handlers);
  current.current = handlers;
  const names = Object.keys(handlers).sort().join(',');

  useEffect(() => {
    if (path === undefined) return;
    const es = new EventSource(`/api/v1${path}`);
    es.onopen = () => setOpen(true);
    es.onerror = () => setOpen(es.readyState === EventSource.OPEN);
    const listeners = names
      .split(',')
      .filter((n) => n !== '')
      .map((name) => {
        const fn = (e: MessageEvent<string>): void => {
          let data: unknown;
          try {
            data = JSON.parse(e.data);
          } catch {
            return;
          }
          current.current[name]?.(data);
        };
        es.addEventListener(name, fn);
        return [name, fn] as const;
      });
    return () => {
      for (const [n, fn] of listeners) es.removeEventListener(n, fn);
      es.close();
      setOpen(false);
    };
  }, [path, names]);
  return open;
}
