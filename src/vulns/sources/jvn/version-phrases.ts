/**
 * The words of JVN version statements (Japanese, and the English of the English JVN pages), each
 * mapped to what it says of a version bound. Phrases become one private-use character each, so that
 * later patterns (and the list separators `および`, `and`) cannot match inside a phrase already read.
 */

/** What a phrase says: a bound after (`2.0 以前`) or before (`before 2.0`) its version, a range joint, or every version. */
export type Marker = 'le' | 'lt' | 'ge' | 'gt' | 'to' | 'from' | 'until' | 'all';

/** The character that stands for each marker in the rewritten text. */
export const MARKER_CHARS: Readonly<Record<Marker, string>> = {
  le: '\ue001',
  lt: '\ue002',
  ge: '\ue003',
  gt: '\ue004',
  to: '\ue005',
  from: '\ue006',
  until: '\ue007',
  all: '\ue008',
};

/** Private-use characters: the input's own are replaced first so that they can never pose as markers. */
export const PRIVATE_USE = /[\ue000-\uf8ff]/g;

const AND_SO = '(?:(?:および|及び|または|又は|ならびに|並びに)\\s*それ\\s*)?';
// English words must stand alone ("to" is no marker inside "toolkit"); Japanese has no spaces to rely on.
const word = (source: string): RegExp => new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, 'giu');
const ja = (source: string): RegExp => new RegExp(source, 'g');

/**
 * Phrases in the order they are read: longer before shorter (`prior to` before `to`, `and earlier`
 * before the separator `and`), and "of all versions" fillers before "all versions". `null` marks a
 * filler, dropped.
 */
export const PHRASES: readonly (readonly [RegExp, Marker | null])[] = [
  [ja('の\\s*(?:すべて|全て)\\s*の\\s*バージョン'), null],
  [ja('の\\s*全\\s*バージョン'), null],
  [ja('(?:すべて|全て)\\s*の\\s*バージョン|全\\s*バージョン'), 'all'],
  [word('all\\s+(?:versions|releases)'), 'all'],
  [ja(`${AND_SO}(?:以前|以下)`), 'le'],
  [ja(`${AND_SO}(?:以降|以上)`), 'ge'],
  [ja('未満|よりも?\\s*(?:前|古い)'), 'lt'],
  [ja('よりも?\\s*(?:後|新しい)|を\\s*超える'), 'gt'],
  [word('up\\s+to\\s+and\\s+including|up\\s+to\\s*\\(\\s*including\\s*\\)|(?:and|or)\\s+(?:earlier|prior|older|below|lower|before)(?:\\s+versions?)?'), 'le'],
  [word('up\\s+to\\s*\\(\\s*excluding\\s*\\)|prior\\s+to|before|(?:earlier|older|lower|less)\\s+than'), 'lt'],
  [word('(?:and|or)\\s+(?:later|above|higher|newer|greater|after)(?:\\s+versions?)?|onwards?'), 'ge'],
  [word('(?:later|newer|higher|greater)\\s+than|after'), 'gt'],
  [ja('<=|≤'), 'le'],
  [ja('>=|≥'), 'ge'],
  [ja('<'), 'lt'],
  [ja('>'), 'gt'],
  [ja('から|~|〜'), 'to'],
  [word('through|thru|to'), 'to'],
  [word('from'), 'from'],
  [ja('まで'), 'until'],
  [ja('の\\s*バージョン|バージョン|ファームウ[ェエ]ア'), null],
];

/** Separators of a list of statements (`1.0、1.1 及び 1.2`), read after the phrases. */
export const SEPARATORS = /[、,;・\n]|および|及び|並びに|ならびに|または|又は|(?<![\p{L}\p{N}])(?:and|or)(?![\p{L}\p{N}])/iu;

/** Words that say nothing about which versions: dropped. */
export const FILLER_WORDS: ReadonlySet<string> = new Set(['version', 'versions', 'ver', 'ver.', 'v', 'v.', 'firmware', 'release', 'releases', 'の']);

/**
 * The version a token names, its `v`/`Ver.`/`Version` prefix removed; `undefined` when it is no
 * version or a wildcard (`2.x` is a series, not a bound this parser may invent).
 */
export function versionOf(token: string): string | undefined {
  let v = token.replace(/^(?:version|ver\.?)(?=\d)/i, '');
  // `v1.2.3` is version 1.2.3, but `V100R001C00` (a vendor's whole version string) keeps its V.
  if (/^v\d+(?:\.\d+)*(?:[-+._][0-9a-z]+)*$/i.test(v)) v = v.slice(1);
  if (!/^[a-z]{0,3}\d[0-9a-z._+\-():]*$/i.test(v)) return undefined;
  if (v.split(/[.\-_]/).some((segment) => /^[x*]$/i.test(segment))) return undefined;
  return v;
}
