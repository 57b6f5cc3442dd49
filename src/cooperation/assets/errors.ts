/**
 * Coded errors of the operators' asset register ("specified important computers"). Every refusal
 * leaves the register as it was: a write, and a whole import, either stores everything or nothing.
 *
 * `where` arguments name the place of the problem the way the caller wrote it: `field cpe` for a
 * single asset, `row 7, column addresses` for a CSV import, `component "pkg:npm/x@1" (components[3]),
 * purl` for a CycloneDX SBOM. When an import has several problems, the error names the first and
 * `details.problems` lists them all (`{ where, code, message }`).
 */
import { defineError } from '../../core/errors.js';

/** A field of an asset is malformed (length, characters, CPE, purl, address, enum, status/date mismatch). */
export const ERR_ASSET_INVALID = defineError<[string, string]>('SAKIMORI_ERR_ASSET_INVALID', 'invalid asset at %s: %s', 400);
/** The introduction date lies after today, or before the organisation existed (its designation date). */
export const ERR_ASSET_DATE = defineError<[string, string]>('SAKIMORI_ERR_ASSET_DATE', 'introduction date refused at %s: %s', 400);
/** No asset has this id. */
export const ERR_ASSET_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_ASSET_NOT_FOUND', 'no asset %s', 404);
/** The caller acts for one organisation and the asset (or the write) is for another. */
export const ERR_ASSET_WRONG_ORGANIZATION = defineError<[string, string]>('SAKIMORI_ERR_ASSET_WRONG_ORGANIZATION', 'the asset is of organization %s; the caller acts for organization %s', 403);
/** The organisation already registers an asset with the same identity (product and site). */
export const ERR_ASSET_DUPLICATE = defineError<[string, string]>('SAKIMORI_ERR_ASSET_DUPLICATE', 'the organization already registers this asset (%s) as %s', 409);
/** The asset changed between the caller's read and its write (another writer, or a stale revision). */
export const ERR_ASSET_CONFLICT = defineError<[string, string]>('SAKIMORI_ERR_ASSET_CONFLICT', 'asset %s changed meanwhile (%s); read it again and retry', 409);
/** The document is not a CycloneDX JSON SBOM this register reads (SPDX, XML, other JSON, bad structure). */
export const ERR_SBOM_INVALID = defineError<[string, string]>('SAKIMORI_ERR_SBOM_INVALID', 'not a usable CycloneDX JSON SBOM at %s: %s', 400);
/** The SBOM is over the byte, component or nesting limit. */
export const ERR_SBOM_TOO_LARGE = defineError<[string]>('SAKIMORI_ERR_SBOM_TOO_LARGE', 'SBOM refused: over the limit of %s', 413);
/** The CSV cannot be read as the asset table (syntax, encoding, header, field count). */
export const ERR_ASSET_CSV_INVALID = defineError<[string, string]>('SAKIMORI_ERR_ASSET_CSV_INVALID', 'invalid asset CSV at %s: %s', 400);
/** The CSV is over the byte or row limit. */
export const ERR_ASSET_CSV_TOO_LARGE = defineError<[string]>('SAKIMORI_ERR_ASSET_CSV_TOO_LARGE', 'asset CSV refused: over the limit of %s', 413);
/** The register's configuration cannot be used (an unknown time zone). */
export const ERR_ASSET_CONFIG = defineError<[string]>('SAKIMORI_ERR_ASSET_CONFIG', 'invalid asset register configuration: %s', 500);
