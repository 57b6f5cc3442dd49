/**
 * A CVE 5 product's `versions[]` unfolded into affected and unaffected {@link VersionRange}s. Each
 * entry is one version (`version` + `status`) or a range from `version` up to `lessThan` or
 * `lessThanOrEqual`, whose status `changes[i]` switch at `at` (CVEProject/cve-schema,
 * `schema/docs/versions.md`, "Versions and Version Ranges" and "Version Status Changes"). What a
 * scheme could not order is kept in the product's `versionText`, verbatim, for a person.
 */
import type { VersionRange } from '../../record.js';
import { at, compact, fail, list, object, oneOf, optText, text } from '../nvd/json-shape.js';
import { compareLoose, isOpenStart, isPlainNumber, isVersion, readConstraint, readUpperLimit } from './version-bounds.js';

const STATUSES = ['affected', 'unaffected', 'unknown'] as const;
type Status = (typeof STATUSES)[number];

// Commit ids order by ancestry in the repository, which a record does not carry ("Source Control Versions").
const SOURCE_CONTROL = new Set(['git', 'hg']);

/** One `versions[i]` entry, validated. */
interface Entry {
  readonly version: string;
  readonly status: Status;
  readonly versionType?: string;
  readonly lessThan?: string;
  readonly lessThanOrEqual?: string;
  readonly changes?: readonly { readonly at: string; readonly status: Status }[];
}

/** What a product's versions say, as ranges where they can be read and as text where they cannot. */
export interface UnfoldedVersions {
  readonly affected: readonly VersionRange[];
  readonly unaffected: readonly VersionRange[];
  /** The `versionType` of the product's ranges (the most used one when entries disagree). */
  readonly versionType?: string;
  readonly text: readonly string[];
}

interface Sink {
  readonly affected: VersionRange[];
  readonly unaffected: VersionRange[];
  readonly text: string[];
}

/** Validates and unfolds a product's `versions` (at `path`), keeping the entries' order. */
export function unfoldVersions(items: unknown, path: string): UnfoldedVersions {
  const entries = list(items, path, 1).map((v, i) => readEntry(v, at(path, i)));
  const versionType = mainVersionType(entries);
  const sink: Sink = { affected: [], unaffected: [], text: [] };
  for (const e of entries) {
    if (e.lessThan === undefined && e.lessThanOrEqual === undefined) placeVersion(e, sink);
    else placeRange(e, versionType, sink);
  }
  // Several segments of one entry may be `unknown`: the entry's text is kept once.
  return compact({ ...sink, text: [...new Set(sink.text)], versionType });
}

/** Reads one entry with the rules of the schema's `versions.items` (its `oneOf` of four shapes). */
function readEntry(v: unknown, path: string): Entry {
  const o = object(v, path);
  const e: Entry = compact({
    version: text(o.version, at(path, 'version')),
    status: oneOf(o.status, at(path, 'status'), STATUSES),
    versionType: optText(o.versionType, at(path, 'versionType')),
    lessThan: optText(o.lessThan, at(path, 'lessThan')),
    lessThanOrEqual: optText(o.lessThanOrEqual, at(path, 'lessThanOrEqual')),
    changes: o.changes === undefined ? undefined : list(o.changes, at(path, 'changes'), 1).map((c, i) => readChange(c, at(at(path, 'changes'), i))),
  });
  const ranged = e.lessThan !== undefined || e.lessThanOrEqual !== undefined;
  if (e.lessThan !== undefined && e.lessThanOrEqual !== undefined) fail(at(path, 'lessThanOrEqual'), 'a range has one upper limit: lessThan or lessThanOrEqual, not both');
  if (ranged && e.versionType === undefined) fail(at(path, 'versionType'), 'a range needs versionType to say how its versions compare');
  if (e.changes !== undefined && !ranged) fail(at(path, 'changes'), 'changes refine a range: lessThan or lessThanOrEqual is required');
  return e;
}

function readChange(v: unknown, path: string): { at: string; status: Status } {
  const c = object(v, path);
  return { at: text(c.at, at(path, 'at')), status: oneOf(c.status, at(path, 'status'), STATUSES) };
}

/** The product's version type: the one most ranges use (ties: the first seen), else the one most entries name. */
function mainVersionType(entries: readonly Entry[]): string | undefined {
  const ranges = entries.filter((e) => e.lessThan !== undefined || e.lessThanOrEqual !== undefined);
  const tally = new Map<string, number>();
  for (const e of ranges.length > 0 ? ranges : entries) if (e.versionType !== undefined) tally.set(e.versionType, (tally.get(e.versionType) ?? 0) + 1);
  let best: string | undefined;
  for (const [type, n] of tally) if (best === undefined || n > (tally.get(best) ?? 0)) best = type;
  return best;
}

