/**
 * Real MISP events (PyMISP's test data, misp/events) and galaxy clusters (misp/galaxy): parsed,
 * converted to STIX 2.1 bundles that pass the validator, with Japanese text, sightings, galaxies,
 * object references, proposals and sharing groups.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { asId } from '../../core/ids.js';
import type { SakimoriError } from '../../core/errors.js';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import { mispVerdict, type Recipient, TLP2_IDS } from '../marking/index.js';
import { validateStix } from '../object/index.js';
import { galaxySdos } from './galaxy-mapping.js';
import type { MispHashing } from './hashing.js';
import { mispEventsToStix } from './misp-to-stix.js';
import { parseGalaxy, parseGalaxyFile, parseMispEvent } from './parse-misp-event.js';
import { mispReleaseContext, parseSharingGroup } from './release-context.js';

const hashing: MispHashing = {
  md5: (text) => createHash('md5').update(text, 'utf8').digest('hex'),
  sha1: (bytes) => new Uint8Array(createHash('sha1').update(bytes).digest()),
};
const text = (...p: string[]) => readFileSync(sharedFixture('misp', ...p), 'utf8');
const event = (name: string) => parseMispEvent(text('events', name));
const convert = (name: string) => mispEventsToStix([event(name)], { hashing });
const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return `${(e as SakimoriError).code} ${(e as SakimoriError).message}`;
  }
  return undefined;
};

/** Whole events: each converts to a bundle the validator accepts. */
const EVENTS = ['existing_event.json', 'galaxy_1.json', 'japanese_test.json', 'mainly_objects_1.json', 'shadow.json', 'sighting_1.json'];
/** PyMISP's expected outputs for events built locally, without uuids: refused, naming the path. */
const PARTIAL = { 'event_obj_attr_tag.json': '$.uuid', 'proposals.json': '$.uuid' };

