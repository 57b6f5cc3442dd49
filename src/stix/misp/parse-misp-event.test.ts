/** The MISP event parser refuses malformed input with the JSON path, and bounds size and depth. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SakimoriError } from '../../core/errors.js';
import { TLP2_IDS } from '../marking/index.js';
import { type MispHashing, mispAttributesToStix, mispEventsToStix, mispReleaseContext, parseAttribute, parseMispEvent, writeMispFeed } from './index.js';

const hashing: MispHashing = {
  md5: (text) => createHash('md5').update(text, 'utf8').digest('hex'),
  sha1: (bytes) => new Uint8Array(createHash('sha1').update(bytes).digest()),
};
const UUID = '5a3c2fcd-8328-42bb-a95e-4f4402de0b81';
const ATTR = '4bb235a7-7d25-4aef-802f-2c6b45c5eceb';
const failure = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return `${(e as SakimoriError).code}: ${(e as SakimoriError).message}`;
  }
  return 'no error';
};
const attribute = (extra: Record<string, unknown>) => ({ uuid: ATTR, type: 'domain', category: 'Network activity', value: 'circl.lu', timestamp: '1603642920', ...extra });

describe('parseMispEvent', () => {
  it('reads {"Event": …} and the bare event, text or value, with MISP’s string numbers and booleans', () => {
    const wrapped = parseMispEvent(
      JSON.stringify({ Event: { uuid: UUID.toUpperCase(), info: 'x', timestamp: '1603642920', distribution: '3', published: '1', Attribute: [attribute({ to_ids: '1' })] } }),
    );
    const bare = parseMispEvent({ uuid: UUID, info: 'x', timestamp: 1603642920, distribution: 3, published: true, Attribute: [attribute({ to_ids: true })] });
    expect(wrapped).toEqual(bare);
    expect(bare).toMatchObject({ uuid: UUID, timestamp: 1603642920, distribution: 3, published: true });
    expect(bare.attributes[0]?.toIds).toBe(true);
  });

  it('names the JSON path of what is malformed', () => {
    expect(failure(() => parseMispEvent({ Event: { uuid: UUID, info: 'x', Attribute: [attribute({}), attribute({ to_ids: 'maybe' })] } }))).toBe(
      'SAKIMORI_ERR_STIX_MISP_MALFORMED: malformed MISP JSON at $.Event.Attribute[1].to_ids: expected a boolean',
    );
    expect(failure(() => parseMispEvent({ uuid: 'not-a-uuid', info: 'x' }))).toContain('at $.uuid: expected a UUID');
    expect(failure(() => parseMispEvent({ uuid: UUID, info: 'x', Object: [{ uuid: UUID, name: 'file', Attribute: [{ uuid: ATTR, type: 'md5' }] }] }))).toContain(
      'at $.Object[0].Attribute[0].value: expected a string',
    );
    expect(failure(() => parseMispEvent({ uuid: UUID, info: 'x', Attribute: {} }))).toContain('at $.Attribute: expected a list');
    expect(failure(() => parseMispEvent({ uuid: UUID, info: 'x', distribution: '7' }))).toContain('at $.distribution: expected a distribution 0 to 5');
    expect(failure(() => parseMispEvent({ uuid: UUID, info: 'x', distribution: '5' }))).toContain('at $.distribution: expected an event distribution 0 to 4');
    expect(failure(() => parseMispEvent('{"Event": '))).toContain('at $: expected JSON text');
    expect(failure(() => parseMispEvent([]))).toContain('at $: expected an object');
  });

  it('reads the sharing group an event embeds, and the release context uses it', () => {
    const org = { id: '2', name: 'PifPafPoum', uuid: '56bf12a7-c19c-4b98-83e7-d9bb02de0b81' };
    const e = parseMispEvent({ Event: { uuid: UUID, info: 'x', distribution: '4', sharing_group_id: '7', SharingGroup: { id: '7', name: 'trusted', SharingGroupOrg: [{ Organisation: org }] } } });
    expect(e.sharingGroup?.members).toEqual([{ uuid: org.uuid, name: org.name }]);
    expect(mispReleaseContext({ distribution: 5 }, e, { sharingGroups: new Map() }).inherited).toEqual({ distribution: 4, sharingGroupMembers: [org.uuid] });
    expect(failure(() => parseMispEvent({ uuid: UUID, info: 'x', SharingGroup: { name: 'g', SharingGroupOrg: [{ Organisation: { name: 'n' } }] } }))).toContain(
      'at $.SharingGroup.SharingGroupOrg[0].Organisation.uuid: expected a string',
    );
  });

  it('bounds text length, nesting and list sizes', () => {
    expect(failure(() => parseMispEvent('{}'.padEnd(100, ' '), { maxTextLength: 50, maxDepth: 32, maxItems: 10 }))).toContain('SAKIMORI_ERR_STIX_MISP_TOO_LARGE');
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(failure(() => parseMispEvent({ uuid: UUID, info: 'x', x: deep }))).toContain('SAKIMORI_ERR_STIX_MISP_TOO_LARGE: MISP input too large at $: nesting deeper than 32');
    const many = Array.from({ length: 11 }, () => attribute({}));
    expect(failure(() => parseMispEvent({ uuid: UUID, info: 'x', Attribute: many }, { maxTextLength: 1000, maxDepth: 32, maxItems: 10 }))).toContain('at $.Attribute: more than 10 items');
  });
});

describe('MISP to STIX details', () => {
  it('puts tlp:/PAP: tags in object_marking_refs and the other tags in labels; refuses an unknown TLP', () => {
    const a = parseAttribute(attribute({ to_ids: true, Tag: [{ name: 'tlp:amber' }, { name: 'osint:source-type="blog-post"' }] }), '$');
    const indicator = mispAttributesToStix([a], { hashing }).find((o) => o.type === 'indicator');
    expect(indicator?.object_marking_refs).toEqual([TLP2_IDS.amber]);
    expect(indicator?.labels).toContain('osint:source-type="blog-post"');
    const bad = parseAttribute(attribute({ Tag: [{ name: 'tlp:redd' }] }), '$.Attribute[0]');
    expect(failure(() => mispAttributesToStix([bad], { hashing }))).toContain('at $[0].Tag: expected a known TLP or PAP level, not tlp:redd');
  });

  it('escapes quotes and backslashes in patterns (they still parse)', () => {
    const a = parseAttribute(attribute({ type: 'filename', value: "it's C:\\x", to_ids: true }), '$');
    expect(mispAttributesToStix([a], { hashing }).find((o) => o.type === 'indicator')?.pattern).toBe("[file:name = 'it\\'s C:\\\\x']");
  });

  it('a published event becomes a report, an unpublished one a grouping', () => {
    const e = (published: boolean) => mispEventsToStix([parseMispEvent({ uuid: UUID, info: 'x', published, publish_timestamp: '1603642920', Attribute: [attribute({})] })], { hashing }).objects[0];
    expect(e(true)).toMatchObject({ type: 'report', id: `report--${UUID}`, published: '2020-10-25T16:22:00Z' });
    expect(e(false)).toMatchObject({ type: 'grouping', id: `grouping--${UUID}`, context: 'suspicious-activity' });
  });
});

describe('feed export keeps markings', () => {
  it('keeps TLP and PAP tags, local ones too, and leaves other local tags out (MISP issue 2623)', () => {
    const tags = [{ name: 'tlp:amber', local: true }, { name: 'PAP:RED' }, { name: 'private-note', local: '1' }, { name: 'osint:source-type="blog-post"' }];
    const e = parseMispEvent({ uuid: UUID, info: 'x', timestamp: '1603642920', Tag: tags, Attribute: [attribute({ Tag: tags })] });
    const files = writeMispFeed([e], { hashing });
    const event = JSON.parse(files.get(`${UUID}.json`) ?? '').Event;
    const names = (list: { name: string }[]) => list.map((t) => t.name);
    expect(names(event.Tag)).toEqual(['tlp:amber', 'PAP:RED', 'osint:source-type="blog-post"']);
    expect(names(event.Attribute[0].Tag)).toEqual(['tlp:amber', 'PAP:RED', 'osint:source-type="blog-post"']);
    expect(names(JSON.parse(files.get('manifest.json') ?? '')[UUID].Tag)).toContain('tlp:amber');
    expect(files.get('hashes.csv')).toBe(`${hashing.md5('circl.lu')},${UUID}\n`);
  });
});
