/**
 * The event bus between parts of the platform (detection → operations → oversight, and in
 * production collectors at many sites → detector shards). One interface, one folder per
 * implementation: `memory/` (in-process, the embedded default) and `nats/` (NATS JetStream).
 *
 * Subjects are dot-separated (`attack.started`, `sighting.new`); subscriptions may use `*` for one
 * token and `>` for the rest, as NATS does. Payloads are JSON-serialisable values.
 */

/** A published event as delivered to subscribers. */
export interface BusMessage<T = unknown> {
  readonly subject: string;
  readonly data: T;
  /** Publish time, ms since epoch (bus clock). */
  readonly time: number;
}

/** Handler of delivered messages. Exceptions are caught and counted by the bus, never propagated. */
export type BusHandler<T = unknown> = (message: BusMessage<T>) => void | Promise<void>;

/** A live subscription. */
export interface Subscription {
  unsubscribe(): void;
}

/** Publish/subscribe event bus. */
export interface Bus {
  /** Publishes an event; resolves once the bus has accepted it (for durable buses: stored). */
  publish<T>(subject: string, data: T): Promise<void>;
  /** Subscribes to a subject pattern. */
  subscribe<T = unknown>(pattern: string, handler: BusHandler<T>): Subscription;
  /** Waits until every message published so far has been delivered to local handlers. */
  flush(): Promise<void>;
}

/** True when `subject` matches `pattern` (`*` one token, `>` one or more trailing tokens). */
export function subjectMatches(pattern: string, subject: string): boolean {
  if (pattern === subject || pattern === '>') return true;
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    const t = p[i]!;
    if (t === '>') return s.length > i;
    if (i >= s.length) return false;
    if (t !== '*' && t !== s[i]) return false;
  }
  return p.length === s.length;
}