describeExternal('MISP events (misp/events, misp/galaxy)', missingFixtures(), () => {
  it('converts every whole event to a bundle the STIX validator accepts', () => {
    for (const name of EVENTS) {
      const bundle = convert(name);
      expect(validateStix(bundle).errors, name).toEqual([]);
      expect(bundle.objects.filter((o) => o.type === 'grouping' || o.type === 'report')).toHaveLength(1);
    }
  });

  it('refuses the partial events with the JSON path of the missing uuid', () => {
    for (const [name, path] of Object.entries(PARTIAL)) expect(code(() => event(name))).toContain(`SAKIMORI_ERR_STIX_MISP_MALFORMED malformed MISP JSON at ${path}:`);
  });

  it('keeps Japanese text intact', () => {
    const e = event('japanese_test.json');
    const head = convert('japanese_test.json').objects.find((o) => o.type === 'grouping' || o.type === 'report');
    expect(e.info).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(head?.name).toBe(e.info);
  });

  it('turns event TLP tags into markings, other tags into labels, galaxies into SDOs and references into relationships', () => {
    const e = event('existing_event.json');
    const objects = convert('existing_event.json').objects;
    const head = objects.find((o) => o.type === 'grouping');
    expect(head?.object_marking_refs).toEqual([TLP2_IDS.clear]);
    expect(head?.labels).toContain('workflow:state="incomplete"');
    const sofacy = e.galaxies.flatMap((g) => g.clusters).find((c) => c.value === 'Sofacy');
    expect(objects.find((o) => o.id === `threat-actor--${sofacy?.uuid}`)?.name).toBe('Sofacy');
    const refs = e.objects.flatMap((o) => o.references);
    expect(refs.length).toBeGreaterThan(0);
    const ids = new Set(objects.map((o) => o.id));
    for (const r of refs) expect(ids.has(`relationship--${r.uuid}`)).toBe(true);
    expect(new Set((head?.object_refs as string[]) ?? [])).toEqual(new Set(objects.slice(2).map((o) => o.id)));
  });

  it('turns sightings into sighting objects of the attribute’s indicator, sighted by the organisation', () => {
    const e = event('sighting_1.json');
    const sighted = e.attributes.filter((a) => a.sightings.length > 0);
    const sightings = convert('sighting_1.json').objects.filter((o) => o.type === 'sighting');
    expect(sightings).toHaveLength(sighted.flatMap((a) => a.sightings.filter((s) => s.type === 0)).length);
    const first = sighted[0]?.sightings[0];
    expect(sightings[0]).toMatchObject({ id: `sighting--${first?.uuid}`, sighting_of_ref: `indicator--${sighted[0]?.uuid}`, where_sighted_refs: [`identity--${first?.organisation?.uuid}`] });
  });

  it('never converts proposals (ShadowAttribute) as facts', () => {
    const e = event('shadow.json');
    expect(e.attributes[0]?.proposals).toBe(1);
    expect(JSON.stringify(convert('shadow.json'))).not.toContain('blah.exe.jpg');
  });

  it('sharing groups: members receive, others do not, an empty group reaches nobody, 5 inherits the event', () => {
    const groups = (JSON.parse(text('events', 'sharing_groups.json')) as unknown[]).map((g, i) => parseSharingGroup(g, `$[${i}]`));
    const group = groups[0];
    expect(group?.members.map((m) => m.name)).toEqual(['CIRCL', 'PifPafPoum']);
    const e = { ...event('existing_event.json'), distribution: 4 as const, sharingGroupId: '1' };
    const sharingGroups = new Map([
      ['1', group as NonNullable<typeof group>],
      ['9', { name: 'empty', members: [] }],
    ]);
    const org = (uuid: string): Recipient => ({ kind: 'organisation', organisationId: asId(uuid), sector: 'finance' });
    const member = org('56bf12a7-c19c-4b98-83e7-d9bb02de0b81');
    const outsider = org('5c6983c8-3af8-4304-869c-4800d6c1883c');
    const verdict = (item: object, r: Recipient) => mispVerdict(mispReleaseContext(item, e, { sharingGroups }), r);
    expect(verdict({ distribution: 4, sharingGroupId: '1' }, member)).toBe('ALLOWED');
    expect(verdict({ distribution: 4, sharingGroupId: '1' }, outsider)).toBe('MISP_NOT_IN_SHARING_GROUP');
    expect(verdict({ distribution: 4, sharingGroupId: '9' }, member)).toBe('MISP_SHARING_GROUP_EMPTY');
    expect(verdict({ distribution: 4, sharingGroupId: '404' }, member)).toBe('MISP_SHARING_GROUP_EMPTY');
    expect(verdict({ distribution: 5 }, member)).toBe('ALLOWED');
    expect(verdict({ distribution: 5 }, outsider)).toBe('MISP_NOT_IN_SHARING_GROUP');
    expect(verdict({ distribution: 0 }, member)).toBe('MISP_OWN_ORGANISATION_ONLY');
  });

  it('galaxy clusters: MirrorFace to an intrusion set with its ATT&CK id, malware families, APT10 to a threat actor', () => {
    const sdos = (file: string) => galaxySdos(parseGalaxyFile(text('galaxy', file)), '2024-01-01T00:00:00.000Z');
    const [mirrorFace] = sdos('mitre-intrusion-set.json');
    expect(mirrorFace).toMatchObject({ type: 'intrusion-set', id: 'intrusion-set--8cf6e33b-b6ef-4a1f-a77c-0ecdde93161f', name: 'MirrorFace - G1054' });
    expect(mirrorFace?.external_references).toContainEqual({ source_name: 'mitre-attack', external_id: 'G1054' });
    const malware = sdos('mitre-malware.json');
    expect(malware.map((o) => o.type)).toEqual(malware.map(() => 'malware'));
    expect(malware.every((o) => o.is_family === true)).toBe(true);
    expect(sdos('botnet.json').map((o) => o.name)).toEqual(['Mirai', 'Gafgyt', 'aisuru']);
    expect(sdos('threat-actor.json').map((o) => o.type)).toEqual(['threat-actor', 'threat-actor']);
    const bundle = {
      type: 'bundle',
      id: 'bundle--8cf6e33b-b6ef-4a1f-a77c-0ecdde93161f',
      objects: [...sdos('mitre-intrusion-set.json'), ...malware, ...sdos('botnet.json'), ...sdos('threat-actor.json')],
    };
    expect(validateStix(bundle).errors).toEqual([]);
    expect(parseGalaxy(JSON.parse(text('events', 'galaxy.json')), '$').clusters.length).toBeGreaterThan(0);
  });
});
