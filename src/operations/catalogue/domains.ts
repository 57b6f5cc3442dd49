/**
 * Domain names for the RPZ sinkhole: lower-case LDH labels (IDNs in their `xn--` form), no
 * trailing dot, no wildcard (the policy's `includeSubdomains` adds it), at most 253 octets.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { ERR_OPERATIONS_INVALID_DOMAIN } from '../errors.js';

// RFC 1035 §2.3.1 preferred syntax, relaxed by RFC 1123 §2.1 (labels may start with a digit);
// underscores are allowed because malware C2 names use them and DNS itself does not forbid them.
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * Normalises a domain name; throws {@link ERR_OPERATIONS_INVALID_DOMAIN} naming the problem.
 * Single-label names (top-level domains) are refused: sinkholing a TLD is never proportionate.
 */
export function normaliseDomain(input: unknown, where: string): string {
  if (typeof input !== 'string') throw new ERR_OPERATIONS_INVALID_DOMAIN(JSON.stringify(input), `${where}: expected a string`);
  const d = input.trim().toLowerCase().replace(/\.$/, '');
  if (d.length === 0 || d.length > 253) throw new ERR_OPERATIONS_INVALID_DOMAIN(JSON.stringify(input), `${where}: must be 1–253 characters`);
  const labels = d.split('.');
  if (labels.length < 2) throw new ERR_OPERATIONS_INVALID_DOMAIN(JSON.stringify(input), `${where}: a top-level domain cannot be sinkholed`);
  for (const l of labels) {
    if (!LABEL.test(l)) throw new ERR_OPERATIONS_INVALID_DOMAIN(JSON.stringify(input), `${where}: label ${JSON.stringify(l)} is not a valid DNS label (letters, digits, hyphen; IDNs as xn--)`);
  }
  return d;
}

/** True when `domain` is `parent` or one of its subdomains. */
export function isSubdomainOf(domain: string, parent: string): boolean {
  return domain === parent || domain.endsWith(`.${parent}`);
}
