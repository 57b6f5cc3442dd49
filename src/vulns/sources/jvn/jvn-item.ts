/**
 * What the two JVN readers share when turning one item into {@link JvnFacts}: the checks of ids,
 * dates, CPE names and CVSS scores, and how a bad item is skipped. An item's first problem is thrown
 * as an {@link ItemProblem} and caught by {@link readItems}, only within this folder, so that one
 * bad item is counted and never stops the document.
 */
import type { SakimoriError } from '../../../core/errors.js';
import { normaliseCpe } from '../../cpe/index.js';
import { ERR_VULN_RECORD_MALFORMED } from '../../errors.js';
import { asCveId, type CveId, type CvssMetric, type JvnFacts } from '../../record.js';

/** An item left out of a JVN document and why; `record` is its JVNDB id, or where it is when it has none. */
export interface SkippedJvnItem {
  readonly record: string;
  readonly error: SakimoriError;
}

/** The first problem of one item: the element or attribute path at fault, and what is wrong. */
export class ItemProblem {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {}
}

/** Who scored the CVSS metrics JVN publishes: JVN iPedia's own analysts. */
export const JVN_SCORER = 'JVNDB';

const JVNDB_ID = /^JVNDB-\d{4}-\d{6,}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
const CVSS_VERSIONS: readonly CvssMetric['version'][] = ['2.0', '3.0', '3.1', '4.0'];

/**
 * Reads each item with `read`; an item that throws an {@link ItemProblem} is skipped with
 * `SAKIMORI_ERR_VULN_RECORD_MALFORMED` under the name `label` gives it.
 */
export function readItems<T>(items: readonly T[], read: (item: T) => JvnFacts, label: (item: T, index: number) => string): { facts: JvnFacts[]; skipped: SkippedJvnItem[] } {
  const facts: JvnFacts[] = [];
  const skipped: SkippedJvnItem[] = [];
  for (const [i, item] of items.entries()) {
    try {
      facts.push(read(item));
    } catch (e) {
      if (!(e instanceof ItemProblem)) throw e;
      // The name comes from the document: keep it short enough for a log line.
      const name = label(item, i);
      const record = name.length > 100 ? `${name.slice(0, 99)}…` : name;
      const error = new ERR_VULN_RECORD_MALFORMED(`jvn ${record}: ${e.path}: ${e.problem}`, { details: { source: 'jvn', record, path: e.path } });
      skipped.push({ record, error });
    }
  }
  return { facts, skipped };
}

/** The JVNDB id, checked. */
export function jvndbId(text: string | undefined, path: string): string {
  if (text === undefined || !JVNDB_ID.test(text)) throw new ItemProblem(path, `not a JVNDB id (${show(text)})`);
  return text;
}

/** Text that must be present and not empty. */
export function required(text: string | undefined, path: string): string {
  if (text === undefined) throw new ItemProblem(path, 'missing or empty');
  return text;
}

/** An ISO 8601 date or date-time, or `undefined` for an absent (or empty) one. */
export function dateTime(text: string | undefined, path: string): string | undefined {
  if (text !== undefined && !DATE_TIME.test(text)) throw new ItemProblem(path, `not an ISO 8601 date (${show(text)})`);
  return text;
}

/** A CVE id, checked. */
export function cveId(text: string | undefined, path: string): CveId {
  const id = asCveId(text);
  if (id === undefined) throw new ItemProblem(path, `not a CVE id (${show(text)})`);
  return id;
}

/** A CPE name from JVN (2.2 URI as a rule) as a CPE 2.3 formatted string. */
export function cpe23(text: string | undefined, path: string): string {
  const r = normaliseCpe(text ?? '');
  if (!r.ok) throw new ItemProblem(path, r.error.message);
  return r.value;
}

/** One CVSS metric from its parts as JVN writes them. */
export function cvssMetric(version: string | undefined, score: string | undefined, vector: string | undefined, path: string): CvssMetric {
  const v = CVSS_VERSIONS.find((known) => known === version);
  if (v === undefined) throw new ItemProblem(`${path}/@version`, `not a CVSS version this model knows (${show(version)})`);
  const baseScore = score !== undefined && /^\d{1,2}(?:\.\d)?$/.test(score) ? Number(score) : Number.NaN;
  if (!(baseScore >= 0 && baseScore <= 10)) throw new ItemProblem(`${path}/score`, `not a CVSS score 0–10 (${show(score)})`);
  if (vector === undefined) throw new ItemProblem(`${path}/vector`, 'missing');
  return { version: v, vector, baseScore, scoredBy: JVN_SCORER };
}

/** `items` without repeats, first occurrence kept. */
export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function show(text: string | undefined): string {
  if (text === undefined) return 'missing';
  const s = JSON.stringify(text);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
