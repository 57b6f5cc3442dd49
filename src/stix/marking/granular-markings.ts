/**
 * Reads an object's granular markings into parsed paths. Any malformed entry makes the whole list
 * unreadable, and callers then withhold the object: what a broken marking protects cannot be known.
 */
import { isJsonObject, type StixObject } from './stix-object.js';
import { parseSelector, type PathSegment } from './selector.js';

/** One granular marking with its selectors parsed; `ref` is absent for a language marking. */
export interface ParsedGranularMarking {
  readonly ref?: string;
  readonly lang?: string;
  readonly paths: readonly (readonly PathSegment[])[];
}

/**
 * The object's granular markings, parsed, or `undefined` when the list or any selector is malformed.
 *
 * @example
 * ```ts
 * readGranularMarkings({ type: 'indicator', id, granular_markings: [{ marking_ref: red, selectors: ['description'] }] });
 * // [{ ref: red, paths: [['description']] }]
 * ```
 */
export function readGranularMarkings(object: StixObject): readonly ParsedGranularMarking[] | undefined {
  const raw: unknown = object.granular_markings;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return undefined;
  const parsed: ParsedGranularMarking[] = [];
  for (const entry of raw as unknown[]) {
    if (!isJsonObject(entry) || !Array.isArray(entry.selectors) || entry.selectors.length === 0) return undefined;
    const ref = entry.marking_ref;
    const lang = entry.lang;
    if ((ref === undefined) === (lang === undefined)) return undefined;
    if ((ref !== undefined && typeof ref !== 'string') || (lang !== undefined && typeof lang !== 'string')) return undefined;
    const paths: (readonly PathSegment[])[] = [];
    for (const selector of entry.selectors as unknown[]) {
      const path = parseSelector(selector);
      if (path === undefined) return undefined;
      paths.push(path);
    }
    parsed.push(ref === undefined ? { lang: lang as string, paths } : { ref, paths });
  }
  return parsed;
}
