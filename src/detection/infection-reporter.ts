/**
 * Publishes `host.infected` events, at most once per host and evidence kind per interval, so an
 * infected host behind an hour-long flood is reported once an hour, not once a second.
 *
 * Pure: no I/O.
 */
import type { AttackSink, HostInfected } from './attack.js';

/** Remembered reports beyond which expired ones are pruned. */
const PRUNE_AT = 65536;

/** Rate-limited publisher of infection reports. */
export class InfectionReporter {
  readonly #sink: AttackSink;
  readonly #intervalSeconds: number;
  readonly #last = new Map<string, number>();
  /** Reports published. */
  published = 0;

  constructor(sink: AttackSink, intervalSeconds: number) {
    this.#sink = sink;
    this.#intervalSeconds = intervalSeconds;
  }

  /** Publishes the event unless the same host and evidence kind was reported within the interval. */
  report(event: HostInfected, second: number): boolean {
    const key = `${event.host}|${event.evidence.kind}`;
    const last = this.#last.get(key);
    if (last !== undefined && second - last < this.#intervalSeconds) return false;
    if (this.#last.size >= PRUNE_AT) this.#prune(second);
    this.#last.set(key, second);
    this.published++;
    this.#sink.publish(event);
    return true;
  }

  #prune(second: number): void {
    for (const [k, t] of this.#last) if (second - t >= this.#intervalSeconds) this.#last.delete(k);
    // Still full of recent reports: forget the oldest half rather than grow without bound.
    if (this.#last.size >= PRUNE_AT) {
      let drop = this.#last.size / 2;
      for (const k of this.#last.keys()) {
        if (drop-- <= 0) break;
        this.#last.delete(k);
      }
    }
  }
}
