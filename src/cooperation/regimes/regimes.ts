/**
 * The built-in regime tables, by id. Adding a regime is adding a table under `tables/` and one
 * line here; the engine does not change.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { ERR_REPORTING_REGIME_UNKNOWN } from './errors.js';
import type { Regime } from './regime.js';
import { EU_CRA } from './tables/eu-cra.js';
import { EU_DORA } from './tables/eu-dora.js';
import { EU_NIS2 } from './tables/eu-nis2.js';
import { JP_ACT } from './tables/jp-act.js';
import { JP_ACT_ASSETS } from './tables/jp-act-assets.js';
import { JP_APPI } from './tables/jp-appi.js';
import { US_CIRCIA } from './tables/us-circia.js';

/** Every built-in regime, keyed by its id. */
export const REGIMES = Object.freeze({
  'jp-act': JP_ACT,
  'jp-act-assets': JP_ACT_ASSETS,
  'jp-appi': JP_APPI,
  'eu-nis2': EU_NIS2,
  'eu-dora': EU_DORA,
  'us-circia': US_CIRCIA,
  'eu-cra': EU_CRA,
} satisfies Record<string, Regime>);

/** Id of a built-in regime. */
export type RegimeId = keyof typeof REGIMES;

/** True when `id` names a built-in regime. */
export function isRegimeId(id: string): id is RegimeId {
  return Object.hasOwn(REGIMES, id);
}

/** The built-in regime `id`; throws `SAKIMORI_ERR_REPORTING_REGIME_UNKNOWN` for any other id. */
export function regime(id: string): Regime {
  if (!isRegimeId(id)) throw new ERR_REPORTING_REGIME_UNKNOWN(id);
  return REGIMES[id];
}
