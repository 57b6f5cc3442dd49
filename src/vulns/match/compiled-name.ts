/**
 * CPE names compiled once for matching: a criterion's name (the source of NISTIR 7696 matching) and an
 * asset's name (the target), so that testing one against the other allocates nothing and skips the
 * attributes the index already compared.
 */
import { ANY, CPE_ATTRIBUTES, compareValues, parseCpe, unquote, type Wfn, type WfnValue } from '../cpe/index.js';
import { cpeFailure, type Failure, ok, type VulnsResult } from '../errors.js';
import { shortCpe } from './describe.js';
import { cpeKeyText, type KeyInterner, nameKeyText, normaliseProductName } from './product-keys.js';
import { type CachedVersion, cachedVersion } from './version-cache.js';

/** One attribute a criterion constrains (its value is not ANY). */
interface NameCheck {
  readonly attribute: number;
  /** The lowercase value when it is a plain string (no wildcard); the asset's must be equal. */
  readonly exact: string | undefined;
  readonly value: WfnValue;
}

/** A criterion's (or a statement's) CPE name, compiled. */
export interface CompiledName {
  readonly text: string;
  /** The text shortened for messages (see `shortCpe`). */
  readonly short: string;
  /** Id of its (part, vendor, product), or -1 when one of them is ANY or has a wildcard: then it is checked against every asset. */
  readonly key: number;
  /** `a`, `o` or `h`, or undefined for ANY. */
  readonly part: string | undefined;
  /** True when the version attribute is ANY: versions are then a matter of bounds, not of the name. */
  readonly anyVersion: boolean;
  /** The version the name pins, as its lowercase quoted value (like {@link AssetCpe.lower}), when it is a value without wildcards. */
  readonly exactVersion: string | undefined;
  /** The attributes to test: those after the product when `key` already says the first three agree. */
  readonly checks: readonly NameCheck[];
}

/** An asset's CPE name, compiled. */
export interface AssetCpe {
  /** As the asset gave it. */
  readonly text: string;
  /** The text shortened for messages (see `shortCpe`). */
  readonly short: string;
  readonly wfn: Wfn;
  /** Id of its (part, vendor, product), or -1 when one is ANY. */
  readonly key: number;
  /** Id of its normalised vendor and product names, for affected statements without CPE or purl; -1 when one is ANY or NA. */
  readonly nameKey: number;
  readonly part: string | undefined;
  /** Each attribute's value string in lowercase, undefined for ANY and NA. */
  readonly lower: readonly (string | undefined)[];
  /** The concrete version (unquoted), or undefined when it is ANY or NA: then no version bound can hold. */
  readonly version: CachedVersion | undefined;
  /** The product, unquoted, for messages. */
  readonly product: string;
}

const KEY_ATTRIBUTES = 3; // part, vendor, product

/** Compiles a criterion's CPE name; a malformed name gives the parser's error value. */
export function compileName(text: string, keys: KeyInterner): VulnsResult<CompiledName> {
  const parsed = parseCpe(text);
  if (!parsed.ok) return parsed;
  const wfn = parsed.value;
  const head = CPE_ATTRIBUTES.slice(0, KEY_ATTRIBUTES).map((a) => plainLower(wfn[a]));
  const [part, vendor, product] = head;
  const keyed = part !== undefined && vendor !== undefined && product !== undefined;
  const checks: NameCheck[] = [];
  for (let i = keyed ? KEY_ATTRIBUTES : 0; i < CPE_ATTRIBUTES.length; i++) {
    const value = wfn[CPE_ATTRIBUTES[i] as (typeof CPE_ATTRIBUTES)[number]];
    if (value.kind !== 'any') checks.push({ attribute: i, exact: plainLower(value), value });
  }
  return ok({
    text,
    short: shortCpe(text),
    key: keyed ? keys.id(cpeKeyText(part, vendor, product)) : -1,
    part: wfn.part.kind === 'string' ? wfn.part.value : undefined,
    anyVersion: wfn.version.kind === 'any',
    exactVersion: plainLower(wfn.version),
    checks,
  });
}

