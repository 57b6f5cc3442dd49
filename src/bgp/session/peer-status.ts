/**
 * The visible state of one peer: session state, last error, route counts, and what was received.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { RouteFamily } from '../message/constants.js';
import type { RouteCounts } from './adj-rib-out.js';

/** BGP FSM states (RFC 4271 §8.2.2). */
export type SessionState = 'idle' | 'connect' | 'active' | 'open-sent' | 'open-confirm' | 'established';

/** The last thing that went wrong with a peer. */
export interface PeerError {
  readonly atMs: number;
  readonly message: string;
  /** The NOTIFICATION involved, if any, and who sent it. */
  readonly notification?: { readonly direction: 'sent' | 'received'; readonly code: number; readonly subcode: number };
}

/** A snapshot of one peer. */
export interface PeerStatus {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly peerAs: number;
  readonly passive: boolean;
  readonly state: SessionState;
  /** When the current session became Established. */
  readonly establishedAtMs: number | undefined;
  readonly lastError: PeerError | undefined;
  readonly configuredFamilies: readonly RouteFamily[];
  /** Families in use on the current (or last) session. */
  readonly negotiatedFamilies: readonly RouteFamily[];
  readonly peerRouterId: string | undefined;
  readonly holdTimeSeconds: number | undefined;
  readonly establishments: number;
  readonly connectAttempts: number;
  /** When the next connection attempt is due, while waiting to reconnect. */
  readonly nextAttemptAtMs: number | undefined;
  /** Routes by state, plus how many the peer should hold (intent announce). */
  readonly routes: Readonly<RouteCounts> & { readonly announced: number };
  readonly received: { readonly updates: number; readonly prefixes: number; readonly malformedUpdates: number };
}
