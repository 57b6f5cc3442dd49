/**
 * Permissible Actions Protocol (PAP) marking definitions. STIX 2.1 defines none, so Sakimori defines
 * its own as statement markings with ids that anyone can re-derive and that never change.
 *
 * Id derivation: `marking-definition--` + UUIDv5(namespace, name), where the namespace is the uuid of
 * the MISP PAP taxonomy (`8d7472b0-8a76-5be9-bfe0-185cc9ca9c30`, MISP/misp-taxonomies PAP/machinetag.json)
 * and the name is the upper-case tag `PAP:CLEAR`, `PAP:GREEN`, `PAP:AMBER` or `PAP:RED` in UTF-8.
 * PAP:WHITE (the older name of PAP:CLEAR) maps to the PAP:CLEAR definition. The test recomputes the
 * four ids with SHA-1, so a typo here cannot survive.
 */
import type { MarkingDefinition } from './stix-object.js';

/** The PAP levels, least restrictive first. */
export const PAP_LEVELS = ['clear', 'green', 'amber', 'red'] as const;

/** One PAP level. */
export type PapLevel = (typeof PAP_LEVELS)[number];

/** UUIDv5 namespace of the PAP ids: the MISP PAP taxonomy's own uuid. */
export const PAP_ID_NAMESPACE = '8d7472b0-8a76-5be9-bfe0-185cc9ca9c30';

/** The fixed ids of Sakimori's PAP marking definitions (derivation in the module comment). */
export const PAP_IDS = {
  clear: 'marking-definition--98fa7c52-2512-522b-b9ef-b4ab46120123',
  green: 'marking-definition--979b160d-e4b0-577c-bd12-bb02c88d75d3',
  amber: 'marking-definition--b50b61a2-7542-5b97-8d60-d0ba94b324b4',
  red: 'marking-definition--feebe1e3-5a2d-5e1f-8670-ed5c66aa900e',
} as const satisfies Record<PapLevel, string>;

function papDefinition(level: PapLevel): MarkingDefinition {
  const name = `PAP:${level.toUpperCase()}`;
  return Object.freeze({
    type: 'marking-definition',
    spec_version: '2.1',
    id: PAP_IDS[level],
    created: '2026-01-01T00:00:00.000Z',
    name,
    definition_type: 'statement',
    definition: Object.freeze({ statement: name }),
  });
}

/**
 * The four PAP marking-definition objects, keyed by level.
 *
 * @example
 * ```ts
 * PAP_DEFINITIONS.red.id; // 'marking-definition--feebe1e3-5a2d-5e1f-8670-ed5c66aa900e'
 * ```
 */
export const PAP_DEFINITIONS: Readonly<Record<PapLevel, MarkingDefinition>> = Object.freeze({
  clear: papDefinition('clear'),
  green: papDefinition('green'),
  amber: papDefinition('amber'),
  red: papDefinition('red'),
});
