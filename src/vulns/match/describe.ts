/** The words of findings: version ranges, CPE names shortened for one line, and undecided reasons. */
import type { VersionRange, VersionScheme } from '../record.js';
import type { AssetCpe } from './compiled-name.js';

/**
 * A range in interval notation, an open bound as `*`: `[7.2.0, 7.2.6)`, `(*, 2.17.1]`.
 *
 * @example
 * ```ts
 * rangeText({ startIncluding: '7.2.0', endExcluding: '7.2.6' }); // '[7.2.0, 7.2.6)'
 * ```
 */
export function rangeText(range: VersionRange): string {
  const start = range.startIncluding !== undefined ? `[${range.startIncluding}` : range.startExcluding !== undefined ? `(${range.startExcluding}` : '(*';
  const end = range.endIncluding !== undefined ? `${range.endIncluding}]` : range.endExcluding !== undefined ? `${range.endExcluding})` : '*)';
  return `${start}, ${end}`;
}

/** Only the four bounds of `range` (a criterion carries more fields), absent ones left out. */
export function boundsOf(range: VersionRange): VersionRange {
  const out: { -readonly [K in keyof VersionRange]: VersionRange[K] } = {};
  if (range.startIncluding !== undefined) out.startIncluding = range.startIncluding;
  if (range.startExcluding !== undefined) out.startExcluding = range.startExcluding;
  if (range.endIncluding !== undefined) out.endIncluding = range.endIncluding;
  if (range.endExcluding !== undefined) out.endExcluding = range.endExcluding;
  return out;
}

/**
 * A CPE formatted string without its trailing ANY attributes past the version, which say nothing:
 * `cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*` → `cpe:2.3:o:fortinet:fortios:*:…`.
 */
export function shortCpe(text: string): string {
  const fields = splitUnquoted(text);
  const VERSION = 6; // cpe, 2.3, part, vendor, product, version
  let last = fields.length;
  while (last > VERSION && fields[last - 1] === '*') last--;
  return last === fields.length ? text : `${fields.slice(0, last).join(':')}:…`;
}

function splitUnquoted(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ':') {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** How an asset CPE name is named in a reason: its product and version (`fortios 7.2.4`), the version left out when NA. */
export function assetSubject(cpe: AssetCpe): string {
  if (cpe.wfn.version.kind === 'na') return cpe.product;
  return `${cpe.product} ${cpe.version?.text ?? '(version not stated)'}`;
}

/** Why a comparison was left undecided, for a person. */
export function undecidedReason(version: string, range: VersionRange, scheme: VersionScheme): string {
  return `the ${scheme} scheme cannot compare ${version} with ${rangeText(range)}`;
}
