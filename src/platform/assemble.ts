/**
 * Assembles what the parts declare in their descriptors: one list of migrations, one map of
 * configuration sections, one set of retention targets, one catalogue of bus subjects. Each
 * function refuses a clash (two parts claiming one section, subject or table) at start, naming
 * both parts, instead of letting one silently replace the other.
 */
import type { PartDescriptor } from '../core/part.js';
import type { RetentionTarget } from '../core/retention-target.js';
import { ERR_PLATFORM_PART_CLASH } from './errors.js';

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The configuration sections of parts `P`, merged into one object type. */
export type SectionsOf<P extends readonly PartDescriptor[]> = UnionToIntersection<{ [K in keyof P]: P[K] extends { readonly config: infer C } ? C : never }[number]>;

/** The bus subjects of parts `P`, merged into one catalogue type. */
export type SubjectsOf<P extends readonly PartDescriptor[]> = UnionToIntersection<{ [K in keyof P]: P[K] extends { readonly subjects: infer S } ? S : never }[number]>;

function merge<P extends readonly PartDescriptor[]>(parts: P, what: string, pick: (p: PartDescriptor) => Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const owner = new Map<string, string>();
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(pick(part) ?? {})) {
      const other = owner.get(key);
      if (other !== undefined) throw new ERR_PLATFORM_PART_CLASH(what, key, other, part.name);
      owner.set(key, part.name);
      out[key] = value;
    }
  }
  return out;
}

/** The configuration sections of every part, keyed by their name in the configuration file. */
export function configSections<const P extends readonly PartDescriptor[]>(parts: P): SectionsOf<P> {
  // The runtime merge builds exactly the keys and schemas SectionsOf<P> names.
  return merge(parts, 'configuration section', (p) => p.config) as SectionsOf<P>;
}

/** Every part's bus subjects, as one catalogue. */
export function subjectCatalogue<const P extends readonly PartDescriptor[]>(parts: P): SubjectsOf<P> {
  return Object.freeze(merge(parts, 'bus subject', (p) => p.subjects)) as SubjectsOf<P>;
}

/** Every part's retention targets, each table once. */
export function retentionTargets(parts: readonly PartDescriptor[]): readonly RetentionTarget[] {
  return Object.values(merge(parts, 'retention table', (p) => Object.fromEntries((p.retention ?? []).map((t) => [t.table, t])))) as RetentionTarget[];
}