/**
 * Compiles an asset's CPE name. An asset names one product, so a wildcard is refused: NISTIR 7696
 * leaves a target with wildcards UNDEFINED (§6.1), which would silently never match.
 */
export function compileAssetCpe(text: string, keys: KeyInterner): VulnsResult<AssetCpe> {
  const parsed = parseCpe(text);
  if (!parsed.ok) return parsed;
  const wfn = parsed.value;
  const lower: (string | undefined)[] = [];
  for (const attribute of CPE_ATTRIBUTES) {
    const value = wfn[attribute];
    if (value.kind === 'string' && hasUnquotedWildcard(value.value)) return wildcardRefused(text, attribute);
    lower.push(value.kind === 'string' ? value.value.toLowerCase() : undefined);
  }
  const [part, vendor, product] = lower;
  const named = wfn.vendor.kind === 'string' && wfn.product.kind === 'string';
  return ok({
    text,
    short: shortCpe(text),
    wfn,
    key: part !== undefined && vendor !== undefined && product !== undefined ? keys.id(cpeKeyText(part, vendor, product)) : -1,
    nameKey: named ? keys.id(nameKeyText(normaliseProductName(unquote(wfn.vendor.value)), normaliseProductName(unquote(wfn.product.value)))) : -1,
    part,
    lower,
    version: wfn.version.kind === 'string' ? cachedVersion(unquote(wfn.version.value)) : undefined,
    product: wfn.product.kind === 'string' ? unquote(wfn.product.value) : '*',
  });
}

function wildcardRefused(text: string, attribute: string): Failure {
  return cpeFailure(`an asset names one product, so its CPE name has no wildcard (* or ?): ${text}`, { component: attribute });
}

/**
 * Whether the criterion `name` names the asset's `cpe`: NISTIR 7696 `CPE_SUPERSET` or `CPE_EQUAL`
 * (§7.2, §7.4) with the criterion as source, attribute by attribute, the ones `key` covers skipped
 * when the caller has compared keys.
 *
 * One deliberate difference: a value without wildcards names exactly that value, as Table 6-2 of
 * NISTIR 7696 says (equal strings EQUAL, others DISJOINT). The published `compareStrings`
 * pseudo-code, which `cpe/` transcribes exactly, lets each quoting backslash of the matched text
 * stand for one more character, so criterion version `2.4.1` would cover an asset's `2.4.15`; for
 * exposure that is a false finding on every exact-version criterion. Values with wildcards (rare in
 * NVD criteria) keep the transcribed comparison.
 */
export function covers(name: CompiledName, cpe: AssetCpe): boolean {
  for (const check of name.checks) {
    if (check.exact !== undefined) {
      if (cpe.lower[check.attribute] !== check.exact) return false;
      continue;
    }
    const relation = compareValues(check.value, cpe.wfn[CPE_ATTRIBUTES[check.attribute] as (typeof CPE_ATTRIBUTES)[number]] ?? ANY);
    if (relation !== 'SUPERSET' && relation !== 'EQUAL') return false;
  }
  return true;
}

/** The lowercase value string when `value` is a string without unquoted wildcards. */
function plainLower(value: WfnValue): string | undefined {
  return value.kind === 'string' && !hasUnquotedWildcard(value.value) ? value.value.toLowerCase() : undefined;
}

function hasUnquotedWildcard(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '*' || s[i] === '?') return true;
  }
  return false;
}

/** A cache of compiled criterion names by text: NVD repeats the same criteria across thousands of records. */
export class NameCache {
  readonly #names = new Map<string, VulnsResult<CompiledName>>();
  readonly #keys: KeyInterner;

  constructor(keys: KeyInterner) {
    this.#keys = keys;
  }

  /** The compiled name of `text`, or the parser's error value. */
  get(text: string): VulnsResult<CompiledName> {
    let name = this.#names.get(text);
    if (name === undefined) {
      name = compileName(text, this.#keys);
      this.#names.set(text, name);
    }
    return name;
  }
}
