/**
 * RIR delegated statistics files (the "RIR statistics exchange format" every registry publishes
 * daily as `delegated-<registry>-<date>`, and its `-extended` form): one record per delegation,
 * `registry|cc|type|start|value|date|status[|opaque-id[|extensions]]`. For IPv4 `value` is the
 * number of addresses (not always a power of two), for IPv6 the prefix length. The version line,
 * summary lines (`registry|*|type|*|count|summary`), comments (`#`), AS number records and
 * records that are not delegated (`available`, `reserved`) are skipped.
 *
 * Pure: no I/O.
 */
import { maskWords, tryParseAddress } from '../core/ip.js';
import { ERR_ENRICHMENT_FILE } from './errors.js';
import type { RangeTableBuilder } from './range-table.js';

/** Statuses that delegate space to a holder in a country. */
const DELEGATED = new Set(['allocated', 'assigned']);

/** Interns country codes into small numbers (the values of the country table). */
export class CountryCodes {
  readonly codes: string[] = [];
  readonly #index = new Map<string, number>();
  /** The number of a code, added on first sight. */
  intern(code: string): number {
    let i = this.#index.get(code);
    if (i === undefined) {
      i = this.codes.push(code) - 1;
      this.#index.set(code, i);
    }
    return i;
  }
}

/**
 * Adds the delegations of one file to `ranges`, valued by country code number.
 *
 * @throws {@link ERR_ENRICHMENT_FILE} naming the line and field of the first error.
 */
export function parseRirDelegated(text: string, file: string, ranges: RangeTableBuilder, countries: CountryCodes): number {
  let added = 0;
  let header = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '').trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    const f = line.split('|');
    const fail = (field: string, reason: string): never => {
      throw new ERR_ENRICHMENT_FILE(file, i + 1, field, reason);
    };
    if (!header) {
      // The first record is the version line: version|registry|serial|records|startdate|enddate|UTCoffset.
      if (!/^\d+(\.\d+)?$/.test(f[0] ?? '') || f.length < 7) fail('version', 'expected the version line version|registry|serial|records|startdate|enddate|UTCoffset');
      header = true;
      continue;
    }
    if (f[1] === '*' && f[5] === 'summary') continue;
    if (f.length < 7) fail('record', `expected registry|cc|type|start|value|date|status, found ${f.length} fields`);
    const [, cc, type, start, value, , status] = f as [string, string, string, string, string, string, string];
    if (type === 'asn') continue;
    if (type !== 'ipv4' && type !== 'ipv6') fail('type', `${JSON.stringify(type)} is not ipv4, ipv6 or asn`);
    if (!DELEGATED.has(status)) {
      if (status === 'available' || status === 'reserved') continue;
      fail('status', `${JSON.stringify(status)} is not allocated, assigned, available or reserved`);
    }
    if (!/^[A-Z]{2}$/.test(cc)) fail('cc', `${JSON.stringify(cc)} is not a two-letter country code`);
    const w = tryParseAddress(start);
    if (w === undefined || (type === 'ipv4') !== start.includes('.')) fail('start', `${JSON.stringify(start)} is not an ${type === 'ipv4' ? 'IPv4' : 'IPv6'} address`);
    const origin = { file, line: i + 1 };
    if (type === 'ipv4') {
      if (!/^\d{1,10}$/.test(value) || Number(value) < 1) fail('value', `${JSON.stringify(value)} is not a count of addresses`);
      const end = w![3] + Number(value) - 1;
      if (end > 0xffffffff) fail('value', `${value} addresses from ${start} run past 255.255.255.255`);
      ranges.addV4(w![3], end, countries.intern(cc), origin);
    } else {
      if (!/^\d{1,3}$/.test(value) || Number(value) > 128) fail('value', `${JSON.stringify(value)} is not an IPv6 prefix length`);
      const len = Number(value);
      const masked = maskWords(w!, len);
      if (masked.some((x, k) => x !== w![k])) fail('start', `${start} has bits set beyond /${len}`);
      ranges.addV6(
        masked,
        masked.map((x, k) => (x | (len >= 32 * (k + 1) ? 0 : len <= 32 * k ? 0xffffffff : 0xffffffff >>> (len - 32 * k))) >>> 0),
        countries.intern(cc),
        origin,
      );
    }
    added++;
  }
  if (!header) throw new ERR_ENRICHMENT_FILE(file, 1, 'version', 'no version line: not an RIR delegated statistics file');
  return added;
}
