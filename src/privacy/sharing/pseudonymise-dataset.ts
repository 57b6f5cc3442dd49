/**
 * Pseudonymised sharing: the address columns of a data set bound for a partner (attacker lists,
 * sightings) replaced by their Crypto-PAn pseudonyms under that partner's key in force at the
 * time of sharing. Prefix-preserving: a /24 of attackers stays one /24, and a prefix column
 * (`192.0.2.0/24`) becomes the pseudonym of its network address cut to the same length.
 *
 * Key rotation is honoured: the keyring picks the partner's key whose `validFrom` is the latest
 * not after the sharing time, and the result names that key, so a later export under a new key
 * cannot be joined with this one, while this one can be reproduced with the key id.
 *
 * Pure: no I/O, no `node:` imports (the AES cipher comes with the keyring).
 */
import { formatIPv4, formatIPv6Words, maskWords, parsePrefix, tryParseAddress, type AddressWords } from '../../core/ip.js';
import type { CryptoPanKeyring } from '../cryptopan/keyring.js';
import { ERR_SHARING_NOT_ADDRESS } from '../../oversight/errors.js';

/** What to pseudonymise and for whom. */
export interface PseudonymiseOptions {
  readonly partner: string;
  /** Sharing time, ms since the epoch: selects the key in force. */
  readonly at: number;
  /** Names of the columns holding addresses or prefixes (string, array of strings, or null). */
  readonly columns: readonly string[];
}

/** The pseudonymised rows and the key that made them. */
export interface PseudonymisedDataset<R> {
  readonly rows: R[];
  readonly partner: string;
  readonly keyId: string;
  readonly validFrom: number;
  readonly columns: readonly string[];
}

/** One value to replace: where it is, its words and (for prefixes) its length. */
interface Slot {
  readonly row: number;
  readonly column: string;
  /** Index inside an array value, or -1. */
  readonly item: number;
  readonly v4: boolean;
  /** Prefix length in the family's own bits, or -1 for a bare address. */
  readonly length: number;
  readonly words: Readonly<AddressWords>;
}

function parseValue(text: string): AddressWords | undefined {
  if (!text.includes('/')) return tryParseAddress(text);
  try {
    return [...parsePrefix(text).words] as AddressWords;
  } catch {
    return undefined;
  }
}

function slotOf(value: unknown, row: number, column: string, item: number): Slot {
  const text = typeof value === 'string' ? value.trim() : '';
  const words = parseValue(text);
  if (words === undefined) throw new ERR_SHARING_NOT_ADDRESS(column, row);
  const slash = text.indexOf('/');
  const v4 = !(slash < 0 ? text : text.slice(0, slash)).includes(':');
  const length = slash < 0 ? -1 : Number(text.slice(slash + 1));
  return { row, column, item, v4, length, words };
}

function collect(rows: readonly Record<string, unknown>[], columns: readonly string[]): Slot[] {
  const slots: Slot[] = [];
  rows.forEach((r, i) => {
    for (const c of columns) {
      const v = r[c];
      if (v === null || v === undefined) continue;
      if (Array.isArray(v)) v.forEach((x: unknown, k) => slots.push(slotOf(x, i, c, k)));
      else slots.push(slotOf(v, i, c, -1));
    }
  });
  return slots;
}

/** Pseudonymises `columns` of every row for `partner`; other columns are copied unchanged. */
export function pseudonymiseDataset<R extends Record<string, unknown>>(rows: readonly R[], keyring: CryptoPanKeyring, options: PseudonymiseOptions): PseudonymisedDataset<R> {
  const key = keyring.current(options.partner, options.at);
  const slots = collect(rows, options.columns);
  const v4 = slots.filter((s) => s.v4);
  const v6 = slots.filter((s) => !s.v4);
  const in4 = Uint32Array.from(v4, (s) => s.words[3]);
  const out4 = new Uint32Array(in4.length);
  key.pan.anonymizeV4Batch(in4, out4);
  const in6 = new Uint32Array(v6.length * 4);
  v6.forEach((s, i) => in6.set(s.words, i * 4));
  const out6 = new Uint32Array(in6.length);
  key.pan.anonymizeV6Batch(in6, out6);

  const copies = rows.map((r) => {
    const c: Record<string, unknown> = { ...r };
    for (const col of options.columns) if (Array.isArray(c[col])) c[col] = [...(c[col] as unknown[])];
    return c;
  });
  const put = (s: Slot, text: string): void => {
    const target = copies[s.row]!;
    if (s.item < 0) target[s.column] = text;
    else (target[s.column] as unknown[])[s.item] = text;
  };
  v4.forEach((s, i) => {
    const a = s.length < 0 ? out4[i]! : maskWords([0, 0, 0xffff, out4[i]!], s.length + 96)[3];
    put(s, s.length < 0 ? formatIPv4(a) : `${formatIPv4(a)}/${s.length}`);
  });
  v6.forEach((s, i) => {
    const w = [out6[i * 4]!, out6[i * 4 + 1]!, out6[i * 4 + 2]!, out6[i * 4 + 3]!] as [number, number, number, number];
    const m = s.length < 0 ? w : maskWords(w, s.length);
    const text = formatIPv6Words(m[0], m[1], m[2], m[3]);
    put(s, s.length < 0 ? text : `${text}/${s.length}`);
  });
  return { rows: copies as R[], partner: options.partner, keyId: key.keyId, validFrom: key.validFrom, columns: [...options.columns] };
}
