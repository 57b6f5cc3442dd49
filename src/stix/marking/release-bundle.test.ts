import { describe, expect, it } from 'vitest';
import { asId, type OrganizationId } from '../../core/ids.js';
import { createReleasePolicy, type MarkingDefinition, type Recipient, type ReleaseContext, releaseBundle, type StixObject, TLP2_DEFINITIONS, TLP2_IDS } from './index.js';

const NCO = asId<OrganizationId>('nco');
const ctx: ReleaseContext = { producer: NCO, audience: [NCO], distribution: 3 };
const partner: Recipient = { kind: 'organisation', organisationId: asId('isp-c'), sector: 'telecommunications' };
const clear = [TLP2_IDS.clear];
const id = (type: string, n: number) => `${type}--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const secret: StixObject = { type: 'malware', id: id('malware', 1), name: 'NOOPDOOR', is_family: true, object_marking_refs: [TLP2_IDS.red] };
const indicator: StixObject = { type: 'indicator', id: id('indicator', 2), pattern: 'p', pattern_type: 'stix', valid_from: 'x', object_marking_refs: clear };
const rel = (n: number, source: string, target: string): StixObject => ({
  type: 'relationship',
  id: id('relationship', n),
  relationship_type: 'indicates',
  source_ref: source,
  target_ref: target,
  object_marking_refs: clear,
});

describe('releaseBundle', () => {
  it('withholds to a fixpoint: a relationship to a relationship to a withheld object goes too', () => {
    const r1 = rel(3, indicator.id, secret.id);
    const r2 = rel(4, indicator.id, r1.id);
    const sighting: StixObject = { type: 'sighting', id: id('sighting', 5), sighting_of_ref: r2.id, where_sighted_refs: [indicator.id], object_marking_refs: clear };
    const { released, withheld } = releaseBundle([secret, indicator, r1, r2, sighting], () => ctx, partner, 'taxii');
    expect(released.map((o) => o.id)).toEqual([TLP2_IDS.clear, indicator.id]);
    expect(withheld).toEqual([
      { id: secret.id, reason: 'TLP_RED_NOT_NAMED_INDIVIDUAL' },
      { id: r1.id, reason: 'REQUIRED_REF_WITHHELD' },
      { id: r2.id, reason: 'REQUIRED_REF_WITHHELD' },
      { id: sighting.id, reason: 'REQUIRED_REF_WITHHELD' },
    ]);
  });

  it('filters reference lists, drops optional refs, and withholds a report left with no objects', () => {
    const report: StixObject = {
      type: 'report',
      id: id('report', 6),
      name: 'r',
      published: 'x',
      object_refs: [secret.id, indicator.id],
      created_by_ref: id('identity', 9),
      object_marking_refs: clear,
    };
    const empty: StixObject = { type: 'report', id: id('report', 7), name: 'r', published: 'x', object_refs: [secret.id], object_marking_refs: clear };
    const sighting: StixObject = { type: 'sighting', id: id('sighting', 8), sighting_of_ref: indicator.id, observed_data_refs: [secret.id], object_marking_refs: clear };
    const { released, withheld } = releaseBundle([secret, indicator, report, empty, sighting], () => ctx, partner, 'taxii');
    expect(released.slice(1)).toEqual(
      [indicator, { ...report, object_refs: [indicator.id], created_by_ref: undefined }, { ...sighting, observed_data_refs: undefined }].map((o) => JSON.parse(JSON.stringify(o))),
    );
    expect(withheld.map((w) => w.id)).toEqual([secret.id, empty.id]);
  });

  it('keeps references to ids outside the bundle only when the caller says they were released', () => {
    const outside = id('malware', 42);
    const r = rel(10, indicator.id, outside);
    expect(releaseBundle([indicator, r], () => ctx, partner, 'taxii').withheld).toEqual([{ id: r.id, reason: 'REQUIRED_REF_WITHHELD' }]);
    expect(releaseBundle([indicator, r], () => ctx, partner, 'taxii', { alreadyReleased: (x) => x === outside }).released.map((o) => o.id)).toEqual([TLP2_IDS.clear, indicator.id, r.id]);
  });

  it('withholds an object without a release context', () => {
    expect(releaseBundle([indicator], new Map(), partner, 'taxii')).toEqual({ released: [], withheld: [{ id: indicator.id, reason: 'NO_CONTEXT' }] });
  });

  it('releases custom marking definitions without their own references', () => {
    const statement: MarkingDefinition = {
      type: 'marking-definition',
      spec_version: '2.1',
      id: id('marking-definition', 11),
      created: '2026-01-01T00:00:00.000Z',
      created_by_ref: id('identity', 12),
      definition_type: 'statement',
      definition: { statement: 'Copyright NCO 2026' },
    };
    const policy = createReleasePolicy({ customDefinitions: [statement] });
    const object = { ...indicator, object_marking_refs: [TLP2_IDS.green, statement.id] };
    const { released } = releaseBundle([object], () => ctx, partner, 'taxii', { policy });
    const { created_by_ref: _c, ...withoutCreator } = statement;
    expect(released).toEqual([withoutCreator, TLP2_DEFINITIONS.green, object]);
  });

  it('tells a mention of a withheld id from a released id of another type that shares its uuid', () => {
    const u = '3f56023a-f17c-4d98-8251-a6d28331d643';
    const hidden: StixObject = { ...secret, id: `malware--${u}` };
    const twin: StixObject = { ...indicator, id: `indicator--${u}` };
    const bare: StixObject = { ...indicator, id: id('indicator', 20), description: `uuid ${u.toUpperCase()}` };
    const glued: StixObject = { ...indicator, id: id('indicator', 21), description: `see-malware--${u}` };
    const { released, withheld } = releaseBundle([hidden, twin, bare, glued], () => ctx, partner, 'taxii');
    expect(released.map((o) => o.id)).toEqual([TLP2_IDS.clear, twin.id]);
    expect(withheld).toEqual([
      { id: hidden.id, reason: 'TLP_RED_NOT_NAMED_INDIVIDUAL' },
      { id: bare.id, reason: 'MENTIONS_WITHHELD_ID' },
      { id: glued.id, reason: 'MENTIONS_WITHHELD_ID' },
    ]);
  });
});
