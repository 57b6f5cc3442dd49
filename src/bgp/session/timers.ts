/**
 * The named timers of one BGP session (RFC 4271 §10: ConnectRetry, Hold, Keepalive), so that
 * arming one always replaces the previous and tearing down clears them all.
 */

/** Timer names a session uses. */
export type TimerName = 'connect' | 'hold' | 'keepalive' | 'reconnect';

/** A set of named timeouts and intervals; arming a name replaces its previous timer. */
export class SessionTimers {
  readonly #timers = new Map<TimerName, { handle: NodeJS.Timeout; interval: boolean }>();

  /** Runs `fn` once after `ms`. */
  timeout(name: TimerName, ms: number, fn: () => void): void {
    this.clear(name);
    const handle = setTimeout(() => {
      this.#timers.delete(name);
      fn();
    }, ms);
    this.#timers.set(name, { handle, interval: false });
  }

  /** Runs `fn` every `ms`. */
  interval(name: TimerName, ms: number, fn: () => void): void {
    this.clear(name);
    this.#timers.set(name, { handle: setInterval(fn, ms), interval: true });
  }

  /** True while the timer is armed. */
  armed(name: TimerName): boolean {
    return this.#timers.has(name);
  }

  /** Disarms one timer. */
  clear(name: TimerName): void {
    const t = this.#timers.get(name);
    if (t === undefined) return;
    if (t.interval) clearInterval(t.handle);
    else clearTimeout(t.handle);
    this.#timers.delete(name);
  }

  /** Disarms every timer but those named. */
  clearAll(except: readonly TimerName[] = []): void {
    for (const name of [...this.#timers.keys()]) if (!except.includes(name)) this.clear(name);
  }
}
