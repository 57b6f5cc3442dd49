/**
 * Advisories end to end over the store on both engines, and every rule tried the way around it: who
 * drafts and publishes, who sees a draft, whose inbox an advisory reaches, whose assets an operator
 * answers for, what a regulator sees, what a marking allows, what the state allows, and that an
 * audit failure leaves nothing behind.
 */
import type { Kysely } from 'kysely';
import { silentLogger } from '../../core/logger.js';
import { beforeEach, expect, it } from 'vitest';
import { type AuditEventInput, validateEvent } from '../../core/audit-event.js';
import { isSakimoriError } from '../../core/errors.js';
import { asId, type OrganizationId, type UserId } from '../../core/ids.js';
import type { Actor } from '../../core/roles.js';
import { OrganizationStore } from '../../registry/organization-store.js';
import type { Database } from '../../storage/database.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { AssetStore } from '../assets/asset-store.js';
import { AdvisoryService, type AdvisoryNotice } from './advisory-service.js';

class RecordingSink {
  readonly events: AuditEventInput[] = [];
  failWith: Error | undefined;
  async record(_trx: Kysely<Database>, e: AuditEventInput): Promise<void> {
    if (this.failWith !== undefined) throw this.failWith;
    validateEvent(e);
    this.events.push(e);
  }
  async drain(): Promise<void> {}
  actions(): string[] {
    return this.events.map((e) => e.action);
  }
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isSakimoriError(e)) return e.code;
    throw e;
  }
  throw new Error('not refused');
}

const NOW = Date.UTC(2026, 10, 2, 3);
const DAY = 86_400_000;
const actor = (id: string, roles: Actor['roles'], extra: Partial<Actor> = {}): Actor => ({ userId: asId<UserId>(id), roles, ...extra });
const body = (cves = ['CVE-2023-27997'], tlp = 'amber') => ({
  title: 'FortiOS SSL-VPN heap overflow',
  summary: 'Exploited in the wild.',
  action: 'Upgrade to 7.2.5 or later.',
  cves,
  acknowledgeWithinDays: 14,
  tlp,
});

