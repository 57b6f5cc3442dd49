/**
 * What the speaker does with UPDATEs a peer sends it: decode them fully (a broken one resets the
 * session), count them, and otherwise drop them. The speaker originates routes; it installs
 * nothing it learns, so RFC 7606 treat-as-withdraw reduces to counting and logging.
 */
import type { Logger } from 'pino';
import type { RouteFamily } from '../message/constants.js';
import { decodeUpdate } from '../message/update.js';
import type { WireError } from '../message/wire-error.js';
import type { BgpMetrics } from '../metrics.js';

/** Counts of what one peer sent. */
export class InboundUpdates {
  updates = 0;
  prefixes = 0;
  malformedUpdates = 0;

  constructor(
    readonly peer: string,
    readonly metrics: BgpMetrics,
    readonly log: Logger,
  ) {}

  /** Takes one UPDATE body; returns the error to reset the session with, if it is broken. */
  take(body: Uint8Array, fourOctetAs: boolean): WireError | undefined {
    const d = decodeUpdate(body, { fourOctetAs });
    if (!d.ok) return d.error;
    this.updates++;
    const u = d.value;
    if (u.malformed !== undefined) {
      this.malformedUpdates++;
      this.metrics.malformedUpdates.inc({ peer: this.peer });
      this.log.warn({ reason: u.malformed.reason }, 'malformed UPDATE treated as withdraw');
      return undefined;
    }
    this.#count('ipv4-unicast', u.nlri.length);
    if (u.reach !== undefined) this.#count(u.reach.family, u.reach.prefixes.length + u.reach.rules.length);
    return undefined;
  }

  #count(family: RouteFamily | undefined, n: number): void {
    if (n === 0) return;
    this.prefixes += n;
    this.metrics.prefixesReceived.inc({ peer: this.peer, family: family ?? 'other' }, n);
  }
}
