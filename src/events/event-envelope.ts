/**
 * What every output writes for one bus event: the subject, the publish time and the event itself.
 *
 * ```json
 * {"subject":"attack.started","time":"2026-01-05T09:00:01.000Z","data":{"kind":"attack.started","attackId":"…"}}
 * ```
 *
 * Pure: no I/O.
 */
import type { BusMessage } from '../bus/bus.js';

/** One event as the outputs deliver it. */
export interface EventEnvelope<T = unknown> {
  readonly subject: string;
  /** Publish time, ISO 8601 UTC. */
  readonly time: string;
  readonly data: T;
}

/** The envelope of a bus message. */
export function envelopeOf<T>(m: BusMessage<string, T>): EventEnvelope<T> {
  return { subject: m.subject, time: new Date(m.time).toISOString(), data: m.data };
}

/** The envelope as one line of JSON (no newline). */
export function eventJson(m: BusMessage): string {
  return JSON.stringify(envelopeOf(m));
}
