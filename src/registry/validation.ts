/**
 * Validation of registry input from users (CLI, API): names, sectors, statuses, contacts and
 * prefixes. Pure; each check returns the normalised value or throws a coded registry error.
 */
import { isSakimoriError } from '../core/errors.js';
import { formatPrefix, parsePrefix, type Prefix } from '../core/ip.js';
import { DESIGNATION_STATUSES, SECTORS, isSector, type DesignationStatus, type Sector } from '../core/sectors.js';
import { ERR_REGISTRY_INVALID_CONTACT, ERR_REGISTRY_INVALID_NAME, ERR_REGISTRY_INVALID_PREFIX, ERR_REGISTRY_INVALID_SECTOR, ERR_REGISTRY_INVALID_STATUS } from './errors.js';

/** Longest organisation or network name accepted. */
export const MAX_NAME_LENGTH = 200;
/** Longest free-text description accepted. */
export const MAX_DESCRIPTION_LENGTH = 2000;

// Control characters (C0, DEL, C1) and bidi overrides would let a name print as something else.
const UNPRINTABLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** Trims a name and checks it is 1..200 printable characters. */
export function validateName(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ERR_REGISTRY_INVALID_NAME(what, 'must be text');
  const name = value.trim();
  if (name === '') throw new ERR_REGISTRY_INVALID_NAME(what, 'must not be empty');
  if (name.length > MAX_NAME_LENGTH) throw new ERR_REGISTRY_INVALID_NAME(what, `longer than ${MAX_NAME_LENGTH} characters`);
  if (UNPRINTABLE.test(name)) throw new ERR_REGISTRY_INVALID_NAME(what, 'contains control characters');
  return name;
}

/** Checks an optional name: null/undefined/blank become null. */
export function validateOptionalName(value: unknown, what: string): string | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  return validateName(value, what);
}

/** Checks an optional description (control characters allowed only as line breaks and tabs). */
export function validateDescription(value: unknown): string | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  if (typeof value !== 'string') throw new ERR_REGISTRY_INVALID_NAME('description', 'must be text');
  const text = value.trim();
  if (text.length > MAX_DESCRIPTION_LENGTH) throw new ERR_REGISTRY_INVALID_NAME('description', `longer than ${MAX_DESCRIPTION_LENGTH} characters`);
  if (UNPRINTABLE.test(text.replace(/[\n\t]/g, ' '))) throw new ERR_REGISTRY_INVALID_NAME('description', 'contains control characters');
  return text;
}

/** Checks a sector against the 15 designated sectors. */
export function validateSector(value: unknown): Sector {
  if (typeof value === 'string' && isSector(value)) return value;
  throw new ERR_REGISTRY_INVALID_SECTOR(JSON.stringify(value), SECTORS.join(', '));
}

/** Checks a designation status. */
export function validateStatus(value: unknown): DesignationStatus {
  if (typeof value === 'string' && (DESIGNATION_STATUSES as readonly string[]).includes(value)) return value as DesignationStatus;
  throw new ERR_REGISTRY_INVALID_STATUS(JSON.stringify(value), DESIGNATION_STATUSES.join(', '));
}

/** Optional contact e-mail: one `@`, no spaces, at most 254 characters (RFC 5321 §4.5.3.1.3). */
export function validateEmail(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' || value.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())) {
    throw new ERR_REGISTRY_INVALID_CONTACT('contact e-mail', `${JSON.stringify(value)} is not an e-mail address`);
  }
  return value.trim();
}

/** Optional contact phone: digits with `+ ( ) - . /` and spaces, 3..32 characters. */
export function validatePhone(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' || !/^\+?[0-9][0-9 ()./-]{1,30}[0-9]$/.test(value.trim())) {
    throw new ERR_REGISTRY_INVALID_CONTACT('contact phone', `${JSON.stringify(value)} is not a phone number`);
  }
  return value.trim();
}

/** A validated prefix with its canonical text and its range in the 128-bit space. */
export interface CheckedPrefix {
  readonly prefix: Prefix;
  /** Canonical text: `192.0.2.0/24`, `2001:db8::/32`. */
  readonly text: string;
  /** First and last address as 32 hex digits (see `ProtectedNetworksTable.range_start`). */
  readonly rangeStart: string;
  readonly rangeEnd: string;
}

function hexWords(words: readonly number[]): string {
  return words.map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
}

/** First and last address of `p` as 32 lower-case hex digits each; text order is address order. */
export function prefixRange(p: Prefix): { start: string; end: string } {
  const last = p.words.map((w, k) => {
    const bits = Math.max(0, Math.min(32, p.length - k * 32));
    const hostMask = bits === 32 ? 0 : bits === 0 ? 0xffffffff : 0xffffffff >>> bits;
    return (w | hostMask) >>> 0;
  });
  return { start: hexWords(p.words), end: hexWords(last) };
}

// ::ffff:0:0/96, the IPv4-mapped block (RFC 4291 §2.5.5.2); IPv4 networks live here internally.
const MAPPED_START = '00000000000000000000ffff00000000';
const MAPPED_END = '00000000000000000000ffffffffffff';

/**
 * Parses a protected-network prefix strictly (host bits must be zero) and canonicalises it.
 * IPv6 prefixes that touch the IPv4-mapped block are refused: written as IPv6 they would silently
 * alias IPv4 networks, so IPv4 networks must be written in dotted form.
 */
export function validatePrefix(value: unknown): CheckedPrefix {
  if (typeof value !== 'string') throw new ERR_REGISTRY_INVALID_PREFIX(JSON.stringify(value), 'must be text');
  let prefix: Prefix;
  try {
    prefix = parsePrefix(value.trim(), { strict: true });
  } catch (e) {
    if (!isSakimoriError(e)) throw e;
    // parsePrefix's message already names the text and the reason; keep only the reason.
    const reason = e.message.replace(/^invalid IP prefix "[^"]*": /, '');
    throw new ERR_REGISTRY_INVALID_PREFIX(JSON.stringify(value), reason, { cause: e });
  }
  const { start, end } = prefixRange(prefix);
  if (prefix.family === 6 && start <= MAPPED_END && end >= MAPPED_START) {
    throw new ERR_REGISTRY_INVALID_PREFIX(JSON.stringify(value), 'covers IPv4-mapped addresses (::ffff:0:0/96); write IPv4 networks in dotted form');
  }
  return { prefix, text: formatPrefix(prefix), rangeStart: start, rangeEnd: end };
}
