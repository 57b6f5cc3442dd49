/**
 * MISP feed export from the store on both engines: equal to PyMISP's output for the fixture events
 * (misp/feed-distribution, misp/feed-reference), and the bypasses an outsider would try — an empty
 * sharing group, distribution 0, TLP:RED, an attribute narrower than its event, a reused attribute
 * uuid, a stale file from an earlier export — asserted on the files written.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { asId, type OrganizationId } from '../../core/ids.js';
import { PAP_IDS, type Recipient, TLP2_IDS } from '../../stix/marking/index.js';
import { parseMispEvent } from '../../stix/misp/index.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import { StixStore } from '../stix/stix-store.js';
import { exportMispFeed, mispFeedFor } from './export-misp-feed.js';
import { importMispEvents } from './import-misp.js';
import { importMispEventFiles, importMispFeed } from './import-misp-files.js';

const now = Date.UTC(2026, 11, 6);
const org = (uuid: string): Recipient => ({ kind: 'organisation', organisationId: asId<OrganizationId>(uuid), sector: 'telecommunications' });
const CIRCL = '55f6ea5e-2c60-40e5-964f-47a8950d210f';
const SEDNIT = '5a3c2fcd-8328-42bb-a95e-4f4402de0b81';

describeExternal('MISP export equals PyMISP (misp/feed-distribution, misp/feed-reference)', missingFixtures(), () => {
  describeStorage('MISP export of the fixture events', (ctx) => {
    beforeEach(() => ctx.reset());
    const read = (...p: string[]) => readFileSync(sharedFixture('misp', ...p), 'utf8');

    it('a community member that is not the producer receives expected-community.json, TLP tag kept', async () => {
      const r = await importMispEventFiles(ctx.db, [sharedFixture('misp', 'feed-distribution', 'input-event.json')], { defaultMarkingRef: TLP2_IDS['amber+strict'], now });
      expect(r.stored).toBe(1);
      const out = mkdtempSync(join(tmpdir(), 'misp-out-'));
      const result = await exportMispFeed(ctx.db, org('5cf66e53-b5f8-43e7-be9a-49880a3b4631'), out);
      expect(result.events).toBe(1);
      expect(JSON.parse(readFileSync(join(out, `${SEDNIT}.json`), 'utf8'))).toEqual(JSON.parse(read('feed-distribution', 'expected-community.json')));
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
      expect(manifest[SEDNIT].Tag.map((t: { name: string }) => t.name)).toContain('tlp:white');
      // The distribution 0 and the sharing group attributes are withheld, and so are their hashes.
      expect(result.withheldAttributes).toBeGreaterThan(0);
      const hashes = readFileSync(join(out, 'hashes.csv'), 'utf8').trim().split('\n');
      expect(hashes).toHaveLength(result.attributes);
    });

    it('the producer of the reference feed receives its own three events exactly as PyMISP wrote them; other events stay home', async () => {
      await importMispFeed(ctx.db, sharedFixture('misp', 'feed-reference'), { defaultMarkingRef: TLP2_IDS.amber, now });
      const out = mkdtempSync(join(tmpdir(), 'misp-out-'));
      const result = await exportMispFeed(ctx.db, org(CIRCL), out);
      const own = ['5a3c2fcd-8328-42bb-a95e-4f4402de0b81', '5acc88e9-265c-4f22-9d2b-b702950d210f', '5c066053-0e94-46eb-9746-4b7d950d210f'];
      expect(readdirSync(out).sort()).toEqual([...own.map((u) => `${u}.json`), 'hashes.csv', 'manifest.json']);
      for (const u of own) expect(JSON.parse(readFileSync(join(out, `${u}.json`), 'utf8'))).toEqual(JSON.parse(read('feed-reference', `${u}.json`)));
      const reference = JSON.parse(read('feed-reference', 'manifest.json'));
      expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual(Object.fromEntries(own.map((u) => [u, reference[u]])));
      const lines = (t: string) => t.split('\n').filter((l) => own.some((u) => l.endsWith(u)));
      expect(lines(readFileSync(join(out, 'hashes.csv'), 'utf8')).sort()).toEqual(lines(read('feed-reference', 'hashes.csv')).sort());
      expect(result.withheldEvents).toBe(2);
    });
  });
});

const P = '6b000000-0000-4000-8000-0000000000aa';
const Q = '6b000000-0000-4000-8000-0000000000bb';
const R = '6b000000-0000-4000-8000-0000000000cc';
const uuid = (n: number) => `6b000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

interface AttributeSpec {
  readonly n: number;
  readonly distribution?: number;
  readonly sharingGroupId?: string;
  readonly tags?: readonly string[];
  readonly timestamp?: number;
}

function attribute(a: AttributeSpec): Record<string, unknown> {
  return {
    uuid: uuid(a.n),
    type: 'domain',
    category: 'Network activity',
    value: `host-${a.n}.example`,
    to_ids: true,
    timestamp: String(a.timestamp ?? 1700000000),
    ...(a.distribution === undefined ? {} : { distribution: String(a.distribution) }),
    ...(a.sharingGroupId === undefined ? {} : { sharing_group_id: a.sharingGroupId }),
    Tag: (a.tags ?? []).map((name) => ({ name })),
  };
}

function event(
  n: number,
  spec: {
    distribution: number;
    tags?: string[];
    sharingGroup?: { id: string; members: string[] };
    attributes: AttributeSpec[];
    objects?: { n: number; distribution: number; attributes: AttributeSpec[] }[];
  },
) {
  return parseMispEvent({
    Event: {
      uuid: uuid(n),
      info: `event ${n}`,
      date: '2023-11-14',
      timestamp: '1700000000',
      distribution: String(spec.distribution),
      ...(spec.sharingGroup === undefined
        ? {}
        : {
            sharing_group_id: spec.sharingGroup.id,
            SharingGroup: { id: spec.sharingGroup.id, name: 'group', SharingGroupOrg: spec.sharingGroup.members.map((m) => ({ Organisation: { uuid: m, name: m.slice(-2) } })) },
          }),
      Orgc: { uuid: P, name: 'Producer' },
      Tag: (spec.tags ?? ['tlp:green']).map((name) => ({ name })),
      Attribute: spec.attributes.map(attribute),
      Object: (spec.objects ?? []).map((o) => ({
        uuid: uuid(o.n),
        name: 'domain-ip',
        'meta-category': 'network',
        description: 'domain and ip',
        timestamp: '1700000000',
        distribution: String(o.distribution),
        Attribute: o.attributes.map((a) => ({ ...attribute(a), object_relation: 'domain' })),
      })),
    },
  });
}

describeStorage('MISP export: what must never reach a recipient', (ctx) => {
  let out: string;
  beforeEach(async () => {
    await ctx.reset();
    out = mkdtempSync(join(tmpdir(), 'misp-out-'));
  });
  const load = (...events: ReturnType<typeof event>[]) =>
    importMispEvents(
      ctx.db,
      events.map((e) => ({ event: e })),
      { source: 'misp:test', defaultMarkingRef: TLP2_IDS.clear, now },
    );
  /** Every attribute uuid in the files written, and every hashes.csv line. */
  const exported = () => {
    const files = readdirSync(out);
    const uuids = files
      .filter((f) => f !== 'manifest.json' && f.endsWith('.json'))
      .flatMap((f) => {
        const e = JSON.parse(readFileSync(join(out, f), 'utf8')).Event;
        return [
          e.uuid,
          ...(e.Attribute ?? []).map((a: { uuid: string }) => a.uuid),
          ...(e.Object ?? []).flatMap((o: { uuid: string; Attribute: { uuid: string }[] }) => [o.uuid, ...o.Attribute.map((a) => a.uuid)]),
        ];
      });
    return { uuids, manifest: Object.keys(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))), hashes: readFileSync(join(out, 'hashes.csv'), 'utf8') };
  };

  it('an event with an empty sharing group reaches nobody, its producer included', async () => {
    await load(event(1, { distribution: 4, sharingGroup: { id: '7', members: [] }, attributes: [{ n: 11 }] }));
    for (const r of [org(P), org(Q), { kind: 'public' } as const]) {
      await exportMispFeed(ctx.db, r, out);
      expect(exported()).toEqual({ uuids: [], manifest: [], hashes: '' });
    }
  });

  it('distribution 0 reaches the producing organisation only', async () => {
    await load(event(2, { distribution: 0, attributes: [{ n: 21 }] }));
    await exportMispFeed(ctx.db, org(P), out);
    expect(exported().uuids).toEqual([uuid(2), uuid(21)]);
    // The same directory, now for Q: the earlier file is removed, not left to be served.
    await exportMispFeed(ctx.db, org(Q), out);
    expect(exported()).toEqual({ uuids: [], manifest: [], hashes: '' });
    expect(existsSync(join(out, `${uuid(2)}.json`))).toBe(false);
  });

  it('TLP:RED never leaves over a feed, neither as an event nor as one attribute of a TLP:GREEN event', async () => {
    await load(event(3, { distribution: 3, tags: ['tlp:red'], attributes: [{ n: 31 }] }), event(4, { distribution: 3, attributes: [{ n: 41 }, { n: 42, tags: ['tlp:red'] }] }));
    for (const r of [org(P), org(Q), { kind: 'role', role: 'nco_analyst', organisationId: asId<OrganizationId>(P) } as const]) {
      await exportMispFeed(ctx.db, r, out);
      expect(exported().uuids).toEqual([uuid(4), uuid(41)]);
    }
  });

  it('TLP:GREEN does not reach the public; TLP:CLEAR does', async () => {
    await load(event(5, { distribution: 3, attributes: [{ n: 51 }] }), event(6, { distribution: 3, tags: ['tlp:clear'], attributes: [{ n: 61 }] }));
    await exportMispFeed(ctx.db, { kind: 'public' }, out);
    expect(exported().uuids).toEqual([uuid(6), uuid(61)]);
  });

  it('PAP:RED travels with what it marks: the tag stays in the feed and the stored objects forbid network actions', async () => {
    await load(event(7, { distribution: 3, tags: ['tlp:green', 'PAP:RED'], attributes: [{ n: 71 }] }));
    await exportMispFeed(ctx.db, org(Q), out);
    const e = JSON.parse(readFileSync(join(out, `${uuid(7)}.json`), 'utf8')).Event;
    expect(e.Tag.map((t: { name: string }) => t.name)).toEqual(['tlp:green', 'PAP:RED']);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))[uuid(7)].Tag.map((t: { name: string }) => t.name)).toContain('PAP:RED');
    expect((await new StixStore(ctx.db).get(`indicator--${uuid(71)}`))?.markingRefs).toContain(PAP_IDS.red);
  });

  it('an attribute or object attribute narrower than its event stays within its own distribution', async () => {
    await load(
      event(8, {
        distribution: 3,
        sharingGroup: { id: '9', members: [Q] },
        attributes: [{ n: 81 }, { n: 82, distribution: 0 }, { n: 83, distribution: 4, sharingGroupId: '9' }, { n: 84, distribution: 4, sharingGroupId: '404' }],
        objects: [{ n: 85, distribution: 3, attributes: [{ n: 86 }, { n: 87, distribution: 0 }] }],
      }),
    );
    await exportMispFeed(ctx.db, org(R), out);
    expect(exported().uuids).toEqual([uuid(8), uuid(81), uuid(85), uuid(86)]);
    await exportMispFeed(ctx.db, org(Q), out);
    expect(exported().uuids).toEqual([uuid(8), uuid(81), uuid(83), uuid(85), uuid(86)]);
    await exportMispFeed(ctx.db, org(P), out);
    expect(exported().uuids).toEqual([uuid(8), uuid(81), uuid(82), uuid(85), uuid(86), uuid(87)]);
    const hashes = exported().hashes;
    expect(hashes.trim().split('\n')).toHaveLength(4);
  });

  it('a second event reusing an attribute uuid cannot widen the first one: the attribute then reaches nobody', async () => {
    await load(event(9, { distribution: 0, attributes: [{ n: 91 }] }));
    await load(event(10, { distribution: 3, attributes: [{ n: 91, timestamp: 1700000500 }, { n: 101 }] }));
    await exportMispFeed(ctx.db, org(Q), out);
    expect(exported().uuids).toEqual([uuid(10), uuid(101)]);
    await exportMispFeed(ctx.db, org(P), out);
    expect(exported().uuids).not.toContain(uuid(91));
  });

  it('a second event reusing a MISP object uuid cannot widen the first one either, with a newer TLP:CLEAR version', async () => {
    // The object is TLP:RED through its attribute's tag; the event itself is TLP:GREEN.
    await load(event(15, { distribution: 3, attributes: [{ n: 150 }], objects: [{ n: 151, distribution: 3, attributes: [{ n: 152, tags: ['tlp:red'] }] }] }));
    const clear = { ...event(16, { distribution: 3, tags: ['tlp:clear'], attributes: [], objects: [{ n: 151, distribution: 3, attributes: [{ n: 153 }] }] }) };
    await importMispEvents(ctx.db, [{ event: { ...clear, objects: clear.objects.map((o) => ({ ...o, timestamp: 1700000900 })) } }], { source: 'misp:other', defaultMarkingRef: TLP2_IDS.clear, now });
    await exportMispFeed(ctx.db, org(Q), out);
    expect(exported().uuids).toEqual([uuid(15), uuid(150), uuid(16)]);
  });

  it("an event from another organisation with a stored event's uuid is refused; the same event again cannot change its contexts", async () => {
    await load(event(14, { distribution: 0, attributes: [{ n: 141 }] }));
    const hijack = { ...event(14, { distribution: 3, attributes: [{ n: 141 }] }), timestamp: 1800000000, orgc: { uuid: Q, name: 'Q' } };
    const r = await importMispEvents(ctx.db, [{ event: hijack }], { source: 'misp:other', defaultMarkingRef: TLP2_IDS.clear, now });
    expect(r.events.map((e) => (e.status === 'refused' ? e.error.code : e.status))).toEqual(['SAKIMORI_ERR_INTEL_MISP_EVENT_CREATOR']);
    // Same creator, same timestamp, wider distribution: the stored objects are unchanged, and so is who receives them.
    const again = await load(event(14, { distribution: 3, attributes: [{ n: 141, distribution: 3 }] }));
    expect(again.events.map((e) => e.status)).toEqual(['unchanged']);
    for (const r of [org(Q), org(R)]) {
      await exportMispFeed(ctx.db, r, out);
      expect(exported().uuids).toEqual([]);
    }
  });

  it('an object marked TLP:RED in the store after import is withheld from then on', async () => {
    await load(event(12, { distribution: 3, attributes: [{ n: 121 }, { n: 122 }] }));
    const stix = new StixStore(ctx.db);
    const indicator = (await stix.get(`indicator--${uuid(122)}`))?.object ?? {};
    await stix.ingest({ ...indicator, modified: '2024-01-01T00:00:00.000Z', object_marking_refs: [TLP2_IDS.red] }, { source: 'analyst', defaultMarkingRef: TLP2_IDS.red, now });
    await exportMispFeed(ctx.db, org(Q), out);
    expect(exported().uuids).toEqual([uuid(12), uuid(121)]);
  });

  it('refuses an output directory that holds other files, deleting nothing', async () => {
    await load(event(13, { distribution: 3, attributes: [{ n: 131 }] }));
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const e = await exportMispFeed(ctx.db, org(Q), out).catch((x: unknown) => x);
    expect(isSakimoriError(e, 'SAKIMORI_ERR_INTEL_MISP_OUTPUT')).toBe(true);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  it('exports native STIX indicators whose pattern maps cleanly, with their markings as tags, under the same policy', async () => {
    const stix = new StixStore(ctx.db);
    const indicator = (n: number, pattern: string, marking: string) => ({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${uuid(n)}`,
      created: '2024-03-01T09:00:00.000Z',
      modified: '2024-03-01T09:00:00.000Z',
      pattern,
      pattern_type: 'stix',
      valid_from: '2024-03-01T09:00:00Z',
      object_marking_refs: [marking],
    });
    await stix.ingest(
      [
        indicator(201, "[domain-name:value = 'c2.example']", TLP2_IDS.green),
        indicator(202, "[ipv4-addr:value = '198.51.100.7']", TLP2_IDS.clear),
        indicator(203, "[file:hashes.'SHA-256' = '" + 'ab'.repeat(32) + "']", TLP2_IDS.green),
        indicator(204, "[ipv4-addr:value = '198.51.100.8']", TLP2_IDS.red),
        indicator(205, "[ipv4-addr:value = '198.51.100.9' OR domain-name:value = 'x.example']", TLP2_IDS.green),
      ],
      { source: 'file:native.json', defaultMarkingRef: TLP2_IDS.amber, now },
    );
    const native = { native: { orgc: { uuid: P, name: 'Sakimori' } } };
    const member = await mispFeedFor(ctx.db, org(Q), native);
    expect(member.nativeIndicators).toBe(3);
    const [file] = [...member.files.entries()].filter(([n]) => n !== 'manifest.json' && n !== 'hashes.csv');
    const e = JSON.parse(file?.[1] ?? '{}').Event;
    expect(e.Attribute.map((a: { type: string; value: string; Tag: { name: string }[] }) => [a.type, a.value, a.Tag.map((t) => t.name)])).toEqual([
      ['domain', 'c2.example', ['tlp:green']],
      ['ip-dst', '198.51.100.7', ['tlp:clear']],
      ['sha256', 'ab'.repeat(32), ['tlp:green']],
    ]);
    expect((await mispFeedFor(ctx.db, { kind: 'public' }, native)).nativeIndicators).toBe(1);
    expect((await mispFeedFor(ctx.db, org(Q))).nativeIndicators).toBe(0);
  });
});
