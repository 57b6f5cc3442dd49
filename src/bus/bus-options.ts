/**
 * Options every bus implementation takes, with their defaults in one place.
 */
import type { Marking } from './bus.js';

/** Bus options. */
export interface BusOptions {
  /** This site's name, stamped on every message as its origin. */
  readonly site: string;
  /** Marking of messages published without one. */
  readonly marking: Marking;
  /** A message id seen again within this window is dropped at publish. */
  readonly duplicateWindowMs: number;
  /** Default bound of a subscription's queue. */
  readonly maxDepth: number;
  /** Default deliveries of one message to a durable or queue consumer. */
  readonly maxDeliveries: number;
  /** Dead letters kept for inspection; older ones are forgotten (still counted). */
  readonly deadLetters: number;
}

/** The defaults. Personal data (addresses) travels on the bus, hence `TLP:AMBER`. */
export const DEFAULT_BUS_OPTIONS: BusOptions = Object.freeze({
  site: 'local',
  marking: 'TLP:AMBER',
  duplicateWindowMs: 120_000,
  maxDepth: 10_000,
  maxDeliveries: 5,
  deadLetters: 1000,
});
