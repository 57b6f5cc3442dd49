/**
 * TLP 2.0 levels (FIRST, https://www.first.org/tlp/) in order of restriction, so that "the most
 * restrictive of several markings wins" is a maximum over this order.
 */

/** The five TLP 2.0 levels, least restrictive first. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;

/** One TLP 2.0 level, spelled as the OASIS TLP 2.0 extension's `tlp_2_0` property spells it. */
export type TlpLevel = (typeof TLP_LEVELS)[number];

/** True when `value` is a TLP 2.0 level (exact, lower case). */
export function isTlpLevel(value: unknown): value is TlpLevel {
  return typeof value === 'string' && (TLP_LEVELS as readonly string[]).includes(value);
}

/** Rank of a level: 0 for CLEAR up to 4 for RED. */
export function tlpRank(level: TlpLevel): number {
  return TLP_LEVELS.indexOf(level);
}

/**
 * The most restrictive of `levels`, or `undefined` when there is none.
 *
 * @example
 * ```ts
 * mostRestrictiveTlp(['green', 'amber+strict', 'amber']); // 'amber+strict'
 * ```
 */
export function mostRestrictiveTlp(levels: Iterable<TlpLevel>): TlpLevel | undefined {
  let worst: TlpLevel | undefined;
  for (const l of levels) if (worst === undefined || tlpRank(l) > tlpRank(worst)) worst = l;
  return worst;
}
