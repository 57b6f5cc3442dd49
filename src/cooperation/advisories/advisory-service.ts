/**
 * Advisories from the office to operators. Who may do what is decided here, not in the routes:
 *
 * - the office's analysts draft, edit (drafts only), publish and withdraw; publication computes the
 *   organisations and assets concerned from the exposure findings and keeps them as a snapshot;
 * - an operator reporter sees a published advisory only when its organisation is a recipient, sees
 *   only its own organisation's assets in it, acknowledges for its organisation and answers per
 *   asset of its own; a draft, a withdrawn advisory's answers, or another organisation's advisory
 *   answer as if they did not exist (404), never 403, so existence does not leak;
 * - a sector regulator sees published advisories that went to organisations of its sector, and
 *   only those organisations' acknowledgements and answers;
 * - every change is audit-logged in its transaction (both or neither).
 *
 * Publication checks the release policy for every recipient before anything is stored (TLP:RED
 * cannot go to an organisation's inbox) and writes the STIX advisory into each recipient's
 * collection in the same transaction. The e-mail heads-up (which carries no content, so a marking
 * never travels by mail) is sent after the commit; failing, it is logged and the inbox still holds
 * the advisory.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuditEventInput } from '../../core/audit-event.js';
import type { Clock } from '../../core/clock.js';
import type { OrganizationId } from '../../core/ids.js';
import type { Actor } from '../../core/roles.js';
import type { Sector } from '../../core/sectors.js';
import { advisoryReleaseRefusal, shareAdvisory } from '../../intel/share/advisory-to-operator.js';
import type { Database } from '../../storage/database.js';
import { newId } from '../../storage/id.js';
import { inTransaction } from '../../storage/transaction.js';
import type { Advisory, AdvisoryAsset, AdvisoryFields, AdvisoryOrigin, AdvisoryRecipient, AdvisoryStatus } from './advisory.js';
import { checkAdvisoryFields, checkAnswer } from './advisory-input.js';
import { concernedAssets, type ConcernedAsset, recipientsOf, snapshotAssets, toAdvisory } from './advisory-rows.js';
import { ERR_ADVISORY_CONFLICT, ERR_ADVISORY_FORBIDDEN, ERR_ADVISORY_NO_RECIPIENTS, ERR_ADVISORY_NOT_FOUND, ERR_ADVISORY_NOT_RELEASABLE, ERR_ADVISORY_STATE } from './errors.js';

const DAY = 86_400_000;

/** Where advisory changes are audit-logged (the oversight `AuditLog` fits). */
export interface AdvisoryAuditSink {
  record(trx: Kysely<Database>, event: AuditEventInput): Promise<void>;
  drain(): Promise<void>;
}

/** An e-mail heads-up to an organisation's contact. */
export interface AdvisoryNotice {
  readonly advisoryId: string;
  readonly organizationId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** What the service needs. */
export interface AdvisoryServiceDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly audit: AdvisoryAuditSink;
  /** The office as it signs STIX objects, and its organisation in the release policy. */
  readonly office: { readonly identity: { readonly id: string; readonly name: string }; readonly organization: OrganizationId };
  /** Sends an e-mail heads-up (outbox and SMTP relay); omitted, none is sent. */
  readonly notify?: (notice: AdvisoryNotice) => Promise<void>;
}

/** One advisory as a caller may see it. */
export interface AdvisoryDetail {
  readonly advisory: Advisory;
  /** Published: the recipients in the caller's scope. Draft (analysts): empty. */
  readonly recipients: readonly AdvisoryRecipient[];
  /** Published: the snapshot's assets in the caller's scope. Draft: the assets concerned now (a preview). */
  readonly assets: readonly AdvisoryAsset[];
}

/** List filters. */
export interface AdvisoryListOptions {
  readonly status?: AdvisoryStatus;
  /** Only advisories with a recipient in the caller's scope past due and not acknowledged. */
  readonly overdue?: boolean;
  readonly limit: number;
  /** Id of the last advisory of the previous page (newest first, by creation). */
  readonly after?: { readonly createdAt: number; readonly id: string };
}

