/**
 * The TLP marking definitions: TLP 2.0 as published by OASIS (cti-stix-common-objects,
 * extension-definition-specifications/tlp-2.0, extension
 * `extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d`), and the four TLP 1.0 definitions
 * built into STIX 2.1 (§7.2.1.4), accepted on input and read as their TLP 2.0 counterparts.
 */
import type { MarkingDefinition } from './stix-object.js';
import type { TlpLevel } from './tlp-level.js';

/** Id of the OASIS TLP 2.0 extension definition. */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** The fixed ids of the TLP 2.0 marking definitions (OASIS TLP 2.0 STIX publication). */
export const TLP2_IDS = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
} as const satisfies Record<TlpLevel, string>;

/** The fixed ids of the STIX 2.1 built-in TLP 1.0 marking definitions (§7.2.1.4). */
export const TLP1_IDS = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
} as const;

/** A TLP 1.0 colour. */
export type Tlp1Colour = keyof typeof TLP1_IDS;

/** The TLP 2.0 level a TLP 1.0 colour maps to: WHITE became CLEAR, the others kept their name. */
export const TLP1_TO_TLP2: Readonly<Record<Tlp1Colour, TlpLevel>> = { white: 'clear', green: 'green', amber: 'amber', red: 'red' };

function tlp2Definition(level: TlpLevel): MarkingDefinition {
  return Object.freeze({
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_IDS[level],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${level.toUpperCase()}`,
    extensions: Object.freeze({ [TLP2_EXTENSION_ID]: Object.freeze({ extension_type: 'property-extension', tlp_2_0: level }) }),
  });
}

function tlp1Definition(colour: Tlp1Colour): MarkingDefinition {
  return Object.freeze({
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP1_IDS[colour],
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: `TLP:${colour.toUpperCase()}`,
    definition: Object.freeze({ tlp: colour }),
  });
}

/**
 * The five TLP 2.0 marking-definition objects, keyed by level, exactly as OASIS publishes them.
 *
 * @example
 * ```ts
 * TLP2_DEFINITIONS['amber+strict'].name; // 'TLP:AMBER+STRICT'
 * ```
 */
export const TLP2_DEFINITIONS: Readonly<Record<TlpLevel, MarkingDefinition>> = Object.freeze({
  clear: tlp2Definition('clear'),
  green: tlp2Definition('green'),
  amber: tlp2Definition('amber'),
  'amber+strict': tlp2Definition('amber+strict'),
  red: tlp2Definition('red'),
});

/** The four STIX 2.1 TLP 1.0 marking-definition objects, keyed by colour. */
export const TLP1_DEFINITIONS: Readonly<Record<Tlp1Colour, MarkingDefinition>> = Object.freeze({
  white: tlp1Definition('white'),
  green: tlp1Definition('green'),
  amber: tlp1Definition('amber'),
  red: tlp1Definition('red'),
});
