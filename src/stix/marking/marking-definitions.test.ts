import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import { BUILT_IN_CATALOGUE, createMarkingCatalogue, PAP_DEFINITIONS, PAP_ID_NAMESPACE, PAP_IDS, TLP1_DEFINITIONS, TLP2_DEFINITIONS, TLP2_EXTENSION_ID } from './index.js';

/** UUIDv5 (RFC 9562 §5.5), written out here to check the PAP ids independently. */
function uuidv5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

describe('TLP 2.0 marking definitions', () => {
  // As published by OASIS in cti-stix-common-objects, extension-definition-specifications/tlp-2.0/examples.
  const published = [
    ['clear', 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', 'TLP:CLEAR'],
    ['green', 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'TLP:GREEN'],
    ['amber', 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'TLP:AMBER'],
    ['amber+strict', 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', 'TLP:AMBER+STRICT'],
    ['red', 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', 'TLP:RED'],
  ] as const;
  it.each(published)('%s is the OASIS object', (level, id, name) => {
    expect(TLP2_DEFINITIONS[level]).toEqual({
      type: 'marking-definition',
      spec_version: '2.1',
      id,
      created: '2022-10-01T00:00:00.000Z',
      name,
      extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level } },
    });
    expect(BUILT_IN_CATALOGUE.resolve(id)).toMatchObject({ kind: 'tlp', level });
  });

  it('reads the STIX 2.1 TLP 1.0 definitions as TLP 2.0, WHITE as CLEAR', () => {
    const levels = Object.values(TLP1_DEFINITIONS).map((d) => [d.name, BUILT_IN_CATALOGUE.resolve(d.id)]);
    expect(levels.map(([name, r]) => [name, (r as { level: string }).level])).toEqual([
      ['TLP:WHITE', 'clear'],
      ['TLP:GREEN', 'green'],
      ['TLP:AMBER', 'amber'],
      ['TLP:RED', 'red'],
    ]);
  });

  it('does not let a custom definition redefine a built-in id', () => {
    const forged = { ...TLP2_DEFINITIONS.clear, id: TLP2_DEFINITIONS.red.id };
    expect(createMarkingCatalogue([forged]).resolve(TLP2_DEFINITIONS.red.id)).toMatchObject({ kind: 'tlp', level: 'red' });
  });

  it('reads a custom definition that claims TLP by its claim, and an unreadable claim as unknown', () => {
    const base = { type: 'marking-definition', spec_version: '2.1', created: '2024-01-01T00:00:00.000Z' } as const;
    const catalogue = createMarkingCatalogue([
      { ...base, id: 'marking-definition--00000000-0000-4000-8000-000000000001', definition_type: 'TLP', name: 'TLP:AMBER+STRICT' },
      { ...base, id: 'marking-definition--00000000-0000-4000-8000-000000000002', name: 'TLP:RED' },
      { ...base, id: 'marking-definition--00000000-0000-4000-8000-000000000003', extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: 'purple' } } },
      { ...base, id: 'marking-definition--00000000-0000-4000-8000-000000000004', definition_type: 'statement', definition: { statement: 'Copyright 2026' } },
      { ...base, id: 'marking-definition--00000000-0000-4000-8000-000000000005', definition_type: 'PAP', name: 'PAP:RED' },
    ]);
    expect([1, 2, 3, 4, 5].map((n) => catalogue.resolve(`marking-definition--00000000-0000-4000-8000-00000000000${n}`).kind)).toEqual(['tlp', 'tlp', 'unknown', 'other', 'pap']);
    expect(catalogue.resolve('marking-definition--00000000-0000-4000-8000-000000000001')).toMatchObject({ level: 'amber+strict' });
  });
});

describe('PAP marking definitions', () => {
  it.each(['clear', 'green', 'amber', 'red'] as const)('PAP:%s has the UUIDv5 id derived from the MISP PAP taxonomy', (level) => {
    const name = `PAP:${level.toUpperCase()}`;
    expect(PAP_IDS[level]).toBe(`marking-definition--${uuidv5(PAP_ID_NAMESPACE, name)}`);
    expect(PAP_DEFINITIONS[level]).toMatchObject({ type: 'marking-definition', spec_version: '2.1', name, definition_type: 'statement', definition: { statement: name } });
    expect(BUILT_IN_CATALOGUE.resolve(PAP_IDS[level])).toMatchObject({ kind: 'pap', level });
  });

  it('derives ids with a correct UUIDv5 (RFC 9562 test vector: DNS namespace, www.example.com)', () => {
    expect(uuidv5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describeExternal('TLP 1.0 definitions against the OASIS documentation example', missingFixtures(), () => {
  it('the built-in TLP:AMBER equals the one in using-marking-definitions.json', () => {
    const bundle = JSON.parse(readFileSync(sharedFixture('stix', 'conformance', 'documentation-examples', 'using-marking-definitions.json'), 'utf8')) as { objects: { id: string }[] };
    const amber = bundle.objects.find((o) => o.id === TLP1_DEFINITIONS.amber.id);
    expect(amber).toEqual(TLP1_DEFINITIONS.amber);
  });
});
