/** JVN's free-text version statements (`VersionNumber`) read into version ranges, or left for a person. */
import type { VersionRange } from '../../record.js';
import { FILLER_WORDS, MARKER_CHARS, type Marker, PHRASES, PRIVATE_USE, SEPARATORS, versionOf } from './version-phrases.js';

/** Ranges read from a version statement, and the statement itself when it could not be read. */
export interface JvnVersionText {
  readonly ranges: readonly VersionRange[];
  /** The statement as JVN wrote it, for a person, when it could not be read (then `ranges` is empty). */
  readonly unparsed?: string;
}

/** What else is known about the statement. */
export interface JvnVersionContext {
  /** The item's product name: JVN often repeats it (`CG-WGR1200 ファームウエア 2.20 以前`), and it is then no unknown word. */
  readonly product?: string;
}

type Range = (a: string, b: string) => VersionRange;
const exact: Range = (a) => ({ startIncluding: a, endIncluding: a });
const upTo: Range = (a) => ({ endIncluding: a });
const below: Range = (a) => ({ endExcluding: a });
const from: Range = (a) => ({ startIncluding: a });
const above: Range = (a) => ({ startExcluding: a });
const closed: Range = (a, b) => ({ startIncluding: a, endIncluding: b });
const halfOpen: Range = (a, b) => ({ startIncluding: a, endExcluding: b });
const openClosed: Range = (a, b) => ({ startExcluding: a, endIncluding: b });
const open: Range = (a, b) => ({ startExcluding: a, endExcluding: b });

/**
 * Every statement shape read, as the kinds of its tokens (`v` a version); anything else is left
 * unread. `から…まで`, `~` and `through` include both ends; `以前`/`以下` include the bound,
 * `未満`/`より前`/`before` do not.
 */
const SHAPES: ReadonlyMap<string, Range> = new Map(
  Object.entries({
    v: exact,
    all: () => ({}),
    'v le': upTo,
    'le v': upTo,
    'v until': upTo,
    'v lt': below,
    'lt v': below,
    'v ge': from,
    'ge v': from,
    'v gt': above,
    'gt v': above,
    'v to v': closed,
    'v to v until': closed,
    'v to v le': closed,
    'from v to v': closed,
    'v to v lt': halfOpen,
    'v ge v le': closed,
    'v ge v until': closed,
    'ge v le v': closed,
    'v ge le v': closed,
    'v ge v lt': halfOpen,
    'ge v lt v': halfOpen,
    'v ge lt v': halfOpen,
    'v gt v le': openClosed,
    'gt v le v': openClosed,
    'v gt le v': openClosed,
    'v gt v lt': open,
    'gt v lt v': open,
    'v gt lt v': open,
  }),
);

const MARKERS = new Map<string, Marker>(Object.entries(MARKER_CHARS).map(([marker, char]) => [char, marker as Marker]));

/**
 * Reads a JVN version statement into ranges: `2.20 およびそれ以前`/`2.20 以前` (up to and including),
 * `未満`/`より前` (before), `以降`/`以上` (from), `2.0 から 2.5 まで`, `バージョン 3.1.0` (exactly),
 * lists joined by `、`, `,` or `及び`, and the English `prior to`, `and earlier`, `before`, `through`.
 * Full-width digits and letters are read as ASCII (NFKC). The statement is read whole or not at all:
 * if any part has a word it does not know (`Android 版`, `2.x 系`, `最新版`), or the parts could be
 * meant together (`2.0 以降、3.0 未満`: one range or two?), no range is returned and the statement
 * comes back as `unparsed` for a person. It never guesses.
 *
 * @example
 * ```ts
 * parseJvnVersionText('ファームウエア 2.20 およびそれ以前'); // { ranges: [{ endIncluding: '2.20' }] }
 * parseJvnVersionText('1.0.3、2.0 から 2.5 まで'); // { ranges: [{ startIncluding: '1.0.3', endIncluding: '1.0.3' }, { startIncluding: '2.0', endIncluding: '2.5' }] }
 * parseJvnVersionText('Android 版 2.0.0 以前'); // { ranges: [], unparsed: 'Android 版 2.0.0 以前' }
 * ```
 */
export function parseJvnVersionText(text: string, context: JvnVersionContext = {}): JvnVersionText {
  const statement = text.trim();
  if (statement === '') return { ranges: [] };
  const ranges: VersionRange[] = [];
  for (const clause of clauses(statement, context.product)) {
    const range = readClause(clause);
    if (range === undefined) return { ranges: [], unparsed: statement };
    ranges.push(range);
  }
  return ranges.length === 0 || isAmbiguous(ranges) ? { ranges: [], unparsed: statement } : { ranges };
}

/** The statement normalised, its phrases replaced by marker characters, split into list items. */
function clauses(statement: string, product: string | undefined): string[] {
  let s = statement.normalize('NFKC').replace(PRIVATE_USE, '\ufffd');
  const name = product?.normalize('NFKC').trim();
  if (name !== undefined && name !== '') {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    s = s.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'gi'), ' ');
  }
  for (const [pattern, marker] of PHRASES) s = s.replace(pattern, marker === null ? ' ' : ` ${MARKER_CHARS[marker]} `);
  // A blank item (`2.0 以前、`) is no statement; one that held only fillers is caught by readClause.
  return s.split(SEPARATORS).filter((c) => c.trim() !== '');
}

/** One list item as a range, or `undefined` when it has an unknown word or an unknown shape. */
function readClause(clause: string): VersionRange | undefined {
  const kinds: string[] = [];
  const versions: string[] = [];
  // A full stop ends a sentence, not a version: `2.0 以前。`
  for (const token of clause.replace(/[。.]+\s*$/, '').split(/\s+/)) {
    if (token === '' || FILLER_WORDS.has(token.toLowerCase())) continue;
    const marker = MARKERS.get(token);
    const version = marker === undefined ? versionOf(token) : undefined;
    if (marker === undefined && version === undefined) return undefined;
    kinds.push(marker ?? 'v');
    if (version !== undefined) versions.push(version);
  }
  const shape = SHAPES.get(kinds.join(' '));
  return shape === undefined ? undefined : shape(versions[0] ?? '', versions[1] ?? '');
}

/**
 * True when neighbouring list items could be meant together, which only a person can tell:
 * `2.0 以降、3.0 未満` (one range from 2.0 to 3.0, or everything?), and an exact version beside a
 * one-sided bound — `5.2.1 および 6.0.0 より前`, `prior to 5.2.1 and 6.0.0` — where the bound may
 * apply to both versions.
 */
function isAmbiguous(ranges: readonly VersionRange[]): boolean {
  return ranges.some((r, i) => {
    const next = ranges[i + 1];
    if (next === undefined) return false;
    const [a, b] = [sides(r), sides(next)];
    return (a === 'start' && b === 'end') || (a === 'exact' && (b === 'start' || b === 'end')) || (b === 'exact' && (a === 'start' || a === 'end'));
  });
}

/** Which bounds a range has: one version, only a start, only an end, both, or none (every version). */
function sides(r: VersionRange): 'exact' | 'start' | 'end' | 'both' | 'none' {
  const start = r.startIncluding ?? r.startExcluding;
  const end = r.endIncluding ?? r.endExcluding;
  if (start !== undefined && end !== undefined) return r.startIncluding !== undefined && r.startIncluding === r.endIncluding ? 'exact' : 'both';
  if (start !== undefined) return 'start';
  return end !== undefined ? 'end' : 'none';
}