const isAnalyst = (a: Actor) => a.roles.includes('nco_analyst');

/** The advisory service. */
export class AdvisoryService {
  readonly #d: AdvisoryServiceDeps;

  constructor(deps: AdvisoryServiceDeps) {
    this.#d = deps;
  }

  /** Drafts an advisory (analysts; or the platform for a KEV addition). */
  async draft(actor: Actor | 'system', input: Partial<Record<keyof AdvisoryFields, unknown>>, origin: AdvisoryOrigin = 'analyst'): Promise<Advisory> {
    if (actor !== 'system' && !isAnalyst(actor)) throw new ERR_ADVISORY_FORBIDDEN('only the office’s analysts draft advisories');
    const fields = checkAdvisoryFields(input);
    const now = this.#d.clock.now();
    const id = newId(now);
    const by = actor === 'system' ? 'system' : actor.userId;
    return this.#audited(actor, 'advisory.draft', id, { origin }, async (trx) => {
      await trx
        .insertInto('advisories')
        .values({ id, status: 'draft', origin, ...rowFields(fields), created_by: by, created_at: now, updated_at: now, published_at: null, published_by: null, due_at: null, revision: 1 })
        .execute();
      return this.#load(trx, id);
    });
  }

  /** Changes a draft; `expectedRevision` guards against a concurrent edit. */
  async update(actor: Actor, id: string, patch: Partial<Record<keyof AdvisoryFields, unknown>>, expectedRevision?: number): Promise<Advisory> {
    if (!isAnalyst(actor)) throw new ERR_ADVISORY_FORBIDDEN('only the office’s analysts edit advisories');
    return this.#audited(actor, 'advisory.update', id, { fields: Object.keys(patch) }, async (trx) => {
      const current = await this.#load(trx, id);
      if (current.status !== 'draft') throw new ERR_ADVISORY_STATE(id, `${current.status}: only drafts are edited`);
      if (expectedRevision !== undefined && expectedRevision !== current.revision) throw new ERR_ADVISORY_CONFLICT(id, String(current.revision), String(expectedRevision));
      const fields = checkAdvisoryFields({ ...current, ...patch });
      const n = await trx
        .updateTable('advisories')
        .set({ ...rowFields(fields), updated_at: this.#d.clock.now(), revision: current.revision + 1 })
        .where('id', '=', id)
        .where('revision', '=', current.revision)
        .executeTakeFirst();
      if (Number(n.numUpdatedRows) !== 1) throw new ERR_ADVISORY_CONFLICT(id, 'newer', String(current.revision));
      return this.#load(trx, id);
    });
  }

  /**
   * Publishes a draft to every organisation with an asset exposed to its CVEs: the recipients and
   * assets are kept as they are now, the STIX advisory goes into each recipient's collection, and
   * each recipient's contact gets an e-mail heads-up after the commit.
   */
  async publish(actor: Actor, id: string): Promise<AdvisoryDetail> {
    if (!isAnalyst(actor)) throw new ERR_ADVISORY_FORBIDDEN('only the office’s analysts publish advisories');
    const now = this.#d.clock.now();
    const published = await this.#audited(actor, 'advisory.publish', id, {}, async (trx) => {
      const a = await this.#load(trx, id);
      if (a.status !== 'draft') throw new ERR_ADVISORY_STATE(id, `${a.status}: only a draft is published`);
      const assets = await concernedAssets(trx, a.cves);
      if (assets.length === 0) throw new ERR_ADVISORY_NO_RECIPIENTS(id);
      const orgs = uniqueOrgs(assets);
      // Every recipient must be allowed the marking before anything is stored.
      for (const o of orgs) {
        const refusal = advisoryReleaseRefusal({ officeOrganization: this.#d.office.organization }, { organization: o, tlp: a.tlp });
        if (refusal !== undefined) throw new ERR_ADVISORY_NOT_RELEASABLE(`TLP:${a.tlp.toUpperCase()}`, `${o.name} (${refusal})`);
      }
      const due = now + a.acknowledgeWithinDays * DAY;
      await trx
        .updateTable('advisories')
        .set({ status: 'published', published_at: now, published_by: actor.userId, due_at: due, updated_at: now, revision: a.revision + 1 })
        .where('id', '=', id)
        .execute();
      await trx
        .insertInto('advisory_recipients')
        .values(orgs.map((o) => ({ advisory_id: id, organization_id: o.id, acknowledged_at: null, acknowledged_by: null, notified_at: null })))
        .execute();
      await snapshotAssets(trx, id, assets);
      for (const o of orgs) {
        await shareAdvisory(
          { db: trx, office: this.#d.office.identity, officeOrganization: this.#d.office.organization },
          { id, organization: o, title: a.title, summary: a.summary, action: a.action, cves: a.cves, tlp: a.tlp, publishedAt: now },
          now,
        );
      }
      return { advisory: await this.#load(trx, id), orgs };
    });
    await this.#notify(published.advisory, published.orgs);
    return this.get(actor, id);
  }

  /** Withdraws a published advisory (analysts): operators keep seeing it, marked withdrawn, and can no longer answer. */
  async withdraw(actor: Actor, id: string): Promise<Advisory> {
    if (!isAnalyst(actor)) throw new ERR_ADVISORY_FORBIDDEN('only the office’s analysts withdraw advisories');
    return this.#audited(actor, 'advisory.withdraw', id, {}, async (trx) => {
      const a = await this.#load(trx, id);
      if (a.status !== 'published') throw new ERR_ADVISORY_STATE(id, `${a.status}: only a published advisory is withdrawn`);
      await trx
        .updateTable('advisories')
        .set({ status: 'withdrawn', updated_at: this.#d.clock.now(), revision: a.revision + 1 })
        .where('id', '=', id)
        .execute();
      return this.#load(trx, id);
    });
  }

  /** Acknowledges receipt for the operator's own organisation (once; a second call changes nothing). */
  async acknowledge(actor: Actor, id: string): Promise<AdvisoryDetail> {
    const org = operatorOrg(actor);
    await this.#audited(actor, 'advisory.acknowledge', id, { organization: org }, async (trx) => {
      const a = await this.#visible(trx, actor, id);
      if (a.status !== 'published') throw new ERR_ADVISORY_STATE(id, `${a.status}: only a published advisory is acknowledged`);
      await trx
        .updateTable('advisory_recipients')
        .set({ acknowledged_at: this.#d.clock.now(), acknowledged_by: actor.userId })
        .where('advisory_id', '=', id)
        .where('organization_id', '=', org)
        .where('acknowledged_at', 'is', null)
        .execute();
    });
    return this.get(actor, id);
  }

  /** Records the operator's answer for one of its own assets in the advisory. */
  async answer(actor: Actor, id: string, assetId: string, input: { readonly answer: unknown; readonly note?: unknown }): Promise<AdvisoryDetail> {
    const org = operatorOrg(actor);
    const checked = checkAnswer(input);
    await this.#audited(actor, 'advisory.answer', id, { organization: org, asset: assetId, answer: checked.answer }, async (trx) => {
      const a = await this.#visible(trx, actor, id);
      if (a.status !== 'published') throw new ERR_ADVISORY_STATE(id, `${a.status}: answers are taken while it is published`);
      const n = await trx
        .updateTable('advisory_assets')
        .set({ answer: checked.answer, note: checked.note, answered_by: actor.userId, answered_at: this.#d.clock.now() })
        .where('advisory_id', '=', id)
        .where('asset_id', '=', assetId)
        .where('organization_id', '=', org)
        .executeTakeFirst();
      if (Number(n.numUpdatedRows) !== 1) throw new ERR_ADVISORY_NOT_FOUND(`${id} asset ${assetId}`);
    });
    return this.get(actor, id);
  }

  /** One advisory with the recipients and assets in the caller's scope. */
  async get(actor: Actor, id: string): Promise<AdvisoryDetail> {
    const db = this.#d.db;
    const advisory = await this.#visible(db, actor, id);
    const orgs = await this.#scopeOrgs(actor);
    if (advisory.status === 'draft') return { advisory, recipients: [], assets: previewAssets(await concernedAssets(db, advisory.cves)) };
    const now = this.#d.clock.now();
    return { advisory, ...(await recipientsOf(db, advisory, orgs, now)) };
  }

  /** Advisories the caller may see, newest first: analysts all; operators those sent to them; regulators those sent to their sector. */
  async list(actor: Actor, options: AdvisoryListOptions): Promise<Advisory[]> {
    const orgs = await this.#scopeOrgs(actor);
    let q = this.#d.db.selectFrom('advisories').selectAll();
    if (orgs !== undefined) {
      if (orgs.length === 0) return [];
      q = q.where('status', '!=', 'draft').where('id', 'in', (eb) => eb.selectFrom('advisory_recipients').select('advisory_id').where('organization_id', 'in', orgs));
    }
    if (options.status !== undefined) q = q.where('status', '=', options.status);
    if (options.overdue === true) {
      const now = this.#d.clock.now();
      q = q
        .where('status', '=', 'published')
        .where('due_at', '<', now)
        .where('id', 'in', (eb) => {
          let sub = eb.selectFrom('advisory_recipients').select('advisory_id').where('acknowledged_at', 'is', null);
          if (orgs !== undefined) sub = sub.where('organization_id', 'in', orgs);
          return sub;
        });
    }
    if (options.after !== undefined) {
      const { createdAt, id } = options.after;
      q = q.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
    return rows.map(toAdvisory);
  }

  /**
   * Drafts one advisory per CVE newly added to the KEV catalogue that concerns a registered asset
   * (for an analyst to review and publish); a CVE already in an advisory gets none. Returns the drafts.
   */
  async draftFromKev(added: readonly { readonly cve: string; readonly name: string; readonly requiredAction: string; readonly description: string }[]): Promise<Advisory[]> {
    const drafts: Advisory[] = [];
    const existing = new Set((await this.#d.db.selectFrom('advisories').select('cves').execute()).flatMap((r) => JSON.parse(r.cves) as string[]));
    for (const k of added) {
      if (existing.has(k.cve) || (await concernedAssets(this.#d.db, [k.cve])).length === 0) continue;
      drafts.push(
        await this.draft(
          'system',
          {
            title: `${k.cve}: ${k.name}`.slice(0, 200),
            summary: (k.description || k.name).slice(0, 5000),
            action: (k.requiredAction || 'Apply the vendor’s update.').slice(0, 5000),
            cves: [k.cve],
            acknowledgeWithinDays: 14,
            tlp: 'green',
          },
          'kev',
        ),
      );
    }
    return drafts;
  }

  /** Organisations in scope: undefined for analysts (all). */
  async #scopeOrgs(actor: Actor): Promise<string[] | undefined> {
    if (isAnalyst(actor)) return undefined;
    const ids = new Set<string>();
    if (actor.roles.includes('operator_reporter') && actor.organizationId !== undefined) ids.add(actor.organizationId);
    if (actor.roles.includes('sector_regulator') && actor.sector !== undefined) {
      for (const o of await this.#d.db.selectFrom('organizations').select('id').where('sector', '=', actor.sector).execute()) ids.add(o.id);
    }
    return [...ids];
  }

  /** The advisory when the caller may see it; otherwise not found. */
  async #visible(db: Kysely<Database>, actor: Actor, id: string): Promise<Advisory> {
    const a = await this.#load(db, id).catch(() => undefined);
    if (a === undefined) throw new ERR_ADVISORY_NOT_FOUND(id);
    const orgs = await this.#scopeOrgs(actor);
    if (orgs === undefined) return a;
    if (a.status === 'draft' || orgs.length === 0) throw new ERR_ADVISORY_NOT_FOUND(id);
    const sent = await db.selectFrom('advisory_recipients').select('organization_id').where('advisory_id', '=', id).where('organization_id', 'in', orgs).executeTakeFirst();
    if (sent === undefined) throw new ERR_ADVISORY_NOT_FOUND(id);
    return a;
  }

  async #load(db: Kysely<Database>, id: string): Promise<Advisory> {
    const row = await db.selectFrom('advisories').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new ERR_ADVISORY_NOT_FOUND(id);
    return toAdvisory(row);
  }

  async #audited<T>(actor: Actor | 'system', action: AuditEventInput['action'], id: string, details: Record<string, string | string[]>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    const out = await inTransaction(this.#d.db, async (trx) => {
      const result = await fn(trx);
      await this.#d.audit.record(trx, {
        actor: actor === 'system' ? { kind: 'system', id: 'sakimori' } : { kind: 'user', id: actor.userId, role: isAnalyst(actor) ? 'nco_analyst' : 'operator_reporter' },
        action,
        subjects: [{ type: 'advisory', id }],
        details,
      });
      return result;
    });
    await this.#d.audit.drain().catch((err: unknown) => this.#d.logger.error({ err }, 'advisory audit entries wait in the outbox'));
    return out;
  }

  async #notify(a: Advisory, orgs: readonly { id: string; name: string }[]): Promise<void> {
    const notify = this.#d.notify;
    if (notify === undefined) return;
    for (const o of orgs) {
      const contact = await this.#d.db.selectFrom('organizations').select('contact_email').where('id', '=', o.id).executeTakeFirst();
      if (contact?.contact_email === null || contact?.contact_email === undefined) continue;
      const due = new Date(a.dueAt ?? 0).toISOString();
      try {
        await notify({
          advisoryId: a.id,
          organizationId: o.id,
          to: contact.contact_email,
          subject: `Sakimori advisory ${a.id}: please acknowledge by ${due}`,
          // The content stays in the inbox: a marking never travels by mail.
          text: `The National Cybersecurity Office has published advisory ${a.id} concerning assets of ${o.name}.\nRead it and answer per asset in your Sakimori inbox; acknowledge by ${due}.\n`,
        });
        await this.#d.db.updateTable('advisory_recipients').set({ notified_at: this.#d.clock.now() }).where('advisory_id', '=', a.id).where('organization_id', '=', o.id).execute();
      } catch (err) {
        this.#d.logger.warn({ err, advisory: a.id, organization: o.id }, 'advisory e-mail heads-up could not be sent');
      }
    }
  }
}

function rowFields(f: AdvisoryFields) {
  return { title: f.title, summary: f.summary, action: f.action, cves: JSON.stringify(f.cves), acknowledge_within_days: f.acknowledgeWithinDays, tlp: f.tlp };
}

function operatorOrg(actor: Actor): string {
  if (!actor.roles.includes('operator_reporter') || actor.organizationId === undefined) throw new ERR_ADVISORY_FORBIDDEN('only a recipient organisation’s reporters acknowledge and answer advisories');
  return actor.organizationId;
}

function uniqueOrgs(assets: readonly ConcernedAsset[]): { id: string; name: string; sector: Sector }[] {
  const seen = new Map<string, { id: string; name: string; sector: Sector }>();
  for (const a of assets) if (!seen.has(a.organizationId)) seen.set(a.organizationId, { id: a.organizationId, name: a.organization, sector: a.sector });
  return [...seen.values()];
}

function previewAssets(assets: readonly ConcernedAsset[]): AdvisoryAsset[] {
  return assets.map((a) => ({
    assetId: a.assetId,
    organizationId: a.organizationId,
    label: a.label,
    cves: a.cves,
    priority: a.priority,
    answer: null,
    note: null,
    answeredBy: null,
    answeredAt: null,
  }));
}
