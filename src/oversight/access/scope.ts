/**
 * The scope a case may look at personal data in — address prefixes each with a time window, and
 * the organisations linked to the case — and the check that a query stays inside it.
 *
 * A case's scope has two sources: what it cites (each attack linked as evidence gives the attack's
 * target over the attack's time, so the normal case needs no hand-written scope) and what its
 * creator or assignee declared. Entries are bounded in width: an entry wider than the configured
 * limit (`scopeWidestV4`/`scopeWidestV6`) counts only once a commission member approved it.
 *
 * {@link CaseScopeLookup} is the one interface between the access guard and whoever keeps cases:
 * `case-scope-store.ts` implements it over the operations `cases` and `case_evidence` tables, the
 * detection `attacks` table and the oversight `case_access_scopes` table.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { formatPrefix, maskWords, type Prefix } from '../../core/ip.js';

/** Where a scope entry stands with the commission. */
export const SCOPE_APPROVALS = ['not_needed', 'pending', 'approved', 'rejected'] as const;
/** `not_needed`: within the width limits when added (or derived from evidence). */
export type ScopeApproval = (typeof SCOPE_APPROVALS)[number];

/** One prefix a case may look into, with its time window. */
export interface ScopeEntry {
  readonly prefix: Prefix;
  /** Window start, ms since the epoch. */
  readonly from: number;
  /** Window end, or null while the case (or the attack it comes from) runs. */
  readonly to: number | null;
  readonly approval: ScopeApproval;
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

/** The widest entries usable without the commission's approval, as shortest prefix lengths. */
export interface ScopeLimits {
  readonly scopeWidestV4: number;
  readonly scopeWidestV6: number;
}

/** True when `outer` contains every address of `inner`. */
export function prefixCovers(outer: Prefix, inner: Prefix): boolean {
  if (outer.length > inner.length) return false;
  const m = maskWords(inner.words, outer.length);
  return m[0] === outer.words[0] && m[1] === outer.words[1] && m[2] === outer.words[2] && m[3] === outer.words[3];
}

/** `::ffff:0:0/96`, where IPv4 addresses live in the 128-bit space. */
const V4_SPACE: Prefix = { words: [0, 0, 0xffff, 0], length: 96, family: 6 };

/**
 * The width of `p` as the limits judge it: its IPv4 length when it lies in the IPv4 space, 0
 * (all of IPv4) when it contains that space, else its IPv6 length. Judging by the family a prefix
 * was written in would let `::ffff:0:0/96` or `::/64` — short of the IPv6 limit — reach every
 * IPv4 address.
 */
export function scopeWidth(p: Prefix): { readonly family: 4 | 6; readonly length: number } {
  if (prefixCovers(V4_SPACE, p)) return { family: 4, length: p.length - 96 };
  if (prefixCovers(p, V4_SPACE)) return { family: 4, length: 0 };
  return { family: 6, length: p.length };
}

/** True when `p` is wider than the limits allow without the commission's approval. */
export function tooWide(p: Prefix, limits: ScopeLimits): boolean {
  const w = scopeWidth(p);
  return w.length < (w.family === 4 ? limits.scopeWidestV4 : limits.scopeWidestV6);
}

/**
 * True when an entry counts: approved by the commission, or needing no approval and within the
 * limits now in force (so an entry made before the limits were narrowed does not outlive them).
 */
export function usable(e: ScopeEntry, limits: ScopeLimits): boolean {
  return e.approval === 'approved' || (e.approval === 'not_needed' && !tooWide(e.prefix, limits));
}

/** Why a query is outside a case's scope: a code for logs and flags, and a message for the caller. */
export interface ScopeViolation {
  /** Safe for audit entries and flags: says what kind of limit was crossed, never which address. */
  readonly code: 'prefix_outside' | 'not_approved' | 'window_outside' | 'organization_outside';
  /** For the caller who asked (it names their own query's prefix). */
  readonly message: string;
}

/**
 * Returns why `reach` is outside `scope` (the first prefix or organisation not covered), or
 * undefined when every prefix lies inside a usable scope entry whose window contains the whole
 * query window, and every organisation is linked to the case.
 */
export function outsideScope(scope: CaseScope, reach: QueryReach, limits: ScopeLimits): ScopeViolation | undefined {
  for (const p of reach.prefixes) {
    const covering = scope.entries.filter((e) => prefixCovers(e.prefix, p));
    if (covering.length === 0) return { code: 'prefix_outside', message: `prefix ${formatPrefix(p)} is not in the case's scope` };
    const counted = covering.filter((e) => usable(e, limits));
    if (counted.length === 0) return { code: 'not_approved', message: `prefix ${formatPrefix(p)} lies only in scope entries wider than the limit that the commission has not approved` };
    if (!counted.some((e) => e.from <= reach.from && (e.to === null || reach.to <= e.to))) {
      const window = `${new Date(reach.from).toISOString()}–${new Date(reach.to).toISOString()}`;
      return { code: 'window_outside', message: `window ${window} for ${formatPrefix(p)} is outside the case's window` };
    }
  }
  for (const o of reach.organizations) {
    if (!scope.organizations.includes(o)) return { code: 'organization_outside', message: `organization ${o} is not linked to the case` };
  }
  return undefined;
}
