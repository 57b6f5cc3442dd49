/**
 * Reading the version strings of CVE 5 `versions[]` entries: which are versions a scheme can
 * compare, which mean "no bound", what a `*` upper limit means, and the `>= a, < b` constraints
 * that GitHub's CNA writes into `version`. Conventions from CVEProject/cve-schema
 * `schema/docs/versions.md` ("Versions and Version Ranges").
 */
import type { VersionRange } from '../../record.js';

// A version as a scheme could order it: one token of letters, digits and the separators of semver,
// rpm, Debian, Maven and PEP 440 (epoch `!`, `~`, `^`, `+`), or a commit hash.
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+~:^!-]*$/;
// `4.x`, `2.X`: a branch written as a pattern, which no scheme orders.
const BRANCH_PATTERN = /(^|[.-])[xX]$/;
// What CNAs write for "no version given" (legacy CVE 4 conversions use `n/a`, others `unspecified`).
const UNSPECIFIED = new Set(['unspecified', 'n/a']);

/** True for `unspecified` and `n/a`: a place where the CNA gave no version. */
export function isUnspecified(v: string): boolean {
  return UNSPECIFIED.has(v.toLowerCase());
}

/** True when `v` is a single version a scheme could order (not free text, not `4.x`, not `n/a`). */
export function isVersion(v: string): boolean {
  return VERSION.test(v) && !BRANCH_PATTERN.test(v) && !isUnspecified(v);
}

/**
 * True when `v`, as the start of a range, means no lower bound: `0` by the schema's convention
 * ("typically 0 denotes the earliest possible version"), or no version given.
 */
export function isOpenStart(v: string): boolean {
  return v === '0' || isUnspecified(v);
}

/** An upper limit read: none, a bound, or one that is not a version (with the reason, and whether it ended in `*`). */
export type UpperLimit =
  | { readonly kind: 'open' }
  | { readonly kind: 'bound'; readonly range: Pick<VersionRange, 'endExcluding' | 'endIncluding'> }
  | { readonly kind: 'unreadable'; readonly star: boolean; readonly why: string };

// `5.15.*`: a dotted number, then `.*`.
const BRANCH_LIMIT = /^((?:\d+\.)*)(\d+)\.\*$/;

/**
 * Reads `lessThan` (or `lessThanOrEqual` when `inclusive`). The schema makes `*` "an arbitrarily large
 * number in the version ordering": `*` alone is no upper limit, and `P.N.*` lies above every
 * `P.N.x`, so `< P.N.*` and `<= P.N.*` both end before `P.(N+1)` — written `endExcluding: P.(N+1)`.
 * The Linux kernel CNA writes the `*` form in `lessThanOrEqual` too (`5.15.*`), which only
 * `lessThan` is documented to allow; the meaning is the same.
 */
export function readUpperLimit(limit: string, inclusive: boolean): UpperLimit {
  if (limit === '*') return { kind: 'open' };
  const branch = BRANCH_LIMIT.exec(limit);
  if (branch !== null) return { kind: 'bound', range: { endExcluding: `${branch[1]}${BigInt(branch[2] ?? '0') + 1n}` } };
  if (limit.endsWith('*')) return { kind: 'unreadable', star: true, why: `upper limit "${limit}" ends in * but is not a dotted number before it` };
  if (!isVersion(limit)) return { kind: 'unreadable', star: false, why: `upper limit "${limit}" is not a version` };
  return { kind: 'bound', range: inclusive ? { endIncluding: limit } : { endExcluding: limit } };
}

/** True when every part of `v` is a number: dotted numbers order the same way in every scheme. */
export function isPlainNumber(v: string): boolean {
  return /^\d+(\.\d+)*$/.test(v);
}

const CLAUSE = /^(>=|>|<=|<|=)\s*(\S+)$/;

/**
 * Reads a version constraint as GitHub's CNA writes it into `version` (the GitHub Advisory
 * Database's `vulnerable_version_range`: `>= 2.0.0, < 2.0.7`, `< 1.26.18`, `= 1.2.3`): at most one
 * lower and one upper clause, or one `=`. Undefined when `text` is not such a constraint.
 */
export function readConstraint(text: string): VersionRange | undefined {
  const clauses = text.split(',').map((c) => CLAUSE.exec(c.trim()));
  let lower: VersionRange | undefined;
  let upper: VersionRange | undefined;
  for (const m of clauses) {
    const [op, v] = [m?.[1], m?.[2]];
    if (op === undefined || v === undefined || !isVersion(v)) return undefined;
    if (op === '=') return clauses.length === 1 ? { startIncluding: v, endIncluding: v } : undefined;
    if (op.startsWith('>')) {
      if (lower !== undefined) return undefined;
      lower = op === '>=' ? { startIncluding: v } : { startExcluding: v };
    } else {
      if (upper !== undefined) return undefined;
      upper = op === '<=' ? { endIncluding: v } : { endExcluding: v };
    }
  }
  return { ...lower, ...upper };
}

/**
 * Orders two versions loosely: runs of digits by value, other runs by character code, a version
 * before its own extensions. Used only to sort `changes`, which the schema tells clients to re-sort
 * themselves; the exact scheme of each `versionType` is the matcher's business.
 */
export function compareLoose(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const [x, y] = [ra[i] ?? '', rb[i] ?? ''];
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    const c = numeric ? compareDigits(x, y) : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return ra.length - rb.length;
}

function compareDigits(x: string, y: string): number {
  const [p, q] = [x.replace(/^0+(?=\d)/, ''), y.replace(/^0+(?=\d)/, '')];
  return p.length !== q.length ? p.length - q.length : p < q ? -1 : p > q ? 1 : 0;
}