describeStorage('advisories', (ctx) => {
  let audit: RecordingSink;
  let mails: AdvisoryNotice[];
  let service: AdvisoryService;
  let analyst: Actor;
  let airlineOp: Actor;
  let bankOp: Actor;
  let aviation: Actor;
  let finance: Actor;
  let gateway: string;
  let ivanti: string;
  let airline: string;
  let bank: string;

  const finding = (assetId: string, organizationId: string, cve: string, priority: number) => ({
    asset_id: assetId,
    cve_id: cve,
    organization_id: organizationId,
    certainty: 'confirmed',
    priority,
    kev: 1,
    detail: '{}',
    first_seen_at: NOW,
    updated_at: NOW,
  });

  beforeEach(async () => {
    await ctx.reset();
    ctx.clock.set(NOW);
    audit = new RecordingSink();
    mails = [];
    const orgs = new OrganizationStore(ctx.db, ctx.clock);
    airline = (await orgs.create({ name: 'Aozora Airlines', sector: 'aviation', contactEmail: 'soc@aozora.example' })).id;
    bank = (await orgs.create({ name: 'Kohaku Bank', sector: 'finance' })).id;
    const assets = new AssetStore(ctx.db, { clock: ctx.clock });
    const office = { actor: { id: 'office', organizationId: null } };
    gateway = (
      await assets.create(
        asId<OrganizationId>(airline),
        {
          vendor: 'Fortinet',
          product: 'FortiGate',
          version: '7.2.4',
          cpe: 'cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*',
          role: 'vpn-gateway',
          site: 'Haneda',
          introducedOn: '2026-01-10',
          status: 'in-service',
        },
        office,
      )
    ).id;
    ivanti = (
      await assets.create(
        asId<OrganizationId>(bank),
        { vendor: 'Ivanti', product: 'Connect Secure', version: '22.7R2.3', role: 'vpn-gateway', introducedOn: '2026-01-10', status: 'in-service' },
        office,
      )
    ).id;
    await ctx.db
      .insertInto('exposure_findings')
      .values([finding(gateway, airline, 'CVE-2023-27997', 93), finding(gateway, airline, 'CVE-2024-21762', 90), finding(ivanti, bank, 'CVE-2025-0282', 95)])
      .execute();
    service = new AdvisoryService({
      db: ctx.db,
      clock: ctx.clock,
      logger: silentLogger(),
      audit,
      office: { identity: { id: 'identity--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', name: 'NCO' }, organization: asId<OrganizationId>('office') },
      notify: async (n) => {
        mails.push(n);
      },
    });
    analyst = actor('u-analyst', ['nco_analyst']);
    airlineOp = actor('u-airline', ['operator_reporter'], { organizationId: asId<OrganizationId>(airline) });
    bankOp = actor('u-bank', ['operator_reporter'], { organizationId: asId<OrganizationId>(bank) });
    aviation = actor('u-aviation', ['sector_regulator'], { sector: 'aviation' });
    finance = actor('u-finance', ['sector_regulator'], { sector: 'finance' });
  });

  const count = async (table: 'advisories' | 'advisory_recipients' | 'advisory_assets' | 'stix_objects') =>
    Number(
      (
        await ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('goes from draft to the operator’s inbox, answers and acknowledgement, with STIX in its collection and every step audited', async () => {
    const draft = await service.draft(analyst, body(['CVE-2023-27997', 'CVE-2024-21762']));
    const preview = await service.get(analyst, draft.id);
    expect(preview.assets.map((a) => [a.assetId, a.cves, a.priority])).toEqual([[gateway, ['CVE-2023-27997', 'CVE-2024-21762'], 93]]);
    const published = await service.publish(analyst, draft.id);
    expect(published.advisory).toMatchObject({ status: 'published', publishedAt: NOW, dueAt: NOW + 14 * DAY, publishedBy: 'u-analyst' });
    expect(published.recipients).toEqual([expect.objectContaining({ organizationId: airline, state: 'open', assets: 1, answered: 0 })]);
    // The e-mail heads-up names the advisory and the deadline, never its content.
    expect(mails).toEqual([expect.objectContaining({ advisoryId: draft.id, organizationId: airline, to: 'soc@aozora.example' })]);
    expect(JSON.stringify(mails)).not.toContain('FortiOS');
    const stix = await ctx.db
      .selectFrom('stix_collection_objects')
      .innerJoin('stix_objects', 'stix_objects.id', 'stix_collection_objects.object_id')
      .select(['stix_objects.type'])
      .where('collection_id', '=', `advisories-${airline}`)
      .execute();
    expect(stix.map((o) => o.type).sort()).toEqual([
      'course-of-action',
      'identity',
      'identity',
      'relationship',
      'relationship',
      'relationship',
      'relationship',
      'report',
      'vulnerability',
      'vulnerability',
    ]);

    expect((await service.list(airlineOp, { limit: 10 })).map((a) => a.id)).toEqual([draft.id]);
    const answered = await service.answer(airlineOp, draft.id, gateway, { answer: 'patched' });
    expect(answered.assets[0]).toMatchObject({ answer: 'patched', answeredBy: 'u-airline' });
    const acked = await service.acknowledge(airlineOp, draft.id);
    expect(acked.recipients[0]).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'u-airline', answered: 1 });
    expect(audit.actions()).toEqual(['advisory.draft', 'advisory.publish', 'advisory.answer', 'advisory.acknowledge']);
  });

  it('lets only the office’s analysts draft, edit, publish and withdraw', async () => {
    for (const who of [airlineOp, aviation]) expect(await refusal(service.draft(who, body()))).toBe('SAKIMORI_ERR_ADVISORY_FORBIDDEN');
    const draft = await service.draft(analyst, body());
    for (const who of [airlineOp, aviation]) {
      expect(await refusal(service.update(who, draft.id, { title: 'mine now' }))).toBe('SAKIMORI_ERR_ADVISORY_FORBIDDEN');
      expect(await refusal(service.publish(who, draft.id))).toBe('SAKIMORI_ERR_ADVISORY_FORBIDDEN');
    }
    await service.publish(analyst, draft.id);
    expect(await refusal(service.withdraw(airlineOp, draft.id))).toBe('SAKIMORI_ERR_ADVISORY_FORBIDDEN');
    expect((await service.get(analyst, draft.id)).advisory.status).toBe('published');
  });

  it('keeps drafts from operators and regulators, even those they will concern', async () => {
    const draft = await service.draft(analyst, body());
    for (const who of [airlineOp, aviation]) {
      expect(await refusal(service.get(who, draft.id))).toBe('SAKIMORI_ERR_ADVISORY_NOT_FOUND');
      expect(await service.list(who, { limit: 10 })).toEqual([]);
    }
    expect(await refusal(service.acknowledge(airlineOp, draft.id))).toBe('SAKIMORI_ERR_ADVISORY_NOT_FOUND');
    expect(await refusal(service.answer(airlineOp, draft.id, gateway, { answer: 'patched' }))).toBe('SAKIMORI_ERR_ADVISORY_NOT_FOUND');
  });

  it('keeps one organisation’s advisory, assets and answers from another', async () => {
    const toAirline = await service.draft(analyst, body());
    await service.publish(analyst, toAirline.id);
    expect(await refusal(service.get(bankOp, toAirline.id))).toBe('SAKIMORI_ERR_ADVISORY_NOT_FOUND');
    expect(await refusal(service.acknowledge(bankOp, toAirline.id))).toBe('SAKIMORI_ERR_ADVISORY_NOT_FOUND');
    expect(await refusal(service.answer(bankOp, toAirline.id, gateway, { answer: 'patched' }))).toBe('SAKIMORI_ERR_ADVISORY_NOT_FOUND');
    expect(await service.list(bankOp, { limit: 10 })).toEqual([]);
    // An advisory to both: each sees only its own assets and acknowledgement, and answers only for its own.
    const toBoth = await service.draft(analyst, body(['CVE-2023-27997', 'CVE-2025-0282']));
    await service.publish(analyst, toBoth.id);
    const bankView = await service.get(bankOp, toBoth.id);
    expect(bankView.assets.map((a) => a.assetId)).toEqual([ivanti]);
    expect(bankView.recipients.map((r) => r.organizationId)).toEqual([bank]);
    expect(await refusal(service.answer(bankOp, toBoth.id, gateway, { answer: 'not-affected', note: 'not ours' }))).toBe('SAKIMORI_ERR_ADVISORY_NOT_FOUND');
    await service.acknowledge(bankOp, toBoth.id);
    const airlineView = await service.get(airlineOp, toBoth.id);
    expect(airlineView.recipients).toEqual([expect.objectContaining({ organizationId: airline, acknowledgedAt: null })]);
    expect((await service.get(analyst, toBoth.id)).assets.find((a) => a.assetId === gateway)?.answer).toBeNull();
  });

  it('shows a regulator its sector’s recipients only, and lets it neither acknowledge nor answer', async () => {
    const toBoth = await service.draft(analyst, body(['CVE-2023-27997', 'CVE-2025-0282']));
    await service.publish(analyst, toBoth.id);
    const view = await service.get(aviation, toBoth.id);
    expect(view.recipients.map((r) => r.organizationId)).toEqual([airline]);
    expect(view.assets.map((a) => a.assetId)).toEqual([gateway]);
    const toAirline = await service.draft(analyst, body());
    await service.publish(analyst, toAirline.id);
    expect(await refusal(service.get(finance, toAirline.id))).toBe('SAKIMORI_ERR_ADVISORY_NOT_FOUND');
    expect((await service.list(finance, { limit: 10 })).map((a) => a.id)).toEqual([toBoth.id]);
    expect(await refusal(service.acknowledge(aviation, toAirline.id))).toBe('SAKIMORI_ERR_ADVISORY_FORBIDDEN');
    expect(await refusal(service.answer(aviation, toAirline.id, gateway, { answer: 'patched' }))).toBe('SAKIMORI_ERR_ADVISORY_FORBIDDEN');
  });

  it('publishes advisories under different markings to one organisation (the shared identities are written once)', async () => {
    const amber = await service.draft(analyst, body(['CVE-2023-27997'], 'amber'));
    await service.publish(analyst, amber.id);
    const green = await service.draft(analyst, body(['CVE-2024-21762'], 'green'));
    expect((await service.publish(analyst, green.id)).advisory.status).toBe('published');
    const clear = await service.draft(analyst, body(['CVE-2023-27997', 'CVE-2024-21762'], 'clear'));
    expect((await service.publish(analyst, clear.id)).advisory.status).toBe('published');
  });

  it('refuses to publish TLP:RED to an organisation’s inbox and stores nothing of it', async () => {
    const red = await service.draft(analyst, body(['CVE-2023-27997'], 'red'));
    const stixBefore = await count('stix_objects');
    expect(await refusal(service.publish(analyst, red.id))).toBe('SAKIMORI_ERR_ADVISORY_NOT_RELEASABLE');
    expect((await service.get(analyst, red.id)).advisory.status).toBe('draft');
    expect({ recipients: await count('advisory_recipients'), assets: await count('advisory_assets'), stix: await count('stix_objects') }).toEqual({ recipients: 0, assets: 0, stix: stixBefore });
    expect(mails).toEqual([]);
  });

  it('refuses what the state forbids: editing a published advisory, answering a withdrawn one, publishing to nobody', async () => {
    const a = await service.draft(analyst, body());
    await service.publish(analyst, a.id);
    expect(await refusal(service.update(analyst, a.id, { title: 'changed after the fact' }))).toBe('SAKIMORI_ERR_ADVISORY_STATE');
    expect(await refusal(service.publish(analyst, a.id))).toBe('SAKIMORI_ERR_ADVISORY_STATE');
    await service.withdraw(analyst, a.id);
    expect(await refusal(service.answer(airlineOp, a.id, gateway, { answer: 'patched' }))).toBe('SAKIMORI_ERR_ADVISORY_STATE');
    expect(await refusal(service.acknowledge(airlineOp, a.id))).toBe('SAKIMORI_ERR_ADVISORY_STATE');
    const nobody = await service.draft(analyst, body(['CVE-2019-0001']));
    expect(await refusal(service.publish(analyst, nobody.id))).toBe('SAKIMORI_ERR_ADVISORY_NO_RECIPIENTS');
    const stale = await service.draft(analyst, body());
    await service.update(analyst, stale.id, { title: 'first edit' }, 1);
    expect(await refusal(service.update(analyst, stale.id, { title: 'second edit from an old read' }, 1))).toBe('SAKIMORI_ERR_ADVISORY_CONFLICT');
  });

  it('checks what is written: CVE ids, days, marking, and a note where the answer needs one', async () => {
    expect(await refusal(service.draft(analyst, { ...body(), cves: ['CVE-2023-27997', 'cve-2023-1'] }))).toBe('SAKIMORI_ERR_ADVISORY_INVALID');
    expect(await refusal(service.draft(analyst, { ...body(), cves: ['CVE-2023-27997', 'CVE-2023-27997'] }))).toBe('SAKIMORI_ERR_ADVISORY_INVALID');
    expect(await refusal(service.draft(analyst, { ...body(), acknowledgeWithinDays: 0 }))).toBe('SAKIMORI_ERR_ADVISORY_INVALID');
    expect(await refusal(service.draft(analyst, { ...body(), tlp: 'white' }))).toBe('SAKIMORI_ERR_ADVISORY_INVALID');
    const a = await service.draft(analyst, body());
    await service.publish(analyst, a.id);
    expect(await refusal(service.answer(airlineOp, a.id, gateway, { answer: 'mitigated' }))).toBe('SAKIMORI_ERR_ADVISORY_INVALID');
    expect(await refusal(service.answer(airlineOp, a.id, gateway, { answer: 'ignored' }))).toBe('SAKIMORI_ERR_ADVISORY_INVALID');
    const done = await service.answer(airlineOp, a.id, gateway, { answer: 'mitigated', note: 'SSL-VPN disabled on the WAN interface' });
    expect(done.assets[0]).toMatchObject({ answer: 'mitigated', note: 'SSL-VPN disabled on the WAN interface' });
  });

  it('flags an advisory overdue to the analyst and the regulator, and a late acknowledgement as late', async () => {
    const a = await service.draft(analyst, body());
    await service.publish(analyst, a.id);
    expect(await service.list(analyst, { limit: 10, overdue: true })).toEqual([]);
    ctx.clock.set(NOW + 15 * DAY);
    expect((await service.list(analyst, { limit: 10, overdue: true })).map((x) => x.id)).toEqual([a.id]);
    expect((await service.list(aviation, { limit: 10, overdue: true })).map((x) => x.id)).toEqual([a.id]);
    expect(await service.list(finance, { limit: 10, overdue: true })).toEqual([]);
    expect((await service.get(aviation, a.id)).recipients[0]?.state).toBe('overdue');
    await service.acknowledge(airlineOp, a.id);
    expect((await service.get(analyst, a.id)).recipients[0]?.state).toBe('acknowledged-late');
    expect(await service.list(analyst, { limit: 10, overdue: true })).toEqual([]);
  });

  it('writes nothing when the audit log fails', async () => {
    const a = await service.draft(analyst, body());
    audit.failWith = new Error('audit log unreachable');
    await expect(service.publish(analyst, a.id)).rejects.toThrow('audit log unreachable');
    await expect(service.draft(analyst, body())).rejects.toThrow('audit log unreachable');
    audit.failWith = undefined;
    expect((await service.get(analyst, a.id)).advisory.status).toBe('draft');
    expect({ advisories: await count('advisories'), recipients: await count('advisory_recipients') }).toEqual({ advisories: 1, recipients: 0 });
  });

  it('drafts one advisory per KEV addition that concerns a registered asset, and none twice', async () => {
    const kev = (cve: string) => ({ cve, name: `${cve} flaw`, requiredAction: 'Apply updates per vendor instructions.', description: 'Exploited.' });
    const drafts = await service.draftFromKev([kev('CVE-2023-27997'), kev('CVE-2019-0001'), kev('CVE-2025-0282')]);
    expect(drafts.map((d) => [d.cves, d.origin, d.status, d.tlp])).toEqual([
      [['CVE-2023-27997'], 'kev', 'draft', 'green'],
      [['CVE-2025-0282'], 'kev', 'draft', 'green'],
    ]);
    expect(await service.draftFromKev([kev('CVE-2023-27997')])).toEqual([]);
    expect(audit.events.map((e) => e.actor)).toEqual([
      { kind: 'system', id: 'sakimori' },
      { kind: 'system', id: 'sakimori' },
    ]);
  });
});
