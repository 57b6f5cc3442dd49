/**
 * MISP distribution against PyMISP's own feed generator: one event whose attributes and objects carry
 * distributions 0, 1, 4 and 5, with the feed PyMISP writes for every distribution and for community
 * distributions only (misp/feed-distribution). A community member that is not the producer must
 * receive exactly what the community feed holds; the producer exactly what the full feed holds.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { asId, type OrganizationId } from '../../core/ids.js';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import { type MispDistribution, mispVerdict, type Recipient, type ReleaseContext } from './index.js';

interface MispAttribute {
  readonly uuid: string;
  readonly distribution?: string;
}
interface MispObject extends MispAttribute {
  readonly Attribute?: readonly MispAttribute[];
}
interface MispEvent {
  readonly distribution?: string;
  readonly Attribute?: readonly MispAttribute[];
  readonly Object?: readonly MispObject[];
}

const read = (name: string) => JSON.parse(readFileSync(sharedFixture('misp', 'feed-distribution', name), 'utf8')) as MispEvent & { Event?: MispEvent };
const uuids = (event: MispEvent): string[] => [...(event.Attribute ?? []).map((a) => a.uuid), ...(event.Object ?? []).flatMap((o) => [o.uuid, ...(o.Attribute ?? []).map((a) => a.uuid)])].sort();

/** The uuids of the event's attributes and objects the recipient receives: an object's attributes only with the object. */
function released(event: MispEvent, recipient: Recipient, producer: OrganizationId): string[] {
  const eventDistribution = Number(event.distribution) as Exclude<MispDistribution, 5>;
  // The sharing group (id 1 in the fixture) has the producer as its only known member.
  const context = (item: MispAttribute): ReleaseContext => ({
    producer,
    audience: [],
    distribution: Number(item.distribution) as MispDistribution,
    sharingGroupMembers: [producer],
    inherited: { distribution: eventDistribution },
  });
  const ok = (item: MispAttribute) => mispVerdict(context(item), recipient) === 'ALLOWED';
  const attributes = (event.Attribute ?? []).filter(ok).map((a) => a.uuid);
  const objects = (event.Object ?? []).filter(ok).flatMap((o) => [o.uuid, ...(o.Attribute ?? []).filter(ok).map((a) => a.uuid)]);
  return [...attributes, ...objects].sort();
}

describeExternal('MISP feed distribution (PyMISP to_feed)', missingFixtures(), () => {
  const input = read('input-event.json');
  const producer = asId<OrganizationId>('producer-org');

  it('a community member that is not the producer gets exactly the community feed', () => {
    const expected = uuids((read('expected-community.json').Event as MispEvent) ?? {});
    const member: Recipient = { kind: 'organisation', organisationId: asId('isp-c'), sector: 'telecommunications' };
    expect(released(input, member, producer)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(100);
  });

  it('the producer gets exactly the full feed', () => {
    const expected = uuids((read('expected-all.json').Event as MispEvent) ?? {});
    expect(released(input, { kind: 'organisation', organisationId: producer, sector: 'finance' }, producer)).toEqual(expected);
    expect(expected).toEqual(uuids(input));
  });

  it('the public gets nothing of an event whose items are community-limited or inherit from a distribution 3 event only where 3 allows', () => {
    const got = released(input, { kind: 'public' }, producer);
    // Only distribution 5 items (inheriting 3, all communities) — never 0, 1 or 4.
    const inheriting = new Set([...(input.Attribute ?? []), ...(input.Object ?? []).flatMap((o) => [o, ...(o.Attribute ?? [])])].filter((i) => i.distribution === '5').map((i) => i.uuid));
    expect(got.every((u) => inheriting.has(u))).toBe(true);
    expect(got.length).toBeGreaterThan(0);
  });
});
