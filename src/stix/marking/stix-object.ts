/**
 * The few shapes of STIX 2.1 objects the release policy reads. Objects are otherwise opaque JSON:
 * validation is `stix/object`'s job; here every unknown shape fails closed.
 */

/** A granular marking (STIX 2.1 §7.2.3): a marking ref (or a language) applied to selected content. */
export interface GranularMarking {
  readonly marking_ref?: string;
  readonly lang?: string;
  readonly selectors: readonly string[];
}

/** Any STIX 2.1 object, as parsed JSON, with the common properties markings depend on. */
export interface StixObject {
  readonly type: string;
  readonly id: string;
  readonly object_marking_refs?: readonly string[];
  readonly granular_markings?: readonly GranularMarking[];
  readonly [property: string]: unknown;
}

/** A STIX 2.1 marking-definition object (§7.2.1), built-in or custom. */
export interface MarkingDefinition extends StixObject {
  readonly type: 'marking-definition';
  readonly spec_version: '2.1';
  readonly created: string;
  readonly name?: string;
  readonly definition_type?: string;
  readonly definition?: Readonly<Record<string, unknown>>;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** True when `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
