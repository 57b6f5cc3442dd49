/**
 * The scope a case may look at personal data in — address prefixes each with a time window, and
 * the organisations linked to the case — and the check that a query stays inside it.
 *
 * {@link CaseScopeLookup} is the one interface between the access guard and whoever keeps cases:
 * `case-scope-store.ts` implements it over the operations `cases` table plus the oversight
 * `case_access_scopes` table.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { formatPrefix, maskWords, type Prefix } from '../../core/ip.js';

/** One prefix a case may look into, with its time window. */
export interface ScopeEntry {
  readonly prefix: Prefix;
  /** Window start, ms since the epoch. */
  readonly from: number;
  /** Window end, or null while the case runs. */
  readonly to: number | null;
}

/** What a case may look at. */
export interface CaseScope {
  readonly caseId: string;
  /** False once the case is closed: nothing may be read for it. */
  readonly open: boolean;
  readonly entries: readonly ScopeEntry[];
  /** Organisations linked to the case (their contacts may be read). */
  readonly organizations: readonly string[];
}

/** Finds a case's scope; cases are kept by operations. */
export interface CaseScopeLookup {
  /** The case's scope, or undefined when there is no such case. */
  scopeOf(caseId: string): Promise<CaseScope | undefined>;
}

/** What a query reaches: address prefixes in a time window, and organisations. */
export interface QueryReach {
  readonly prefixes: readonly Prefix[];
  readonly from: number;
  readonly to: number;
  readonly organizations: readonly string[];
}

/** True when `outer` contains every address of `inner`. */
export function prefixCovers(outer: Prefix, inner: Prefix): boolean {
  if (outer.length > inner.length) return false;
  const m = maskWords(inner.words, outer.length);
  return m[0] === outer.words[0] && m[1] === outer.words[1] && m[2] === outer.words[2] && m[3] === outer.words[3];
}

/** Why a query is outside a case's scope: a code for logs and flags, and a message for the caller. */
export interface ScopeViolation {
  /** Safe for audit entries and flags: says what kind of limit was crossed, never which address. */
  readonly code: 'prefix_outside' | 'window_outside' | 'organization_outside';
  /** For the caller who asked (it names their own query's prefix). */
  readonly message: string;
}

/**
 * Returns why `reach` is outside `scope` (the first prefix or organisation not covered), or
 * undefined when every prefix lies inside a scope entry whose window contains the whole query
 * window, and every organisation is linked to the case.
 */
export function outsideScope(scope: CaseScope, reach: QueryReach): ScopeViolation | undefined {
  for (const p of reach.prefixes) {
    const inPrefix = scope.entries.filter((e) => prefixCovers(e.prefix, p));
    if (inPrefix.length === 0) return { code: 'prefix_outside', message: `prefix ${formatPrefix(p)} is not in the case's scope` };
    if (!inPrefix.some((e) => e.from <= reach.from && (e.to === null || reach.to <= e.to))) {
      const window = `${new Date(reach.from).toISOString()}–${new Date(reach.to).toISOString()}`;
      return { code: 'window_outside', message: `window ${window} for ${formatPrefix(p)} is outside the case's window` };
    }
  }
  for (const o of reach.organizations) {
    if (!scope.organizations.includes(o)) return { code: 'organization_outside', message: `organization ${o} is not linked to the case` };
  }
  return undefined;
}
