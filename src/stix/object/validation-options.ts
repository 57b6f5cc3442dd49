/**
 * Options of the validator, named and behaving like those of the OASIS reference validator
 * (cti-stix-validator): `strict` turns best-practice warnings into errors, `strictTypes` and
 * `strictProperties` refuse custom types and properties, `disabled`/`enabled` select best-practice
 * checks by name, `enforceRefs` requires every reference in a bundle to resolve, and `interop`
 * adds the interoperability profile's rules.
 */

/** Options accepted by {@link validateStix}. */
export interface ValidationOptions {
  /** Count best-practice (SHOULD) findings as errors. Default false. */
  readonly strict?: boolean;
  /** Refuse object types the spec does not define. Default false. */
  readonly strictTypes?: boolean;
  /** Refuse properties the spec does not define. Default false. */
  readonly strictProperties?: boolean;
  /** Best-practice checks to skip, by name (e.g. `custom-prefix`, `approved-values`). */
  readonly disabled?: readonly string[];
  /** Best-practice checks to run; with no `disabled`, only these run. */
  readonly enabled?: readonly string[];
  /** Require every reference inside a bundle to name an object of the bundle. Default false. */
  readonly enforceRefs?: boolean;
  /** Apply the STIX 2.1 interoperability rules (created_by_ref present, no duplicate markings). */
  readonly interop?: boolean;
  /**
   * Check that an SCO with a UUIDv5 id has the deterministic id of its contributing properties
   * (§2.9). Off by default: the reference validator does not check it, and hand-written examples
   * (including OASIS's own) rarely carry derived ids.
   */
  readonly deterministicIds?: boolean;
  /** Deepest nesting accepted before validation stops with a finding. Default 64. */
  readonly maxDepth?: number;
  /** Most JSON values (nodes) accepted before validation stops with a finding. Default 5 000 000 (the 155-object Poison Ivy report has under 2 000). */
  readonly maxNodes?: number;
}

/** Options after defaults, with the set of best-practice checks that run. */
export interface ResolvedOptions {
  readonly strict: boolean;
  readonly strictTypes: boolean;
  readonly strictProperties: boolean;
  readonly enforceRefs: boolean;
  readonly interop: boolean;
  readonly deterministicIds: boolean;
  readonly maxDepth: number;
  readonly maxNodes: number;
  /** True when the named best-practice check runs. */
  readonly runs: (check: string) => boolean;
}
