/**
 * Resolves marking refs to what they mean for release: a TLP level, a PAP level, another marking
 * (a statement: no sharing limit of its own), or unknown — which every caller treats as a denial.
 *
 * Security invariant: a built-in id always means its built-in level. A supplied custom definition that
 * reuses a built-in id (say, the TLP:RED id with `tlp_2_0: "clear"`) is ignored, so nobody can
 * downgrade a marking by shipping their own definition of it. A custom definition that claims a TLP or
 * PAP level it does not spell correctly resolves to `unknown` rather than to "no restriction".
 */
import { PAP_DEFINITIONS, PAP_LEVELS, type PapLevel } from './pap-definitions.js';
import { isJsonObject, type MarkingDefinition } from './stix-object.js';
import { TLP1_DEFINITIONS, TLP1_TO_TLP2, TLP2_DEFINITIONS, TLP2_EXTENSION_ID, type Tlp1Colour } from './tlp-definitions.js';
import { isTlpLevel, TLP_LEVELS, type TlpLevel } from './tlp-level.js';

/** What a marking ref means. */
export type ResolvedMarking =
  | { readonly kind: 'tlp'; readonly level: TlpLevel; readonly definition: MarkingDefinition }
  | { readonly kind: 'pap'; readonly level: PapLevel; readonly definition: MarkingDefinition }
  | { readonly kind: 'other'; readonly definition: MarkingDefinition }
  | { readonly kind: 'unknown'; readonly ref: string };

/** Resolves marking refs against the built-in definitions and a set of custom ones. */
export interface MarkingCatalogue {
  /** What `ref` means; `unknown` when it is neither built in nor supplied. */
  resolve(ref: string): ResolvedMarking;
}

/** Reads a TLP value as written in tags and definitions (`white`, `TLP:Amber+Strict`…); WHITE is CLEAR. */
export function parseTlpValue(value: string): TlpLevel | undefined {
  const v = value
    .trim()
    .toLowerCase()
    .replace(/^tlp\s*:\s*/, '');
  const level = v === 'white' ? 'clear' : v;
  return isTlpLevel(level) ? level : undefined;
}

/** Reads a PAP value (`RED`, `pap:white`…); WHITE is CLEAR. */
export function parsePapValue(value: string): PapLevel | undefined {
  const v = value
    .trim()
    .toLowerCase()
    .replace(/^pap\s*:\s*/, '');
  const level = v === 'white' ? 'clear' : v;
  return (PAP_LEVELS as readonly string[]).includes(level) ? (level as PapLevel) : undefined;
}

const BUILT_IN: ReadonlyMap<string, ResolvedMarking> = new Map<string, ResolvedMarking>([
  ...TLP_LEVELS.map((level) => [TLP2_DEFINITIONS[level].id, { kind: 'tlp', level, definition: TLP2_DEFINITIONS[level] }] as const),
  ...(Object.keys(TLP1_DEFINITIONS) as Tlp1Colour[]).map((c) => [TLP1_DEFINITIONS[c].id, { kind: 'tlp', level: TLP1_TO_TLP2[c], definition: TLP1_DEFINITIONS[c] }] as const),
  ...PAP_LEVELS.map((level) => [PAP_DEFINITIONS[level].id, { kind: 'pap', level, definition: PAP_DEFINITIONS[level] }] as const),
]);

/** True when `ref` is one of the built-in TLP 2.0, TLP 1.0 or PAP definitions. */
export function isBuiltInMarking(ref: string): boolean {
  return BUILT_IN.has(ref);
}

const TLP_CLAIM = /^\s*tlp\s*:/i;
const PAP_CLAIM = /^\s*pap\s*:/i;

/** Classifies a custom definition; one that claims TLP or PAP but cannot be read is `unknown`. */
function classify(def: MarkingDefinition): ResolvedMarking {
  const unknown = { kind: 'unknown', ref: def.id } as const;
  const ext = isJsonObject(def.extensions) ? def.extensions[TLP2_EXTENSION_ID] : undefined;
  const type = typeof def.definition_type === 'string' ? def.definition_type.toLowerCase() : '';
  const name = typeof def.name === 'string' ? def.name : '';
  const statement = isJsonObject(def.definition) && typeof def.definition.statement === 'string' ? def.definition.statement : '';
  if (ext !== undefined) {
    const level = isJsonObject(ext) && typeof ext.tlp_2_0 === 'string' ? parseTlpValue(ext.tlp_2_0) : undefined;
    return level === undefined ? unknown : { kind: 'tlp', level, definition: def };
  }
  if (type === 'tlp' || TLP_CLAIM.test(name) || TLP_CLAIM.test(statement)) {
    const raw = isJsonObject(def.definition) && typeof def.definition.tlp === 'string' ? def.definition.tlp : TLP_CLAIM.test(name) ? name : statement;
    const level = parseTlpValue(typeof def.definition === 'string' ? def.definition : raw);
    return level === undefined ? unknown : { kind: 'tlp', level, definition: def };
  }
  if (type === 'pap' || PAP_CLAIM.test(name) || PAP_CLAIM.test(statement)) {
    const raw = typeof def.definition === 'string' ? def.definition : PAP_CLAIM.test(name) ? name : statement;
    const level = parsePapValue(raw);
    return level === undefined ? unknown : { kind: 'pap', level, definition: def };
  }
  return { kind: 'other', definition: def };
}

/**
 * Builds a catalogue of the built-in definitions plus `custom` ones (statement markings and any other
 * marking definitions the deployment accepts).
 *
 * @example
 * ```ts
 * const catalogue = createMarkingCatalogue([copyrightStatement]);
 * catalogue.resolve('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'); // { kind: 'tlp', level: 'red', … }
 * catalogue.resolve('marking-definition--00000000-0000-4000-8000-000000000000'); // { kind: 'unknown', … }
 * ```
 */
export function createMarkingCatalogue(custom: readonly MarkingDefinition[] = []): MarkingCatalogue {
  const supplied = new Map<string, ResolvedMarking>();
  for (const def of custom) {
    if (def.type !== 'marking-definition' || typeof def.id !== 'string' || BUILT_IN.has(def.id)) continue;
    supplied.set(def.id, classify(def));
  }
  return {
    resolve(ref: string): ResolvedMarking {
      return BUILT_IN.get(ref) ?? supplied.get(ref) ?? { kind: 'unknown', ref };
    },
  };
}

/** The catalogue of built-in definitions only. */
export const BUILT_IN_CATALOGUE: MarkingCatalogue = createMarkingCatalogue();
