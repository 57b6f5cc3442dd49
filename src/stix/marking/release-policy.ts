/**
 * The configuration of the release policy: which custom marking definitions are known, and which
 * marking an object without a TLP marking is treated as. Validated once and frozen.
 */
import { ERR_DEFAULT_NOT_TLP } from './errors.js';
import { createMarkingCatalogue, type MarkingCatalogue } from './marking-catalogue.js';
import type { MarkingDefinition } from './stix-object.js';
import { TLP2_IDS } from './tlp-definitions.js';
import type { TlpLevel } from './tlp-level.js';

/** A validated release policy configuration. */
export interface ReleasePolicy {
  /** Resolves marking refs (built-in plus custom definitions). */
  readonly catalogue: MarkingCatalogue;
  /** The marking an object without a TLP marking is treated as. */
  readonly defaultMarkingRef: string;
  /** The TLP level of {@link ReleasePolicy.defaultMarkingRef}. */
  readonly defaultTlp: TlpLevel;
}

/** Options of {@link createReleasePolicy}. */
export interface ReleasePolicyOptions {
  /**
   * The marking of objects without a TLP marking; must resolve to a TLP level. Default TLP:AMBER+STRICT:
   * unmarked intelligence stays with the organisations it concerns until someone marks it wider.
   */
  readonly defaultMarkingRef?: string;
  /** Custom marking definitions (statements, other deployments' markings) accepted as known. */
  readonly customDefinitions?: readonly MarkingDefinition[];
}

/**
 * Builds a release policy; throws `SAKIMORI_ERR_STIX_MARKING_DEFAULT_NOT_TLP` when the default is not a
 * TLP marking.
 *
 * @example
 * ```ts
 * const policy = createReleasePolicy({ defaultMarkingRef: TLP2_IDS.green, customDefinitions: [copyright] });
 * ```
 */
export function createReleasePolicy(options: ReleasePolicyOptions = {}): ReleasePolicy {
  const catalogue = createMarkingCatalogue(options.customDefinitions);
  const defaultMarkingRef = options.defaultMarkingRef ?? TLP2_IDS['amber+strict'];
  const resolved = catalogue.resolve(defaultMarkingRef);
  if (resolved.kind !== 'tlp') throw new ERR_DEFAULT_NOT_TLP(defaultMarkingRef);
  return Object.freeze({ catalogue, defaultMarkingRef, defaultTlp: resolved.level });
}

/** The policy with built-in definitions only and TLP:AMBER+STRICT as default. */
export const DEFAULT_RELEASE_POLICY: ReleasePolicy = createReleasePolicy();
