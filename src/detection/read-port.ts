/**
 * What other parts may read of detection's live state: the per-second rates of every protected
 * network (the figures detection judges) and the attacker lists of running attacks. The API and
 * operations take a {@link DetectionReadPort}; nothing outside detection reads the engine's memory.
 *
 * @example
 * ```ts
 * const window = detection.networkRates();
 * const out = new Float32Array(RATES_PER_SECOND);
 * for (let n = 0; n < window.networkIds.length; n++) window.copy(n, window.last, out, 0);
 * ```
 */
import type { AttackerEntry } from './attack.js';
import { CLASSES, METRICS } from './traffic-class.js';

/** Numbers {@link NetworkRateWindow.copy} writes per network-second: pps and bps of each class. */
export const RATES_PER_SECOND = CLASSES * 2;

/** The seconds of network rates detection still holds, read at one moment. */
export interface NetworkRateWindow {
  /** Latest complete second (epoch seconds); the second after it is still open. */
  readonly last: number;
  /** Oldest second held; late records may still change every second from here to `last`. */
  readonly first: number;
  /** Protected network ids; a network's index is its position here. */
  readonly networkIds: readonly string[];
  /**
   * Copies packets and bits per second of every class (`CLASS_NAMES` order, packets then bits) of
   * network `network` in second `second` (between `first` and `last`) into `out` from `offset`.
   */
  copy(network: number, second: number, out: Float32Array, offset: number): void;
}

/** Detection's read port. */
export interface DetectionReadPort {
  /** Per-second rates of every protected network over the seconds detection still holds. */
  networkRates(): NetworkRateWindow;
  /** Attacker list of an active or recently ended attack, or undefined when detection holds none. */
  attackers(attackId: string): readonly AttackerEntry[] | undefined;
}

/** What {@link networkRateWindow} reads of the engine's state: the per-network rings. */
export interface NetworkRings {
  /** The open (incomplete) second. */
  readonly second: number;
  readonly window: number;
  readonly stride: number;
  readonly prefixData: Float32Array;
  readonly networks: { readonly size: number; readonly ids: readonly string[] };
  bucket(s: number): number;
}

/** The rate window over the engine's per-network rings, as they are now. */
export function networkRateWindow(state: NetworkRings): NetworkRateWindow {
  const last = state.second - 1;
  const stride = state.stride;
  const data = state.prefixData;
  return {
    last,
    // The ring holds `window` seconds, the open one included.
    first: last - state.window + 2,
    networkIds: state.networks.ids.slice(0, state.networks.size),
    copy(network, second, out, offset) {
      const b = network * stride + state.bucket(second);
      for (let c = 0; c < CLASSES; c++) {
        out[offset + c * 2] = data[b + c * METRICS]!;
        out[offset + c * 2 + 1] = data[b + c * METRICS + 1]!;
      }
    },
  };
}
