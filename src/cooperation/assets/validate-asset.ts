/**
 * Validation of untrusted asset input (API bodies, CSV rows, SBOM components). Pure: every check
 * returns the normal form or a problem naming the field, and all problems of one input are
 * reported together so an import can list them row by row.
 */
import { formatAddress, formatPrefix, parsePrefix, tryParseAddress } from '../../core/ip.js';
import { ASSET_ROLES, ASSET_STATUSES, type AssetFields, type AssetRole, type AssetStatus } from './asset.js';
import { parseCalendarDay } from './calendar-day.js';
import type { ProductIdentity } from './product-identity.js';

/** Longest vendor, product and site accepted (characters). */
export const MAX_NAME_LENGTH = 200;
/** Longest version accepted (characters). */
export const MAX_VERSION_LENGTH = 100;
/** Longest CPE or purl read (characters); a longer text is refused before it is parsed. */
export const MAX_IDENTIFIER_LENGTH = 1024;
/** Most addresses and prefixes of one asset. */
export const MAX_ADDRESSES = 256;

/**
 * Untrusted input of one asset. Blank text counts as absent. `network` is a protected network of
 * the organisation, by id or by its prefix; `addresses` is a list, or one text separated by
 * spaces, semicolons or commas.
 */
export interface AssetInput {
  readonly vendor?: unknown;
  readonly product?: unknown;
  readonly version?: unknown;
  readonly cpe?: unknown;
  readonly purl?: unknown;
  readonly role?: unknown;
  readonly site?: unknown;
  readonly network?: unknown;
  readonly addresses?: unknown;
  readonly introducedOn?: unknown;
  readonly status?: unknown;
}

/** A field of {@link AssetInput}. */
export type AssetInputField = keyof AssetInput;

/** Why one field of one input is refused; `date` problems become `SAKIMORI_ERR_ASSET_DATE`. */
export interface AssetProblem {
  readonly field: AssetInputField;
  readonly kind: 'invalid' | 'date';
  readonly message: string;
}

/** A valid asset whose network reference is not resolved yet (the store does that). */
export type AssetDraft = Omit<AssetFields, 'networkId'> & { readonly network: string | null };

/** What validation needs besides the input. */
export interface ValidationContext {
  readonly products: ProductIdentity;
  /** Today in the register's calendar (`YYYY-MM-DD`). */
  readonly today: string;
  /** The day the organisation exists from; null when the caller gives none. */
  readonly organizationSince: string | null;
  /** Check `introducedOn` against today and `organizationSince` (false for patches that leave it and the status alone). */
  readonly checkDates: boolean;
}

/** The outcome of {@link validateAssetInput}. */
export type AssetValidation = { readonly ok: true; readonly value: AssetDraft } | { readonly ok: false; readonly problems: readonly AssetProblem[] };

// Control characters (C0, DEL, C1) and bidi overrides would let a name print as something else.
const UNPRINTABLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

class Checker {
  readonly problems: AssetProblem[] = [];

  fail(field: AssetInputField, message: string, kind: AssetProblem['kind'] = 'invalid'): null {
    this.problems.push({ field, kind, message });
    return null;
  }

  text(field: AssetInputField, v: unknown, max: number): string | null {
    if (isBlank(v)) return null;
    if (typeof v !== 'string') return this.fail(field, 'must be text');
    // A line break typed inside a spreadsheet cell reads as a space; other control characters are refused.
    const s = v.replace(/\s*[\r\n\t]+\s*/g, ' ').trim();
    if (s.length > max) return this.fail(field, `longer than ${max} characters`);
    if (UNPRINTABLE.test(s)) return this.fail(field, 'contains control characters');
    return s;
  }

