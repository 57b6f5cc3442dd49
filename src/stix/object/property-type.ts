/**
 * The small type language the property tables are written in: each STIX property is described by
 * a {@link PropertyType}, each object or embedded structure by an {@link ObjectSpec}.
 */
import type { Enumeration, OpenVocabulary } from './vocabularies.js';

/** Types of a property value, as the spec's §2 data types. */
export type PropertyType =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'float'
  | 'timestamp'
  | 'identifier'
  | 'dictionary'
  | 'hashes'
  | 'binary'
  | 'hex'
  | 'url'
  | 'any'
  | { readonly kind: 'ref'; readonly types: readonly string[] }
  | { readonly kind: 'list'; readonly of: PropertyType }
  | { readonly kind: 'range'; readonly integer: boolean; readonly min: number; readonly max: number }
  | { readonly kind: 'ov'; readonly vocabulary: OpenVocabulary }
  | { readonly kind: 'enum'; readonly enumeration: Enumeration }
  | { readonly kind: 'struct'; readonly name: string }
  | { readonly kind: 'dict'; readonly of: PropertyType };

/** Properties of one object type or embedded structure, with the required ones. */
export interface ObjectSpec {
  readonly properties: Readonly<Record<string, PropertyType>>;
  readonly required: readonly string[];
}

/** Identifier whose type part is one of `types` (`sdo`, `sco` and `sro` stand for the whole category). */
export function ref(...types: string[]): PropertyType {
  return { kind: 'ref', types };
}

/** Non-empty list of `of` (every STIX list MUST NOT be empty). */
export function list(of: PropertyType): PropertyType {
  return { kind: 'list', of };
}

/** Integer within `[min, max]`. */
export function int(min: number, max: number = Number.MAX_SAFE_INTEGER): PropertyType {
  return { kind: 'range', integer: true, min, max };
}

/** Number within `[min, max]`. */
export function num(min: number, max: number): PropertyType {
  return { kind: 'range', integer: false, min, max };
}

/** String from an open vocabulary (outside it: a best-practice warning). */
export function ov(vocabulary: OpenVocabulary): PropertyType {
  return { kind: 'ov', vocabulary };
}

/** String from an enumeration (outside it: an error). */
export function enumOf(enumeration: Enumeration): PropertyType {
  return { kind: 'enum', enumeration };
}

/** Embedded structure described in the structure table. */
export function struct(name: string): PropertyType {
  return { kind: 'struct', name };
}

/** Dictionary whose values are all `of`. */
export function dict(of: PropertyType): PropertyType {
  return { kind: 'dict', of };
}

/**
 * Freezes a lookup table without a prototype, so that names taken from untrusted input
 * (`constructor`, `__proto__`, `toString`) never find inherited members.
 */
export function table<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** Builds an {@link ObjectSpec}: `required` names must also appear in `properties`. */
export function spec(properties: Record<string, PropertyType>, required: readonly string[] = []): ObjectSpec {
  return { properties: table(properties), required };
}
