import { describe, expect, it } from 'vitest';
import { asId, type OrganizationId } from '../../core/ids.js';
import { isSakimoriError } from '../../core/errors.js';
import { type Channel, CHANNELS, createReleasePolicy, mayRelease, mayReleaseField, PAP_IDS, type Recipient, type ReleaseContext, type StixObject, TLP1_IDS, TLP2_IDS } from './index.js';

const org = (id: string): OrganizationId => asId<OrganizationId>(id);
const NCO = org('nco');
const BANK = org('bank-a');
const VENDOR = org('it-vendor');
const OTHER = org('gas-b');

const ctx: ReleaseContext = { producer: NCO, audience: [NCO, BANK], distribution: 3 };
const indicator = (refs: string[] = []): StixObject => ({ type: 'indicator', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', ...(refs.length > 0 ? { object_marking_refs: refs } : {}) });

const recipients: Record<string, Recipient> = {
  public: { kind: 'public' },
  bank: { kind: 'organisation', organisationId: BANK, sector: 'finance' },
  bankClient: { kind: 'organisation', organisationId: VENDOR, sector: 'telecommunications', clientOf: BANK },
  outsider: { kind: 'organisation', organisationId: OTHER, sector: 'gas' },
  bankAnalyst: { kind: 'role', role: 'operator_reporter', organisationId: BANK },
  outsiderAnalyst: { kind: 'role', role: 'operator_reporter', organisationId: OTHER },
  audienceGroup: { kind: 'group', groupId: 'isac', memberOrganisationIds: [NCO, BANK] },
  mixedGroup: { kind: 'group', groupId: 'isac', memberOrganisationIds: [BANK, OTHER] },
};

describe('mayRelease: TLP 2.0 as FIRST defines it', () => {
  // Expected verdicts written per level and recipient, over a bulk channel (taxii).
  const table: [string, Record<string, boolean>][] = [
    ['clear', { public: true, bank: true, bankClient: true, outsider: true, bankAnalyst: true, outsiderAnalyst: true, audienceGroup: true, mixedGroup: true }],
    ['green', { public: false, bank: true, bankClient: true, outsider: true, bankAnalyst: true, outsiderAnalyst: true, audienceGroup: true, mixedGroup: true }],
    ['amber', { public: false, bank: true, bankClient: true, outsider: false, bankAnalyst: true, outsiderAnalyst: false, audienceGroup: true, mixedGroup: false }],
    ['amber+strict', { public: false, bank: true, bankClient: false, outsider: false, bankAnalyst: true, outsiderAnalyst: false, audienceGroup: true, mixedGroup: false }],
    ['red', { public: false, bank: false, bankClient: false, outsider: false, bankAnalyst: false, outsiderAnalyst: false, audienceGroup: false, mixedGroup: false }],
  ];
  for (const [level, row] of table) {
    it(`TLP:${level.toUpperCase()} over TAXII`, () => {
      const got = Object.fromEntries(Object.entries(recipients).map(([name, r]) => [name, mayRelease(indicator([TLP2_IDS[level as keyof typeof TLP2_IDS]]), ctx, r, 'taxii').allowed]));
      expect(got).toEqual(row);
    });
  }

  it('TLP:RED reaches a named individual of the audience over person-to-person channels only', () => {
    const got = Object.fromEntries(CHANNELS.map((c) => [c, mayRelease(indicator([TLP2_IDS.red]), ctx, recipients.bankAnalyst as Recipient, c).reason]));
    expect(got).toEqual({
      taxii: 'TLP_RED_CHANNEL',
      'misp-feed': 'TLP_RED_CHANNEL',
      'file-export': 'TLP_RED_CHANNEL',
      'bundle-export': 'TLP_RED_CHANNEL',
      'event-jsonl': 'TLP_RED_CHANNEL',
      webhook: 'TLP_RED_CHANNEL',
      exec: 'TLP_RED_CHANNEL',
      'api-view': 'ALLOWED',
      sse: 'ALLOWED',
      notice: 'ALLOWED',
    });
    expect(mayRelease(indicator([TLP2_IDS.red]), ctx, recipients.outsiderAnalyst as Recipient, 'api-view').reason).toBe('TLP_RED_NOT_NAMED_INDIVIDUAL');
  });

  it('takes the most restrictive of several TLP markings, TLP 1.0 included', () => {
    expect(mayRelease(indicator([TLP2_IDS.clear, TLP1_IDS.amber, TLP2_IDS.green]), ctx, recipients.outsider as Recipient, 'taxii').reason).toBe('TLP_AMBER_OUTSIDE_AUDIENCE');
    expect(mayRelease(indicator([TLP1_IDS.white]), ctx, recipients.public as Recipient, 'file-export').allowed).toBe(true);
  });

  it('treats an object without TLP per the configured default', () => {
    const green = createReleasePolicy({ defaultMarkingRef: TLP2_IDS.green });
    expect(mayRelease(indicator([PAP_IDS.red]), ctx, recipients.outsider as Recipient, 'taxii', green).allowed).toBe(true);
    expect(mayRelease(indicator([PAP_IDS.red]), ctx, recipients.outsider as Recipient, 'taxii').reason).toBe('TLP_AMBER_STRICT_OUTSIDE_AUDIENCE');
    expect(mayRelease(indicator(), ctx, recipients.public as Recipient, 'taxii', green).reason).toBe('TLP_GREEN_NOT_PUBLIC');
  });

  it('refuses a default that is not a TLP marking', () => {
    let error: unknown;
    try {
      createReleasePolicy({ defaultMarkingRef: PAP_IDS.red });
    } catch (e) {
      error = e;
    }
    expect(isSakimoriError(error, 'SAKIMORI_ERR_STIX_MARKING_DEFAULT_NOT_TLP')).toBe(true);
  });

  it('denies an unknown marking ref and names it', () => {
    const ref = 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec';
    expect(mayRelease(indicator([TLP2_IDS.clear, ref]), ctx, recipients.bank as Recipient, 'api-view')).toEqual({ allowed: false, reason: 'UNKNOWN_MARKING', ref });
  });
});

describe('mayRelease: MISP distribution narrows further', () => {
  const clear = indicator([TLP2_IDS.clear]);
  const cases: [string, ReleaseContext, string, string][] = [
    ['0 reaches the producer', { ...ctx, distribution: 0 }, 'producer', 'ALLOWED'],
    ['0 not another organisation', { ...ctx, distribution: 0 }, 'bank', 'MISP_OWN_ORGANISATION_ONLY'],
    ['1 reaches community members', { ...ctx, distribution: 1 }, 'outsider', 'ALLOWED'],
    ['1 never the public', { ...ctx, distribution: 1 }, 'public', 'MISP_COMMUNITY_NOT_PUBLIC'],
    ['2 never the public', { ...ctx, distribution: 2 }, 'public', 'MISP_COMMUNITY_NOT_PUBLIC'],
    ['3 reaches the public', { ...ctx, distribution: 3 }, 'public', 'ALLOWED'],
    ['4 reaches sharing-group members', { ...ctx, distribution: 4, sharingGroupMembers: [BANK] }, 'bank', 'ALLOWED'],
    ['4 not others', { ...ctx, distribution: 4, sharingGroupMembers: [BANK] }, 'outsider', 'MISP_NOT_IN_SHARING_GROUP'],
    ['4 not a group partly outside', { ...ctx, distribution: 4, sharingGroupMembers: [BANK] }, 'mixedGroup', 'MISP_NOT_IN_SHARING_GROUP'],
    ['4 with an empty sharing group reaches nobody', { ...ctx, distribution: 4, sharingGroupMembers: [] }, 'producer', 'MISP_SHARING_GROUP_EMPTY'],
    ['4 without members reaches nobody', { ...ctx, distribution: 4 }, 'bank', 'MISP_SHARING_GROUP_EMPTY'],
    ['5 inherits the event', { ...ctx, distribution: 5, inherited: { distribution: 4, sharingGroupMembers: [OTHER] } }, 'outsider', 'ALLOWED'],
    ['5 inherits the event (denied)', { ...ctx, distribution: 5, inherited: { distribution: 0 } }, 'bank', 'MISP_OWN_ORGANISATION_ONLY'],
    ['5 with nothing to inherit reaches nobody', { ...ctx, distribution: 5 }, 'producer', 'MISP_INHERIT_UNRESOLVED'],
  ];
  const withProducer: Record<string, Recipient> = { ...recipients, producer: { kind: 'organisation', organisationId: NCO, sector: 'finance' } };
  it.each(cases)('%s', (_name, context, who, reason) => {
    expect(mayRelease(clear, context, withProducer[who] as Recipient, 'taxii').reason).toBe(reason);
  });

  it('a distribution outside 0–5 reaches nobody', () => {
    const bad = { ...ctx, distribution: 9 } as unknown as ReleaseContext;
    expect(mayRelease(clear, bad, recipients.bank as Recipient, 'taxii').reason).toBe('MISP_DISTRIBUTION_INVALID');
  });
});

describe('mayReleaseField', () => {
  const object: StixObject = {
    ...indicator([TLP2_IDS.green]),
    description: 'seen at the bank',
    external_references: [{ source_name: 'jpcert', url: 'https://example.org/x' }],
    granular_markings: [
      { marking_ref: TLP2_IDS.red, selectors: ['description'] },
      { marking_ref: TLP2_IDS.amber, selectors: ['external_references.[0].url'] },
    ],
  };
  const check = (who: string, selector: string, channel: Channel = 'taxii') => mayReleaseField(object, ctx, recipients[who] as Recipient, channel, selector).reason;

  it('applies the granular marking of the field, its ancestors and its contents', () => {
    expect(check('outsider', 'description')).toBe('TLP_RED_NOT_NAMED_INDIVIDUAL');
    expect(check('outsider', 'external_references')).toBe('TLP_AMBER_OUTSIDE_AUDIENCE');
    expect(check('outsider', 'external_references.[0].source_name')).toBe('ALLOWED');
    expect(check('bankClient', 'external_references.[0].url')).toBe('ALLOWED');
    expect(check('bankAnalyst', 'description', 'notice')).toBe('ALLOWED');
  });

  it('applies the object-level marking first', () => {
    expect(check('public', 'external_references.[0].source_name')).toBe('TLP_GREEN_NOT_PUBLIC');
  });

  it('denies a malformed selector', () => {
    expect(check('bank', 'labels[0]')).toBe('INVALID_SELECTOR');
  });
});
