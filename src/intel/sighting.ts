/**
 * Sightings: an indicator seen in flow telemetry together with a host, aggregated per (indicator,
 * host) — first and last seen, how many flow records each way, estimated true packets and bytes,
 * and the ports and protocols on the indicator's side. The host is the other end of the flow: the
 * one inside a protected network when there is one.
 *
 * Published on the bus as `sighting.new` (first stored) and `sighting.updated` (counts moved on),
 * each carrying the whole sighting.
 */
import type { SightingId } from '../core/ids.js';
import type { IndicatorKind } from './indicator.js';

/** Bus subjects of sighting events. */
export const SIGHTING_SUBJECTS = { new: 'sighting.new', updated: 'sighting.updated' } as const;

/**
 * Which way the host talked to the indicator: `outbound` — the host contacted it (to a C2
 * server), `inbound` — the indicator contacted the host, `both` — records of both directions.
 */
export type SightingDirection = 'outbound' | 'inbound' | 'both';

/** The indicator of a sighting, as it was when the sighting was recorded. */
export interface SightingIndicator {
  /** Canonical key (`45.32.13.180,443,tcp`). */
  readonly key: string;
  /** Address or prefix text. */
  readonly value: string;
  readonly label: string | null;
  readonly kind: IndicatorKind;
  readonly source: string;
}

/** One sighting with its totals. */
export interface Sighting {
  readonly id: SightingId;
  readonly indicator: SightingIndicator;
  /** The host that talked to the indicator: dotted IPv4 or RFC 5952 IPv6. */
  readonly host: string;
  readonly family: 4 | 6;
  /** The protected network the host lies in; null when it lies in none. */
  readonly networkId: string | null;
  readonly organizationId: string | null;
  readonly networkPrefix: string | null;
  readonly direction: SightingDirection;
  /** Earliest flow start and latest flow end, ms since the epoch. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Flow records matched, and of those host → indicator and indicator → host. */
  readonly count: number;
  readonly outboundCount: number;
  readonly inboundCount: number;
  /** Estimated true packets and bytes (renormalised by the sampling rate). */
  readonly packets: number;
  readonly bytes: number;
  /** Ports seen on the indicator's side, ascending (at most {@link MAX_SIGHTING_PORTS}). */
  readonly ports: readonly number[];
  /** IP protocol numbers seen, ascending. */
  readonly protocols: readonly number[];
}

/** Distinct ports kept per sighting; further ones are not listed. */
export const MAX_SIGHTING_PORTS = 8;

/** A sighting was first recorded, or its counts moved on. */
export interface SightingEvent extends Sighting {
  readonly kind: 'sighting.new' | 'sighting.updated';
}

/** Direction from the two counts. */
export function directionOf(outbound: number, inbound: number): SightingDirection {
  return outbound > 0 && inbound > 0 ? 'both' : outbound > 0 ? 'outbound' : 'inbound';
}
