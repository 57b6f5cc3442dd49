/**
 * ip2asn-style TSV files (as iptoasn.com publishes for IPv4, IPv6 or both): one routed range per
 * line, `range_start<TAB>range_end<TAB>AS_number<TAB>country_code<TAB>AS_description`. Ranges of
 * AS 0 ("Not routed") are skipped; a country of `None` or `Unknown` is left out.
 *
 * Pure: no I/O.
 */
import { tryParseAddress } from '../core/ip.js';
import { ERR_ENRICHMENT_FILE } from './errors.js';
import type { RangeTableBuilder } from './range-table.js';

/** The autonomous systems of an ip2asn table: number, name and registered country per value. */
export class AsTable {
  readonly numbers: number[] = [];
  readonly names: string[] = [];
  readonly countries: (string | undefined)[] = [];
  readonly #index = new Map<string, number>();
  /** The value for an AS with this name and country, added on first sight. */
  intern(asn: number, name: string, country: string | undefined): number {
    const key = `${asn}\t${name}\t${country ?? ''}`;
    let i = this.#index.get(key);
    if (i === undefined) {
      i = this.numbers.push(asn) - 1;
      this.names.push(name);
      this.countries.push(country);
      this.#index.set(key, i);
    }
    return i;
  }
}

/**
 * Adds the routed ranges of one file to `ranges`, valued by AS entry.
 *
 * @throws {@link ERR_ENRICHMENT_FILE} naming the line and field of the first error.
 */
export function parseIp2Asn(text: string, file: string, ranges: RangeTableBuilder, table: AsTable): number {
  let added = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim().length === 0 || line.startsWith('#')) continue;
    const fail = (field: string, reason: string): never => {
      throw new ERR_ENRICHMENT_FILE(file, i + 1, field, reason);
    };
    const f = line.split('\t');
    if (f.length < 4) fail('record', `expected range_start, range_end, AS_number, country_code, AS_description separated by tabs, found ${f.length} fields`);
    const [startText, endText, asText, ccText] = f as [string, string, string, string];
    const start = tryParseAddress(startText.trim());
    if (start === undefined) fail('range_start', `${JSON.stringify(startText)} is not an IP address`);
    const end = tryParseAddress(endText.trim());
    if (end === undefined) fail('range_end', `${JSON.stringify(endText)} is not an IP address`);
    const v4 = start![2] === 0xffff && start![0] === 0 && start![1] === 0;
    if (v4 !== (end![2] === 0xffff && end![0] === 0 && end![1] === 0)) fail('range_end', 'not the same address family as range_start');
    if (end!.some((x, k) => x !== start![k]) && !before(start!, end!)) fail('range_end', `${endText} comes before ${startText}`);
    if (!/^\d{1,10}$/.test(asText.trim()) || Number(asText) > 0xffffffff) fail('AS_number', `${JSON.stringify(asText)} is not an AS number`);
    const asn = Number(asText);
    const cc = ccText.trim();
    if (!/^([A-Z]{2}|None|Unknown)$/.test(cc)) fail('country_code', `${JSON.stringify(ccText)} is not a two-letter country code, None or Unknown`);
    if (asn === 0) continue;
    const value = table.intern(asn, f.slice(4).join('\t').trim(), /^[A-Z]{2}$/.test(cc) ? cc : undefined);
    const origin = { file, line: i + 1 };
    if (v4) ranges.addV4(start![3], end![3], value, origin);
    else ranges.addV6(start!, end!, value, origin);
    added++;
  }
  return added;
}

function before(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < 4; k++) if (a[k] !== b[k]) return a[k]! < b[k]!;
  return false;
}
