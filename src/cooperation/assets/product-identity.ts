/**
 * How an asset names its product, and how the register recognises the same asset again. Pure.
 *
 * CPE and purl checking belongs to `vulns/` (`vulns/cpe`, `vulns/purl`): the register stores the
 * normal forms `vulns/` produces, so the names it matches vulnerabilities against are the names
 * stored here. The functions are a dependency of the store ({@link VULNS_PRODUCT_IDENTITY} by
 * default).
 */
import { normaliseCpe } from '../../vulns/cpe/index.js';
import { normalisePurl } from '../../vulns/purl/index.js';

/**
 * What a normaliser answers: the normal form, or a coded error saying why the text is not one (the
 * shape of `vulns/`' results, whose error is a `SakimoriError`).
 */
export type NormaliseResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/** Checks a CPE (2.2 URI or 2.3 formatted string) and returns its CPE 2.3 formatted string. */
export type CpeNormaliser = (text: string) => NormaliseResult;

/** Checks a package URL and returns its canonical form. */
export type PurlNormaliser = (text: string) => NormaliseResult;

/** The product-identity functions the register needs. */
export interface ProductIdentity {
  readonly normaliseCpe: CpeNormaliser;
  readonly canonicalisePurl: PurlNormaliser;
}

/**
 * The `vulns/` functions: CPE 2.2 URIs and 2.3 formatted strings to the 2.3 formatted string, and
 * purls to their canonical form — leniently, so the faults SBOM tools commonly make (an unencoded
 * npm scope `@`, upper-case qualifier keys) are repaired as the purl test suite recommends rather
 * than refused.
 */
export const VULNS_PRODUCT_IDENTITY: ProductIdentity = Object.freeze({
  normaliseCpe,
  canonicalisePurl: (text: string) => normalisePurl(text, { lenient: true }),
});

/** What {@link assetIdentityKey} reads. */
export interface IdentityFields {
  readonly cpe: string | null;
  readonly purl: string | null;
  readonly vendor: string | null;
  readonly product: string | null;
  readonly version: string | null;
  readonly site: string | null;
}

/** Free text compared the way a reader would: Unicode NFKC, case-folded, runs of spaces as one. */
function fold(text: string | null): string {
  return text === null ? '' : text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The key under which an organisation registers an asset once: the product — its purl when it has
 * one, else its CPE, else vendor, product and version as free text — at a site. Importing the same
 * SBOM or CSV twice therefore finds every asset again instead of adding it twice; the same product
 * at two sites is two assets; a new version is a new asset (the regime notifies product and
 * version). purl comes first because an SBOM component usually carries one, and a purl names one
 * package precisely where a CPE often names a whole product line.
 *
 * @example
 * ```ts
 * assetIdentityKey({ purl: null, cpe: 'cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*', vendor: 'Fortinet', product: 'FortiOS', version: '7.0.12', site: 'Tokyo DC' });
 * // 'cpe\u0000cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*\u0000tokyo dc'
 * ```
 */
export function assetIdentityKey(f: IdentityFields): string {
  const site = fold(f.site);
  if (f.purl !== null) return `purl\u0000${f.purl}\u0000${site}`;
  if (f.cpe !== null) return `cpe\u0000${f.cpe}\u0000${site}`;
  return `name\u0000${fold(f.vendor)}\u0000${fold(f.product)}\u0000${fold(f.version)}\u0000${site}`;
}

/** A short human-readable name of the identity, for messages (`purl pkg:npm/x@1`, `Fortinet FortiOS 7.0.12 at Tokyo DC`). */
export function describeIdentity(f: IdentityFields): string {
  const at = f.site === null ? '' : ` at ${f.site}`;
  if (f.purl !== null) return `purl ${f.purl}${at}`;
  if (f.cpe !== null) return `cpe ${f.cpe}${at}`;
  return `${[f.vendor, f.product, f.version].filter((s) => s !== null).join(' ')}${at}`;
}
