/**
 * Parser of the RIRs' delegated-statistics files ("RIR statistics exchange format", e.g. APNIC's
 * `delegated-apnic-extended-latest`): one record per line, `|`-separated,
 *
 * ```text
 * 2|apnic|20260101|53210|19830613|20251231|+1000          version line
 * apnic|*|ipv4|*|45000|summary                             summary lines
 * apnic|JP|ipv4|203.0.113.0|256|20110412|allocated|A91…    records (extended: + opaque id)
 * apnic|JP|ipv6|2001:db8:100::|40|20110412|allocated|A91…
 * ```
 *
 * For IPv4 `value` is a count of addresses (not always a power of two: such ranges are kept as
 * ranges); for IPv6 it is a prefix length. Only records of the wanted country with status
 * `allocated` or `assigned` are returned; `available` and `reserved` space belongs to nobody yet.
 * Every error names the file, the line and the field.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { parseIPv4, tryParseAddress, maskWords } from '../../core/ip.js';
import { ERR_SELECTION_DELEGATED_FILE } from '../errors.js';

/** An IPv4 range, inclusive, as unsigned 32-bit numbers. */
export interface V4Range {
  readonly start: number;
  readonly end: number;
}

/** An IPv6 prefix of at most 64 bits, as its top two words and length. */
export interface V6Prefix {
  readonly w0: number;
  readonly w1: number;
  readonly length: number;
}

/** What a file delegated to the country. */
export interface Delegations {
  readonly v4: V4Range[];
  readonly v6: V6Prefix[];
  /** Records read (all countries). */
  readonly records: number;
}

const STATUSES = new Set(['allocated', 'assigned', 'available', 'reserved']);
const FIELDS = ['registry', 'cc', 'type', 'start', 'value', 'date', 'status'] as const;

/** Parses `text` (the file's contents, named `file` in errors) for delegations to `country`. */
export function parseDelegatedStats(text: string, file: string, country: string): Delegations {
  const v4: V4Range[] = [];
  const v6: V6Prefix[] = [];
  let records = 0;
  const wanted = country.toUpperCase();
  let sawVersion = false;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split('|');
    const fail = (field: string, why: string): never => {
      throw new ERR_SELECTION_DELEGATED_FILE(file, n + 1, field, why);
    };
    if (!sawVersion && /^\d+(\.\d+)?$/.test(f[0]!)) {
      sawVersion = true;
      if (f.length < 7) fail('version', `a version line has 7 fields, found ${f.length}`);
      continue;
    }
    if (f[5] === 'summary') continue;
    if (f.length < FIELDS.length) fail(FIELDS[f.length] ?? 'status', `a record has at least 7 fields, found ${f.length}`);
    const [, cc, type, start, value, date, status] = f as [string, string, string, string, string, string, string];
    if (!/^(\d{8})?$/.test(date)) fail('date', `${JSON.stringify(date)} is not YYYYMMDD`);
    if (!STATUSES.has(status)) fail('status', `${JSON.stringify(status)} is not allocated, assigned, available or reserved`);
    if (type === 'asn') {
      records++;
      continue;
    }
    if (type !== 'ipv4' && type !== 'ipv6') fail('type', `${JSON.stringify(type)} is not ipv4, ipv6 or asn`);
    records++;
    const mine = cc.toUpperCase() === wanted && (status === 'allocated' || status === 'assigned');
    if (type === 'ipv4') {
      const s = parseIPv4(start);
      if (s < 0) fail('start', `${JSON.stringify(start)} is not an IPv4 address`);
      const count = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
      if (!(count >= 1) || s + count > 2 ** 32) fail('value', `${JSON.stringify(value)} is not a count of addresses that fits after ${start}`);
      if (mine) v4.push({ start: s, end: s + count - 1 });
    } else {
      const w = start.includes(':') ? tryParseAddress(start) : undefined;
      if (w === undefined) fail('start', `${JSON.stringify(start)} is not an IPv6 address`);
      const len = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
      if (!(len >= 0 && len <= 64)) fail('value', `${JSON.stringify(value)} is not an IPv6 prefix length from 0 to 64`);
      const m = maskWords(w!, len);
      if (m.some((x, k) => x !== w![k])) fail('start', `${start} has bits set beyond /${len}`);
      if (mine) v6.push({ w0: m[0], w1: m[1], length: len });
    }
  }
  return { v4, v6, records };
}
