/**
 * The 15 sectors whose operators can be designated under the Act on the Prevention of Damage
 * from Important Electronic Computer Attacks (Act No. 42 of 2025).
 */
export const SECTORS = [
  'electricity',
  'gas',
  'water',
  'railway',
  'trucking',
  'aviation',
  'airports',
  'international-shipping',
  'ports',
  'petroleum',
  'telecommunications',
  'broadcasting',
  'postal',
  'finance',
  'credit-cards',
] as const;

/** One of the designated sectors. */
export type Sector = (typeof SECTORS)[number];

/** Designation status of an organisation. */
export const DESIGNATION_STATUSES = ['designated', 'candidate', 'revoked', 'not-designated'] as const;
export type DesignationStatus = (typeof DESIGNATION_STATUSES)[number];

export function isSector(s: string): s is Sector {
  return (SECTORS as readonly string[]).includes(s);
}
