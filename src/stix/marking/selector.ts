/**
 * Granular marking selectors (STIX 2.1 §7.2.3.1): property names and list indices joined by dots,
 * e.g. `description`, `labels.[1]`, `external_references.[0].url`.
 */

/** One step of a selector: a property name or a list index. */
export type PathSegment = string | number;

const INDEX = /^\[(0|[1-9][0-9]*)\]$/;
// STIX property names and dictionary keys: ASCII letters, digits, underscore and hyphen.
const KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Parses a selector into its path, or `undefined` when it is not a valid selector (empty, an empty
 * step, a leading index, a malformed index). Callers fail closed on `undefined`.
 *
 * @example
 * ```ts
 * parseSelector('external_references.[0].url'); // ['external_references', 0, 'url']
 * parseSelector('labels[1]'); // undefined
 * ```
 */
export function parseSelector(selector: unknown): readonly PathSegment[] | undefined {
  if (typeof selector !== 'string' || selector === '') return undefined;
  const path: PathSegment[] = [];
  for (const step of selector.split('.')) {
    const index = INDEX.exec(step);
    if (index !== null) path.push(Number(index[1]));
    else if (KEY.test(step)) path.push(step);
    else return undefined;
  }
  return typeof path[0] === 'string' ? path : undefined;
}

/** The selector string of a path (the inverse of {@link parseSelector}). */
export function formatSelector(path: readonly PathSegment[]): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.');
}

/** True when `prefix` is `path` or one of its ancestors. */
export function isPathPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => s === path[i]);
}

/** True when one path contains the other: a marking on either affects what the other selects. */
export function pathsOverlap(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  return isPathPrefix(a, b) || isPathPrefix(b, a);
}
