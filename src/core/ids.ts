/**
 * Branded identifiers: plain strings or numbers at run time, distinct types at compile time, so a
 * `CaseId` can never be passed where an `OrganizationId` is expected.
 */

declare const brand: unique symbol;

/** Attaches a compile-time brand to a base type. */
export type Brand<T, Name extends string> = T & { readonly [brand]: Name };

export type OrganizationId = Brand<string, 'OrganizationId'>;
export type NetworkId = Brand<string, 'NetworkId'>;
export type ExporterId = Brand<string, 'ExporterId'>;
export type AttackId = Brand<string, 'AttackId'>;
export type SightingId = Brand<string, 'SightingId'>;
export type CaseId = Brand<string, 'CaseId'>;
export type RequestId = Brand<string, 'RequestId'>;
export type UserId = Brand<string, 'UserId'>;

/** Casts a string to a branded id; use only where the value was validated or generated. */
export function asId<T extends Brand<string, string>>(value: string): T {
  return value as T;
}
