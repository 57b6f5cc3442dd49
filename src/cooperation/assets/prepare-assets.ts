/**
 * Turns located inputs into the fields and identities to write, collecting every problem in
 * document order: validation, network references, and repeats of one asset within the document.
 */
import type { AssetFields } from './asset.js';
import { type NetworkResolver, identityOf } from './asset-writes.js';
import { ERR_ASSET_INVALID } from './errors.js';
import { type LocatedInput, type LocatedProblem, locate } from './located-input.js';
import { describeIdentity } from './product-identity.js';
import { type AssetProblem, inFieldOrder, type ValidationContext, validateAssetInput } from './validate-asset.js';

/** One input ready to write. */
export interface PreparedAsset {
  readonly at: LocatedInput;
  readonly fields: AssetFields;
  /** See `identityOf`. */
  readonly identity: string;
}

/** What {@link prepareAssets} found. */
export interface Prepared {
  readonly items: readonly PreparedAsset[];
  readonly problems: readonly LocatedProblem[];
  /** Inputs dropped as repeats of an earlier input (`repeats: 'merge'`). */
  readonly repeats: number;
}

/**
 * Validates every input and resolves its network. An input describing the same asset as an earlier
 * one is a problem with `repeats: 'refuse'` (a CSV row written twice is a mistake) and is dropped
 * with `repeats: 'merge'` (an SBOM lists one library under every component that uses it).
 */
export function prepareAssets(inputs: readonly LocatedInput[], ctx: ValidationContext, resolveNetwork: NetworkResolver, repeats: 'refuse' | 'merge'): Prepared {
  const items: PreparedAsset[] = [];
  const problems: LocatedProblem[] = [];
  const seen = new Map<string, LocatedInput>();
  let merged = 0;
  for (const at of inputs) {
    const r = validateAssetInput(at.input, ctx);
    const found: AssetProblem[] = r.ok ? [] : [...r.problems];
    // The network is resolved even when other fields are bad, so one refusal names every problem of the row.
    const ref = r.ok ? r.value.network : typeof at.input.network === 'string' && at.input.network.trim() !== '' ? at.input.network.trim() : null;
    const networkId = ref === null || found.some((p) => p.field === 'network') ? null : resolveNetwork(ref);
    if (networkId === undefined) {
      found.push({ field: 'network', kind: 'invalid', message: `${JSON.stringify(ref)} is neither the id nor the prefix of a protected network of this organization` });
    }
    if (!r.ok || networkId === undefined) {
      problems.push(...locate(at, inFieldOrder(found)));
      continue;
    }
    const { network: _, ...rest } = r.value;
    const fields: AssetFields = { ...rest, networkId };
    const identity = identityOf(fields);
    const first = seen.get(identity);
    if (first !== undefined) {
      if (repeats === 'merge') merged++;
      else problems.push({ where: at.where, error: ERR_ASSET_INVALID, message: `describes the same asset (${describeIdentity(fields)}) as ${first.where}` });
      continue;
    }
    seen.set(identity, at);
    items.push({ at, fields, identity });
  }
  return { items, problems, repeats: merged };
}
