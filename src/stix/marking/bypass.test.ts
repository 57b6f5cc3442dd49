/**
 * Bypass attempts, each made the way an outsider (or a careless producer) would try to get
 * intelligence past the release policy. Every one must fail closed.
 */
import { describe, expect, it } from 'vitest';
import { asId, type OrganizationId } from '../../core/ids.js';
import {
  createReleasePolicy,
  type MarkingDefinition,
  markingRefsFromMispTags,
  mayRelease,
  mayReleaseField,
  type Recipient,
  type ReleaseContext,
  redactObject,
  releaseBundle,
  type StixObject,
  TLP1_IDS,
  TLP2_DEFINITIONS,
  TLP2_EXTENSION_ID,
  TLP2_IDS,
} from './index.js';

const org = (id: string): OrganizationId => asId<OrganizationId>(id);
const NCO = org('nco');
const BANK = org('bank-a');
const OUTSIDER = org('outsider');
const ctx: ReleaseContext = { producer: NCO, audience: [NCO, BANK], distribution: 3 };
const outsider: Recipient = { kind: 'organisation', organisationId: OUTSIDER, sector: 'finance' };
const bankAnalyst: Recipient = { kind: 'role', role: 'operator_reporter', organisationId: BANK };
const ID = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
const marked = (refs: unknown, extra: Record<string, unknown> = {}): StixObject =>
  ({
    type: 'indicator',
    id: ID,
    spec_version: '2.1',
    pattern: '[ipv4-addr:value = "198.51.100.7"]',
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
    object_marking_refs: refs,
    ...extra,
  }) as StixObject;