/** One version, or a GitHub-style constraint in `version`; free text (`11 and 12`, `4.x`, `n/a`) is kept as text. */
function placeVersion(e: Entry, sink: Sink): void {
  const range = /^[<>=]/.test(e.version) ? readConstraint(e.version) : isVersion(e.version) ? { startIncluding: e.version, endIncluding: e.version } : undefined;
  if (range === undefined) sink.text.push(describe(e));
  else put(sink, e.status, range, e);
}

/**
 * A range, cut into segments at its sorted `changes` (`status` until the first `at`, then each
 * change's status until the next). A limit that is not a version leaves the last segment to the
 * text, unless it ends in `*`, which the schema reads as "arbitrarily large": then it is open.
 */
function placeRange(e: Entry, mainType: string | undefined, sink: Sink): void {
  const problem = rangeProblem(e, mainType);
  if (problem !== undefined) {
    sink.text.push(describe(e, problem));
    return;
  }
  const limit = readUpperLimit(e.lessThan ?? e.lessThanOrEqual ?? '*', e.lessThan === undefined);
  const starts = [
    { from: isOpenStart(e.version) ? undefined : e.version, status: e.status },
    ...[...(e.changes ?? [])].sort((a, b) => compareLoose(a.at, b.at)).map((c) => ({ from: c.at, status: c.status })),
  ];
  starts.forEach((segment, i) => {
    const start = segment.from === undefined ? {} : { startIncluding: segment.from };
    const next = starts[i + 1];
    if (next !== undefined) put(sink, segment.status, { ...start, endExcluding: next.from }, e);
    else if (limit.kind === 'open') put(sink, segment.status, start, e);
    else if (limit.kind === 'bound') put(sink, segment.status, { ...start, ...limit.range }, e);
    else {
      if (limit.star) put(sink, segment.status, start, e);
      sink.text.push(describe(e, `${limit.why}; ${limit.star ? 'read as no upper limit' : `the ${e.changes === undefined ? 'range' : 'part after the last change'} is left to this text`}`));
    }
  });
}

/** Why a range cannot be unfolded at all, or undefined. */
function rangeProblem(e: Entry, mainType: string | undefined): string | undefined {
  if (!isOpenStart(e.version) && !isVersion(e.version)) return `start "${e.version}" is not a version`;
  const changes = e.changes ?? [];
  if (changes.length > 0 && SOURCE_CONTROL.has(e.versionType ?? '')) return 'changes between commits cannot be ordered without the repository';
  const bad = changes.find((c) => !isVersion(c.at));
  if (bad !== undefined) return `change at "${bad.at}" is not a version`;
  // Dotted numbers order alike in every scheme, so such a range can stand beside ranges of another type.
  const limit = (e.lessThan ?? e.lessThanOrEqual ?? '').replace(/(^|\.)\*$/, '');
  const plain = [e.version, ...changes.map((c) => c.at)].every(isPlainNumber) && (limit === '' || isPlainNumber(limit));
  if (e.versionType !== mainType && !(plain && !SOURCE_CONTROL.has(mainType ?? ''))) return `versionType ${e.versionType} differs from the product's ${mainType}`;
  return undefined;
}

function put(sink: Sink, status: Status, range: VersionRange, e: Entry): void {
  if (status === 'affected') sink.affected.push(range);
  else if (status === 'unaffected') sink.unaffected.push(range);
  // The model has no list for `unknown`; a person reading the text learns what the CNA did not know.
  else sink.text.push(describe(e, 'status unknown'));
}

/** The entry as a person reads it, every value verbatim: `affected: from 2.0 before 2.5 (semver), then unaffected from 2.3 [note]`. */
function describe(e: Entry, note?: string): string {
  const limit = e.lessThan !== undefined ? ` before ${e.lessThan}` : e.lessThanOrEqual !== undefined ? ` through ${e.lessThanOrEqual}` : '';
  const what = limit === '' ? e.version : `from ${e.version}${limit}`;
  const type = e.versionType === undefined ? '' : ` (${e.versionType})`;
  const changes = e.changes === undefined ? '' : `, then ${e.changes.map((c) => `${c.status} from ${c.at}`).join(', ')}`;
  return `${e.status}: ${what}${type}${changes}${note === undefined ? '' : ` [${note}]`}`;
}
