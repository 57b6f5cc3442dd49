/**
 * Names STIX 2.1 reserves: property names no object may use (§3.3, and the 2.0 names kept
 * reserved) and object types kept for future use.
 */

/** Reserved property names. */
export const RESERVED_PROPERTIES: ReadonlySet<string> = new Set([
  'severity',
  'action',
  'usernames',
  'phone_numbers',
  'addresses',
  'first_seen_precision',
  'last_seen_precision',
  'valid_from_precision',
  'valid_until_precision',
]);

/** Reserved object types. */
export const RESERVED_TYPES: ReadonlySet<string> = new Set(['action']);
