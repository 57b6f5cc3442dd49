/**
 * Indicator patterns (§4.7, §9): a `stix` pattern must parse, and the object types and properties
 * it names must be valid STIX names. Patterns in other languages are not checked.
 */
import { childPath } from './finding.js';
import type { ObjectContext } from './finding-sink.js';
import { inspectPattern, type PatternComparison } from './pattern-inspector.js';

const TYPE_NAME_RE = /^[a-z][a-z0-9-]{1,248}[a-z0-9]$/;
const PROPERTY_NAME_RE = /^[a-z0-9_]{3,250}$/;

/** The comparisons of the indicator's STIX pattern, or undefined when it has none that parses. */
export function patternComparisons(obj: Readonly<Record<string, unknown>>): readonly PatternComparison[] | undefined {
  if (obj.pattern_type !== 'stix' || typeof obj.pattern !== 'string') return undefined;
  const r = inspectPattern(obj.pattern);
  return r.ok ? r.comparisons : undefined;
}

/** Checks the syntax of a `stix` pattern and the names it uses. */
export function checkIndicatorPattern(ctx: ObjectContext): void {
  const { obj, sink, id, path } = ctx;
  if (obj.pattern_type !== 'stix' || typeof obj.pattern !== 'string') return;
  const at = childPath(path, 'pattern');
  const r = inspectPattern(obj.pattern);
  if (!r.ok) {
    sink.error(id, at, 'PATTERN', `invalid STIX pattern: ${r.message}`);
    return;
  }
  for (const c of r.comparisons) {
    if (!TYPE_NAME_RE.test(c.objectType)) sink.error(id, at, 'PATTERN', `${JSON.stringify(c.objectType)} is not a valid object type name (3-250 of [a-z0-9-])`);
    const first = c.path[0];
    if (typeof first === 'string' && !PROPERTY_NAME_RE.test(first)) {
      sink.error(id, at, 'PATTERN', `${JSON.stringify(first)} is not a valid property name (3-250 of [a-z0-9_])`);
    }
  }
}
