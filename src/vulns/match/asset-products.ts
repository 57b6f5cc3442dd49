/**
 * An operator's asset as matching sees it: the CPE names of its product (and of the platform it runs
 * on) and optionally a package URL, compiled once when the asset is put.
 */
import { type Failure, ok, type VulnsResult } from '../errors.js';
import { formatPurl, parsePurl } from '../purl/index.js';
import { type AssetCpe, compileAssetCpe } from './compiled-name.js';
import { type KeyInterner, purlKeyText } from './product-keys.js';
import { type CachedVersion, cachedVersion } from './version-cache.js';

/**
 * An asset's product identities.
 *
 * @example
 * ```ts
 * const camera: AssetProducts = {
 *   ref: 7,
 *   cpes: ['cpe:2.3:o:acme:cam_firmware:2.1.0:*:*:*:*:*:*:*', 'cpe:2.3:h:acme:cam_x1:-:*:*:*:*:*:*:*'],
 * };
 * ```
 */
export interface AssetProducts {
  /** Dense index the caller assigns (0, 1, 2…): findings name the asset by it. */
  readonly ref: number;
  /** CPE 2.3 formatted strings (2.2 URIs are read too): the product, and optionally the platform it runs on. */
  readonly cpes: readonly string[];
  /** A package URL, for software from a package ecosystem. */
  readonly purl?: string;
}

/** An asset's purl, compiled: its (type, namespace, name) key and its version. */
export interface AssetPurl {
  /** As the asset gave it. */
  readonly text: string;
  readonly key: number;
  /** The purl without version, qualifiers or subpath, for messages. */
  readonly package: string;
  readonly type: string;
  readonly version: CachedVersion | undefined;
}

/** An asset ready for matching. */
export interface CompiledAsset {
  readonly ref: number;
  readonly cpes: readonly AssetCpe[];
  readonly purl: AssetPurl | undefined;
}

/**
 * Compiles `asset`, refusing it whole when a name is malformed (`SAKIMORI_ERR_CPE_MALFORMED`, also for
 * a CPE name with wildcards) or its purl is (`SAKIMORI_ERR_PURL_MALFORMED`). A `ref` that is no
 * non-negative safe integer is a programming error and throws a `RangeError`.
 */
export function compileAsset(asset: AssetProducts, keys: KeyInterner): VulnsResult<CompiledAsset> {
  if (!Number.isSafeInteger(asset.ref) || asset.ref < 0) throw new RangeError(`an asset ref is a non-negative integer, not ${asset.ref}`);
  const cpes: AssetCpe[] = [];
  for (const text of asset.cpes) {
    const cpe = compileAssetCpe(text, keys);
    if (!cpe.ok) return cpe;
    cpes.push(cpe.value);
  }
  const purl = asset.purl === undefined ? undefined : compilePurl(asset.purl, keys);
  if (purl !== undefined && !purl.ok) return purl;
  return ok({ ref: asset.ref, cpes, purl: purl?.value });
}

function compilePurl(text: string, keys: KeyInterner): VulnsResult<AssetPurl> | Failure {
  const parsed = parsePurl(text, { lenient: true });
  if (!parsed.ok) return parsed;
  const { type, namespace, name, version } = parsed.value;
  return ok({
    text,
    key: keys.id(purlKeyText(type, namespace, name)),
    package: formatPurl({ type, namespace, name, version: null, qualifiers: null, subpath: null }),
    type,
    version: version === null ? undefined : cachedVersion(version),
  });
}

/** The keys an asset is filed under: its CPE names' products and fallback names, and its purl. */
export function assetKeys(asset: CompiledAsset): number[] {
  const keys = new Set<number>();
  for (const cpe of asset.cpes) {
    if (cpe.key >= 0) keys.add(cpe.key);
    if (cpe.nameKey >= 0) keys.add(cpe.nameKey);
  }
  if (asset.purl !== undefined) keys.add(asset.purl.key);
  return [...keys];
}