describe('bypass attempts', () => {
  it('TLP 1.0 red id: read as TLP:RED, not as an unmarked object', () => {
    expect(mayRelease(marked([TLP1_IDS.red]), ctx, outsider, 'taxii').reason).toBe('TLP_RED_NOT_NAMED_INDIVIDUAL');
    expect(mayRelease(marked([TLP1_IDS.red]), ctx, bankAnalyst, 'taxii').reason).toBe('TLP_RED_CHANNEL');
    expect(mayRelease(marked([TLP1_IDS.red]), ctx, bankAnalyst, 'notice').allowed).toBe(true);
  });

  it('mixed-case MISP tags: TlP:ReD is TLP:RED, and a misspelt tlp tag is refused rather than ignored', () => {
    const refs = markingRefsFromMispTags(['TlP:ReD', 'pAp:gReEn']);
    expect(mayRelease(marked(refs), ctx, outsider, 'misp-feed').reason).toBe('TLP_RED_NOT_NAMED_INDIVIDUAL');
    expect(() => markingRefsFromMispTags(['TLP:REDD'])).toThrow(/SAKIMORI_ERR_STIX_MARKING_UNKNOWN|unknown marking TLP:REDD/);
  });

  it('unknown marking ref: denied at object level, and the field it covers is removed at field level', () => {
    const unknown = 'marking-definition--00000000-0000-4000-8000-000000000000';
    expect(mayRelease(marked([TLP2_IDS.clear, unknown]), ctx, bankAnalyst, 'api-view').reason).toBe('UNKNOWN_MARKING');
    const object = marked([TLP2_IDS.clear], { description: 'x', granular_markings: [{ marking_ref: unknown, selectors: ['description'] }] });
    const r = redactObject(object, ctx, bankAnalyst, 'api-view');
    expect(r.allowed && r.object.description === undefined && r.object.granular_markings === undefined).toBe(true);
    expect(mayRelease(marked(unknown), ctx, bankAnalyst, 'api-view').reason).toBe('UNKNOWN_MARKING');
  });

  it('duplicated markings of different levels: the most restrictive wins, in any order', () => {
    for (const refs of [
      [TLP2_IDS.clear, TLP2_IDS.red, TLP2_IDS.clear],
      [TLP2_IDS.red, TLP1_IDS.white],
      [TLP1_IDS.white, TLP1_IDS.white, TLP1_IDS.red],
    ]) {
      expect(mayRelease(marked(refs), ctx, outsider, 'taxii').reason).toBe('TLP_RED_NOT_NAMED_INDIVIDUAL');
    }
    const amberTwice = [TLP2_IDS.amber, TLP2_IDS['amber+strict'], TLP2_IDS.amber];
    expect(mayRelease(marked(amberTwice), ctx, { kind: 'organisation', organisationId: OUTSIDER, sector: 'finance', clientOf: BANK }, 'taxii').reason).toBe('TLP_AMBER_STRICT_OUTSIDE_AUDIENCE');
  });

  it('granular marking selecting the whole object (or its identity or markings) withholds it', () => {
    for (const selectors of [[''], ['.'], ['id'], ['type'], ['object_marking_refs'], ['granular_markings'], ['pattern'], ['object_marking_refs.[0]']]) {
      const object = marked([TLP2_IDS.clear], { granular_markings: [{ marking_ref: TLP2_IDS.red, selectors }] });
      expect([selectors, redactObject(object, ctx, outsider, 'taxii').allowed]).toEqual([selectors, false]);
    }
    expect(mayReleaseField(marked([TLP2_IDS.clear], { granular_markings: [{ marking_ref: TLP2_IDS.red, selectors: [''] }] }), ctx, outsider, 'taxii', 'pattern').reason).toBe('INVALID_SELECTOR');
  });

  it('a granular CLEAR on every property cannot widen an object-level RED', () => {
    const object = marked([TLP2_IDS.red], { granular_markings: [{ marking_ref: TLP2_IDS.clear, selectors: ['id', 'type', 'pattern', 'pattern_type', 'valid_from'] }] });
    expect(redactObject(object, ctx, outsider, 'taxii')).toEqual({ allowed: false, reason: 'TLP_RED_NOT_NAMED_INDIVIDUAL' });
    expect(mayReleaseField(object, ctx, outsider, 'taxii', 'pattern').allowed).toBe(false);
  });

  it('a granular marking with both a marking ref and a language is malformed and withholds', () => {
    const object = marked([TLP2_IDS.clear], { description: 'x', granular_markings: [{ marking_ref: TLP2_IDS.clear, lang: 'ja', selectors: ['description'] }] });
    expect(redactObject(object, ctx, outsider, 'taxii')).toEqual({ allowed: false, reason: 'INVALID_SELECTOR' });
  });

  it('empty sharing group: reaches nobody, not even its producer; an empty partner group receives nothing', () => {
    const sg: ReleaseContext = { ...ctx, distribution: 4, sharingGroupMembers: [] };
    for (const r of [outsider, bankAnalyst, { kind: 'organisation', organisationId: NCO, sector: 'finance' } as Recipient]) {
      expect(mayRelease(marked([TLP2_IDS.clear]), sg, r, 'api-view').reason).toBe('MISP_SHARING_GROUP_EMPTY');
    }
    expect(mayRelease(marked([TLP2_IDS.clear]), ctx, { kind: 'group', groupId: 'nobody', memberOrganisationIds: [] }, 'taxii').reason).toBe('EMPTY_GROUP');
  });

  it('clientOf an organisation outside the audience does not make an AMBER recipient', () => {
    const claimsClient: Recipient = { kind: 'organisation', organisationId: OUTSIDER, sector: 'finance', clientOf: org('somebody-else') };
    expect(mayRelease(marked([TLP2_IDS.amber]), ctx, claimsClient, 'taxii').reason).toBe('TLP_AMBER_OUTSIDE_AUDIENCE');
    const clientOfBank: Recipient = { kind: 'organisation', organisationId: OUTSIDER, sector: 'finance', clientOf: BANK };
    expect(mayRelease(marked([TLP2_IDS.amber]), ctx, clientOfBank, 'taxii').allowed).toBe(true);
    expect(mayRelease(marked([TLP2_IDS.red]), ctx, clientOfBank, 'api-view').reason).toBe('TLP_RED_NOT_NAMED_INDIVIDUAL');
  });

  it('refs hidden in nested extension properties, free text or upper case are not leaked', () => {
    const secret: StixObject = { type: 'indicator', id: 'indicator--3f56023a-f17c-4d98-8251-a6d28331d643', object_marking_refs: [TLP2_IDS.red] };
    const ext = 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e';
    const nested = marked([TLP2_IDS.clear], { extensions: { [ext]: { extension_type: 'property-extension', x_more: { deep: [{ target_ref: secret.id, peer_refs: [secret.id, ID] }] } } } });
    const text: StixObject = { type: 'note', id: 'note--a5fd3cc5-2322-4672-8432-fd1dc16355f1', content: `see ${secret.id.toUpperCase()}`, object_refs: [ID], object_marking_refs: [TLP2_IDS.clear] };
    const { released, withheld } = releaseBundle([secret, nested, text], () => ctx, outsider, 'taxii');
    expect(JSON.stringify(released).toLowerCase()).not.toContain('3f56023a-f17c-4d98-8251-a6d28331d643');
    const out = released.find((o) => o.id === ID) as StixObject;
    expect(out.extensions).toEqual({ [ext]: { extension_type: 'property-extension', x_more: { deep: [{ peer_refs: [ID] }] } } });
    expect(withheld).toEqual([
      { id: secret.id, reason: 'TLP_RED_NOT_NAMED_INDIVIDUAL' },
      { id: text.id, reason: 'MENTIONS_WITHHELD_ID' },
    ]);
  });

  it('a bundle cannot redefine TLP: a forged TLP:RED definition saying CLEAR is neither believed nor released', () => {
    const forged: MarkingDefinition = { ...TLP2_DEFINITIONS.red, name: 'TLP:CLEAR', extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: 'clear' } } };
    const policy = createReleasePolicy({ customDefinitions: [forged] });
    const { released, withheld } = releaseBundle([forged, marked([TLP2_IDS.red])], () => ctx, bankAnalyst, 'sse', { policy });
    expect(withheld).toEqual([]);
    expect(released[0]).toEqual(TLP2_DEFINITIONS.red);
    expect(releaseBundle([forged, marked([TLP2_IDS.red])], () => ctx, outsider, 'taxii', { policy }).released).toEqual([]);
  });

  it('object_marking_refs that is not a list is unknown, not "no marking"', () => {
    expect(mayRelease(marked(TLP2_IDS.red), ctx, outsider, 'taxii').reason).toBe('UNKNOWN_MARKING');
  });

  it('an old CLEAR version does not release an id whose newer version is RED; nor does "already released"', () => {
    const v1 = marked([TLP2_IDS.clear], { modified: '2026-01-01T00:00:00.000Z' });
    const v2 = marked([TLP2_IDS.red], { modified: '2026-02-01T00:00:00.000Z' });
    const report: StixObject = { type: 'report', id: 'report--94b99c29-ff8a-4057-8a1d-5cfdad7cf395', name: 'r', published: 'x', object_refs: [ID], object_marking_refs: [TLP2_IDS.clear] };
    const { released, withheld } = releaseBundle([v1, v2, report], () => ctx, outsider, 'taxii', { alreadyReleased: () => true });
    expect(released).toEqual([]);
    expect(withheld.map((w) => w.reason)).toEqual(['TLP_RED_NOT_NAMED_INDIVIDUAL', 'OTHER_VERSION_WITHHELD', 'REQUIRED_REF_WITHHELD']);
  });

  it('a recipient or channel of a kind the types do not know fails closed', () => {
    const stranger = { kind: 'everyone' } as unknown as Recipient;
    for (const level of ['green', 'amber', 'amber+strict', 'red'] as const) expect(mayRelease(marked([TLP2_IDS[level]]), ctx, stranger, 'api-view').allowed).toBe(false);
    expect(mayRelease(marked([TLP2_IDS.clear]), { ...ctx, distribution: 1 }, stranger, 'api-view').allowed).toBe(false);
    expect(mayRelease(marked([TLP2_IDS.red]), ctx, bankAnalyst, 'carrier-pigeon' as never).allowed).toBe(false);
  });
});
