/**
 * The OASIS documentation examples on markings and the interop object-marking test, released to
 * the people of the brief: expected verdicts and redacted objects written out per recipient.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { asId, type OrganizationId } from '../../core/ids.js';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import {
  applyDefaultMarking,
  assertKnownMarkings,
  createReleasePolicy,
  type MarkingDefinition,
  type Recipient,
  type ReleaseContext,
  redactObject,
  releaseBundle,
  type StixObject,
  TLP1_DEFINITIONS,
  TLP1_IDS,
  TLP2_IDS,
} from './index.js';

const load = (...path: string[]) => JSON.parse(readFileSync(sharedFixture('stix', ...path), 'utf8')) as unknown;
const objectsOf = (name: string) => (load('conformance', 'documentation-examples', name) as { objects: StixObject[] }).objects;
const byId = (objects: StixObject[], prefix: string) => objects.find((o) => o.id.startsWith(prefix)) as StixObject;

const GOTHAM = asId<OrganizationId>('gotham-national-bank');
const OUTSIDER = asId<OrganizationId>('wayne-enterprises');
const ctx: ReleaseContext = { producer: GOTHAM, audience: [GOTHAM], distribution: 3 };
const community: Recipient = { kind: 'organisation', organisationId: OUTSIDER, sector: 'finance' };
const analyst: Recipient = { kind: 'role', role: 'operator_reporter', organisationId: GOTHAM };
// The example's objects carry no object-level TLP where the granular markings matter: default CLEAR shows the granular effect.
const policy = createReleasePolicy({ defaultMarkingRef: TLP2_IDS.clear });

describeExternal('using-granular-markings.json (OASIS cti-documentation)', missingFixtures(), () => {
  const objects = objectsOf('using-granular-markings.json');
  const indicator = byId(objects, 'indicator--');

  it('a community member gets the indicator without the RED description and the AMBER indicator type', () => {
    const r = redactObject(indicator, ctx, community, 'taxii', policy);
    expect(r.allowed).toBe(true);
    if (!r.allowed) return;
    const { description: _d, granular_markings: _g, indicator_types: _t, ...rest } = indicator;
    expect(r.object).toEqual({
      ...rest,
      indicator_types: ['malicious-activity'],
      granular_markings: [{ marking_ref: TLP1_IDS.green, selectors: ['indicator_types.[0]', 'name', 'pattern'] }],
    });
    expect([...r.removed].sort()).toEqual(['description', 'indicator_types.[1]']);
  });

  it('the public gets nothing: the GREEN pattern is required', () => {
    expect(redactObject(indicator, ctx, { kind: 'public' }, 'file-export', policy)).toEqual({ allowed: false, reason: 'REQUIRED_PROPERTY_MARKED' });
  });

  it('a named person of Gotham National Bank sees it whole in the console, and loses the description in a feed', () => {
    expect(redactObject(indicator, ctx, analyst, 'api-view', policy)).toEqual({ allowed: true, object: indicator, removed: [] });
    const feed = redactObject(indicator, ctx, analyst, 'misp-feed', policy);
    expect(feed.allowed && feed.object.description === undefined && (feed.object.indicator_types as string[]).length === 2).toBe(true);
  });

  it('the bundle released to a community member keeps no trace of the RED threat actor', () => {
    const contexts = new Map(objects.map((o) => [o.id, ctx]));
    const { released, withheld } = releaseBundle(objects, contexts, community, 'taxii', { policy });
    expect(released.map((o) => o.id)).toEqual([TLP1_IDS.green, byId(objects, 'identity--').id, indicator.id]);
    expect(released[0]).toEqual(TLP1_DEFINITIONS.green);
    expect(withheld).toEqual([
      { id: byId(objects, 'threat-actor--').id, reason: 'TLP_RED_NOT_NAMED_INDIVIDUAL' },
      { id: byId(objects, 'relationship--').id, reason: 'TLP_RED_NOT_NAMED_INDIVIDUAL' },
    ]);
    expect(JSON.stringify(released)).not.toContain('8b6297fe-cae7-47c6-9256-5584b417849c');
  });

  it('the bundle shown to the bank’s named person keeps the relationship and its markings', () => {
    const contexts = new Map(objects.map((o) => [o.id, ctx]));
    const { released, withheld } = releaseBundle(objects, contexts, analyst, 'api-view', { policy });
    expect(withheld).toEqual([]);
    expect(released.filter((o) => o.type === 'marking-definition').map((o) => o.id)).toEqual([TLP1_IDS.green, TLP1_IDS.red, TLP1_IDS.amber].sort());
    expect(released.filter((o) => o.type !== 'marking-definition')).toEqual(objects);
  });
});

describeExternal('using-marking-definitions.json (OASIS cti-documentation)', missingFixtures(), () => {
  const objects = objectsOf('using-marking-definitions.json');
  const statement = byId(objects, 'marking-definition--d81f86b9') as MarkingDefinition;
  const indicator = byId(objects, 'indicator--');

  it('the copyright statement is unknown until supplied as a custom definition', () => {
    let error: unknown;
    try {
      assertKnownMarkings(indicator);
    } catch (e) {
      error = e;
    }
    expect(isSakimoriError(error, 'SAKIMORI_ERR_STIX_MARKING_UNKNOWN')).toBe(true);
    expect((error as Error).message).toContain(statement.id);
    expect(() => assertKnownMarkings(indicator, createReleasePolicy({ customDefinitions: [statement] }))).not.toThrow();
  });

  it('the AMBER indicator goes to the audience with its TLP and statement definitions', () => {
    const withStatement = createReleasePolicy({ customDefinitions: [statement] });
    const contexts = new Map(objects.map((o) => [o.id, ctx]));
    const bank: Recipient = { kind: 'organisation', organisationId: GOTHAM, sector: 'finance' };
    const { released } = releaseBundle(objects, contexts, bank, 'taxii', { policy: withStatement });
    expect(released.map((o) => o.id)).toEqual([statement.id, TLP1_IDS.amber, byId(objects, 'identity--').id, indicator.id]);
    expect(releaseBundle(objects, contexts, community, 'taxii', { policy: withStatement }).withheld.map((w) => w.reason)).toEqual(['TLP_AMBER_STRICT_OUTSIDE_AUDIENCE', 'TLP_AMBER_OUTSIDE_AUDIENCE']);
  });
});

describeExternal('interop-objectmarking-test.json (OASIS cti-stix2-json-schemas)', missingFixtures(), () => {
  const campaign = load('interop-objectmarking-test.json') as StixObject;
  const lookalike = 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec';

  it('ingest refuses the look-alike of TLP:RED, naming it', () => {
    let error: unknown;
    try {
      applyDefaultMarking(campaign, TLP2_IDS['amber+strict']);
    } catch (e) {
      error = e;
    }
    expect(isSakimoriError(error, 'SAKIMORI_ERR_STIX_MARKING_UNKNOWN')).toBe(true);
    expect((error as Error).message).toContain(lookalike);
  });

  it('release denies it even to the named person, over a person-to-person channel', () => {
    const { withheld } = releaseBundle([campaign], () => ctx, analyst, 'api-view');
    expect(withheld).toEqual([{ id: campaign.id, reason: 'UNKNOWN_MARKING' }]);
  });
});
