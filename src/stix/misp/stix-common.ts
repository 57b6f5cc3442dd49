/**
 * Small builders shared by the MISP to STIX conversion: timestamps in the forms MISP's converter
 * writes, pattern literals, and MISP tags split into markings and labels.
 */
import { markingFromMispTag } from '../marking/index.js';
import { ERR_MISP_MALFORMED } from './errors.js';
import type { MispTag } from './misp-event.js';

/** A STIX object under construction. */
export type StixRecord = Record<string, unknown> & { readonly type: string; readonly id: string };

/** `2020-10-25T16:22:00.000Z`: the form of `created`/`modified`. */
export function stixTimestampMs(seconds: number): string {
  // Feeds repeat the same few timestamps thousands of times: remember the last one.
  if (seconds !== lastMs.seconds) {
    lastMs.seconds = seconds;
    lastMs.text = new Date(seconds * 1000).toISOString();
  }
  return lastMs.text;
}
const lastMs = { seconds: Number.NaN, text: '' };
const lastS = { seconds: Number.NaN, text: '' };

/** `2020-10-25T16:22:00Z`: the form of `valid_from`, `first_observed`, `last_observed`. */
export function stixTimestamp(seconds: number): string {
  if (seconds !== lastS.seconds) {
    lastS.seconds = seconds;
    lastS.text = `${stixTimestampMs(seconds).slice(0, 19)}Z`;
  }
  return lastS.text;
}

/** A STIX pattern string literal (quotes and backslashes escaped, STIX 2.1 §9.3). */
export function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The markings and labels of a tag list: `tlp:`/`PAP:` tags are markings, the rest labels (local tags too). */
export interface TagSplit {
  readonly markingRefs: string[];
  readonly labels: string[];
}

/**
 * Splits MISP tags into marking refs and labels; a `tlp:`/`PAP:` tag with an unknown value is refused
 * (`path` names it) so a misspelt TLP never leaves an object unmarked.
 */
export function splitTags(tags: readonly MispTag[], path: string): TagSplit {
  const markingRefs: string[] = [];
  const labels: string[] = [];
  for (const tag of tags) {
    const m = markingFromMispTag(tag.name);
    if (m.kind === 'unknown') throw new ERR_MISP_MALFORMED(`${path}.Tag`, `a known TLP or PAP level, not ${tag.name}`);
    if (m.kind === 'marking') {
      if (!markingRefs.includes(m.ref)) markingRefs.push(m.ref);
    } else labels.push(tag.name);
  }
  return { markingRefs, labels };
}

/** Adds `object_marking_refs` when there are any. */
export function withMarkings(o: StixRecord, refs: readonly string[]): StixRecord {
  if (refs.length > 0) o.object_marking_refs = [...refs];
  return o;
}