  oneOf<T extends string>(field: AssetInputField, v: unknown, allowed: readonly T[], fallback: T): T {
    if (isBlank(v)) return fallback;
    const s = typeof v === 'string' ? v.trim().toLowerCase() : v;
    if (typeof s === 'string' && (allowed as readonly string[]).includes(s)) return s as T;
    this.fail(field, `${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
    return fallback;
  }

  identifier(field: 'cpe' | 'purl', v: unknown, normalise: (text: string) => ReturnType<ProductIdentity['normaliseCpe']>): string | null {
    const s = this.text(field, v, MAX_IDENTIFIER_LENGTH);
    if (s === null) return null;
    const r = normalise(s);
    return r.ok ? r.value : this.fail(field, `${JSON.stringify(s)}: ${r.error.message} (${r.error.code})`);
  }

  addresses(v: unknown): string[] {
    if (isBlank(v)) return [];
    const items = typeof v === 'string' ? v.split(/[\s;,]+/).filter((s) => s !== '') : v;
    if (!Array.isArray(items) || items.some((a) => typeof a !== 'string')) {
      this.fail('addresses', 'must be a list of IP addresses or prefixes');
      return [];
    }
    const out = new Set<string>();
    for (const item of items as string[]) {
      const canonical = canonicalAddress(item.trim());
      if (canonical === undefined) this.fail('addresses', `${JSON.stringify(item)} is not an IP address or a prefix without host bits`);
      else out.add(canonical);
    }
    if (out.size > MAX_ADDRESSES) this.fail('addresses', `more than ${MAX_ADDRESSES} addresses`);
    return [...out];
  }
}

/** `192.0.2.10` → itself, `2001:DB8::1` → `2001:db8::1`, `192.0.2.0/24` → itself; undefined when invalid. */
export function canonicalAddress(text: string): string | undefined {
  if (!text.includes('/')) {
    const w = tryParseAddress(text);
    return w === undefined ? undefined : formatAddress(...w);
  }
  try {
    return formatPrefix(parsePrefix(text, { strict: true }));
  } catch {
    return undefined;
  }
}

function checkDay(c: Checker, v: unknown, status: AssetStatus, ctx: ValidationContext): string | null {
  if (isBlank(v)) {
    if (status !== 'planned') c.fail('introducedOn', `required for an asset ${status === 'retired' ? 'that was in service' : 'in service'} (YYYY-MM-DD)`);
    return null;
  }
  const day = typeof v === 'string' ? parseCalendarDay(v) : undefined;
  if (day === undefined) return c.fail('introducedOn', `${JSON.stringify(v)} is not a date (YYYY-MM-DD)`);
  if (status === 'planned') return c.fail('introducedOn', 'a planned asset has no introduction date yet: leave it empty, or set the status to in-service');
  if (!ctx.checkDates) return day;
  // Text comparison is date comparison for YYYY-MM-DD.
  if (day > ctx.today) return c.fail('introducedOn', `${day} is after today (${ctx.today})`, 'date');
  if (ctx.organizationSince !== null && day < ctx.organizationSince) {
    return c.fail('introducedOn', `${day} is before the organization existed (${ctx.organizationSince})`, 'date');
  }
  return day;
}

/**
 * Validates one asset's input, normalising CPE and purl with the injected functions, addresses
 * with `core/ip`, and dates as calendar days. `role` defaults to `other`, `status` to `in-service`.
 *
 * @example
 * ```ts
 * const r = validateAssetInput({ vendor: 'Fortinet', product: 'FortiGate 60F', version: '7.0.12', role: 'vpn-gateway', introducedOn: '2025-04-01' }, ctx);
 * if (!r.ok) console.log(r.problems); // [{ field: 'introducedOn', kind: 'date', message: '…' }]
 * ```
 */
export function validateAssetInput(input: AssetInput, ctx: ValidationContext): AssetValidation {
  const c = new Checker();
  const status = c.oneOf<AssetStatus>('status', input.status, ASSET_STATUSES, 'in-service');
  const draft: AssetDraft = {
    vendor: c.text('vendor', input.vendor, MAX_NAME_LENGTH),
    product: c.text('product', input.product, MAX_NAME_LENGTH),
    version: c.text('version', input.version, MAX_VERSION_LENGTH),
    cpe: c.identifier('cpe', input.cpe, ctx.products.normaliseCpe),
    purl: c.identifier('purl', input.purl, ctx.products.canonicalisePurl),
    role: c.oneOf<AssetRole>('role', input.role, ASSET_ROLES, 'other'),
    site: c.text('site', input.site, MAX_NAME_LENGTH),
    network: c.text('network', input.network, MAX_NAME_LENGTH),
    addresses: c.addresses(input.addresses),
    introducedOn: checkDay(c, input.introducedOn, status, ctx),
    status,
  };
  if (isBlank(input.product) && isBlank(input.cpe) && isBlank(input.purl)) c.fail('product', 'give a product name, a cpe or a purl');
  return c.problems.length === 0 ? { ok: true, value: draft } : { ok: false, problems: inFieldOrder(c.problems) };
}

const FIELD_ORDER: readonly AssetInputField[] = ['vendor', 'product', 'version', 'cpe', 'purl', 'role', 'site', 'network', 'addresses', 'introducedOn', 'status'];

/** Problems sorted by field, in the order of the CSV columns (stable within a field). */
export function inFieldOrder(problems: readonly AssetProblem[]): AssetProblem[] {
  return [...problems].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
}
