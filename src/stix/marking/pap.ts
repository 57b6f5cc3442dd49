/**
 * PAP for countermeasures: evidence marked PAP:AMBER or PAP:RED allows only passive use, so a
 * countermeasure request built on it cannot become an RTBH route, a FlowSpec rule, an RPZ entry or a
 * block-list entry.
 *
 * Security invariant (enforced here, and by the operations part through
 * {@link assertPapAllowsNetworkAction}): a network action is allowed only when no marking of the
 * evidence is PAP:AMBER or PAP:RED and every marking resolves — an unknown ref or an unreadable `PAP:`
 * tag forbids the action.
 */
import { ERR_PAP_FORBIDS_ACTION } from './errors.js';
import { BUILT_IN_CATALOGUE, type MarkingCatalogue } from './marking-catalogue.js';
import { markingFromMispTag } from './misp-tags.js';
import { PAP_LEVELS, type PapLevel } from './pap-definitions.js';

/** The network actions PAP:AMBER and PAP:RED forbid. */
export const NETWORK_ACTIONS = ['rtbh', 'flowspec', 'rpz', 'block-list'] as const;

/** One network action. */
export type NetworkAction = (typeof NETWORK_ACTIONS)[number];

/** The PAP verdict on a set of markings: allowed, or the most restrictive PAP (or unknown marking) that forbids. */
export type PapVerdict = { readonly allowed: true } | { readonly allowed: false; readonly because: string };

/**
 * Reads markings given as marking refs or MISP tags and says whether they allow a network action.
 *
 * @example
 * ```ts
 * papVerdict(['PAP:GREEN', TLP2_IDS.amber]); // { allowed: true }
 * papVerdict([PAP_IDS.red]); // { allowed: false, because: 'PAP:RED' }
 * ```
 */
export function papVerdict(markings: readonly string[], catalogue: MarkingCatalogue = BUILT_IN_CATALOGUE): PapVerdict {
  let worst: PapLevel | undefined;
  for (const marking of markings) {
    let level: PapLevel | undefined;
    if (marking.startsWith('marking-definition--')) {
      const resolved = catalogue.resolve(marking);
      if (resolved.kind === 'unknown') return { allowed: false, because: marking };
      if (resolved.kind === 'pap') level = resolved.level;
    } else {
      const tag = markingFromMispTag(marking);
      if (tag.kind === 'unknown') return { allowed: false, because: marking };
      if (tag.kind === 'marking') {
        const resolved = catalogue.resolve(tag.ref);
        if (resolved.kind === 'pap') level = resolved.level;
      }
    }
    if (level !== undefined && (worst === undefined || PAP_LEVELS.indexOf(level) > PAP_LEVELS.indexOf(worst))) worst = level;
  }
  return worst === 'amber' || worst === 'red' ? { allowed: false, because: `PAP:${worst.toUpperCase()}` } : { allowed: true };
}

/**
 * False for markings that include PAP:RED or PAP:AMBER (or a marking that cannot be resolved).
 *
 * @example
 * ```ts
 * papAllowsNetworkAction(['tlp:amber', 'PAP:GREEN']); // true
 * papAllowsNetworkAction(['pap:red']); // false
 * ```
 */
export function papAllowsNetworkAction(markings: readonly string[], catalogue: MarkingCatalogue = BUILT_IN_CATALOGUE): boolean {
  return papVerdict(markings, catalogue).allowed;
}

/**
 * Throws `SAKIMORI_ERR_STIX_MARKING_PAP_FORBIDS_ACTION` when `markings` forbid `action`.
 *
 * @example
 * ```ts
 * assertPapAllowsNetworkAction(evidenceMarkings, 'rtbh');
 * ```
 */
export function assertPapAllowsNetworkAction(markings: readonly string[], action: NetworkAction, catalogue: MarkingCatalogue = BUILT_IN_CATALOGUE): void {
  const verdict = papVerdict(markings, catalogue);
  if (!verdict.allowed) throw new ERR_PAP_FORBIDS_ACTION(verdict.because, action, { details: { marking: verdict.because, action } });
}
