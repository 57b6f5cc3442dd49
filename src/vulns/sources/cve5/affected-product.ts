/**
 * One CVE 5 `affected[i]` product statement normalised into an {@link AffectedProduct}: its names,
 * CPEs (2.2 or 2.3, as the schema allows) as CPE 2.3 formatted strings, a purl where the package
 * collection is a known ecosystem, and its versions unfolded into ranges.
 */
import { normaliseCpe } from '../../cpe/index.js';
import type { AffectedProduct } from '../../record.js';
import { at, compact, fail, object, oneOf, optList, optText, text } from '../nvd/json-shape.js';
import { collectionPurl } from './collection-purl.js';
import { type UnfoldedVersions, unfoldVersions } from './version-entries.js';

const STATUSES = ['affected', 'unaffected', 'unknown'] as const;
// A product may give only `defaultStatus`: every version then has that status.
const NO_VERSIONS: UnfoldedVersions = { affected: [], unaffected: [], text: [] };

/**
 * Reads one product of an `affected` list at `path`. The schema names a product by `vendor` and
 * `product` or by `collectionURL` and `packageName` (or both), and requires `versions` or
 * `defaultStatus`; an absent `defaultStatus` is `unknown`. A product named by its package only gets
 * an empty `vendor` and its package name as `product`.
 */
export function readAffectedProduct(v: unknown, path: string): AffectedProduct {
  const p = object(v, path);
  const vendor = optText(p.vendor, at(path, 'vendor'));
  const product = optText(p.product, at(path, 'product'));
  const collectionURL = optText(p.collectionURL, at(path, 'collectionURL'));
  const packageName = optText(p.packageName, at(path, 'packageName'));
  if ((vendor === undefined || product === undefined) && (collectionURL === undefined || packageName === undefined)) {
    fail(path, 'a product is named by vendor and product, or by collectionURL and packageName');
  }
  if (p.versions === undefined && p.defaultStatus === undefined) fail(path, 'versions or defaultStatus is required');
  const cpes = readCpes(p.cpes, at(path, 'cpes'));
  const versions = p.versions === undefined ? NO_VERSIONS : unfoldVersions(p.versions, at(path, 'versions'));
  const versionText = [...cpes.text, ...versions.text];
  return compact({
    vendor: vendor ?? '',
    product: product ?? packageName ?? '',
    cpes: cpes.names,
    purl: collectionURL === undefined || packageName === undefined ? undefined : collectionPurl(collectionURL, packageName),
    defaultStatus: p.defaultStatus === undefined ? 'unknown' : oneOf(p.defaultStatus, at(path, 'defaultStatus'), STATUSES),
    affected: versions.affected,
    unaffected: versions.unaffected,
    versionType: versions.versionType,
    versionText: versionText.length === 0 ? undefined : versionText,
  });
}

/**
 * The product's CPEs as CPE 2.3 formatted strings, each once. A CPE the CNA wrote wrongly is the
 * CNA's slip, not a reason to lose the record: it is dropped and its text kept for a person.
 */
function readCpes(v: unknown, path: string): { names: string[]; text: string[] } {
  const names = new Set<string>();
  const notes: string[] = [];
  optList(v, path).forEach((c, i) => {
    const written = text(c, at(path, i));
    const cpe = normaliseCpe(written);
    if (cpe.ok) names.add(cpe.value);
    else notes.push(`CPE ${written} [dropped: ${cpe.error.message}]`);
  });
  return { names: [...names], text: notes };
}
