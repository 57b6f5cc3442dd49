/**
 * The reporter's changes to an incident itself: create it, change its facts, cite evidence. The
 * reports are in `report-writes.ts`, the regulator's actions in `regulator-writes.ts`.
 */
import type { Actor } from '../../core/roles.js';
import { asId, type OrganizationId } from '../../core/ids.js';
import { newId } from '../../storage/id.js';
import type { NamedAnchor } from '../regimes/index.js';
import { ERR_INCIDENT_DATE, ERR_INCIDENT_INVALID, ERR_INCIDENT_LINK, ERR_INCIDENT_ORGANIZATION_NOT_FOUND, ERR_INCIDENT_REGIME_NOT_APPLICABLE, ERR_INCIDENT_STATE } from './errors.js';
import type { Incident, IncidentId, IncidentLink } from './incident.js';
import { requireOwnOrganization, requirePower } from './incident-access.js';
import { auditedWrite, incidentAuditEvent } from './incident-audit.js';
import { evaluateIncident } from './incident-deadlines.js';
import { checkCreateShape, checkFacts, checkLinks, checkTimeZone, checkUpdateShape } from './incident-input.js';
import { incidentRow, NO_FACTS } from './incident-rows.js';
import { IncidentStore } from './incident-store.js';
import { profileOf, type RegimeProfile } from './regime-profile.js';
import { claim, hold, type OrganizationFacts, requireNotClosed, type ServiceContext, summaryColumns, timeline } from './service-context.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Refuses anchors in the future (beyond the reporter's clock skew) or before the organisation
 * existed (its designation, else its entry in the registry): {@link ERR_INCIDENT_DATE}.
 */
export function checkAnchorDates(anchors: Readonly<Partial<Record<NamedAnchor, number | null>>>, now: number, skewMs: number, org: OrganizationFacts): void {
  const since = org.designatedAt ?? org.createdAt;
  for (const [name, at] of Object.entries(anchors)) {
    if (at === null || at === undefined) continue;
    if (at > now + skewMs) throw new ERR_INCIDENT_DATE(`anchors.${name}`, `${iso(at)} lies in the future (now ${iso(now)})`);
    if (since !== undefined && at < since) throw new ERR_INCIDENT_DATE(`anchors.${name}`, `${iso(at)} lies before organization ${org.id} existed (${iso(since)})`);
  }
}

async function organization(ctx: ServiceContext, id: string): Promise<OrganizationFacts> {
  const org = await ctx.orgs.get(id);
  if (org === undefined) throw new ERR_INCIDENT_ORGANIZATION_NOT_FOUND(id);
  return org;
}

async function requireApplicable(ctx: ServiceContext, profile: RegimeProfile, organizationId: string): Promise<void> {
  const jurisdictions = await ctx.jurisdictionsOf(organizationId);
  const r = profile.regime;
  if (!jurisdictions.includes(r.jurisdiction)) throw new ERR_INCIDENT_REGIME_NOT_APPLICABLE(r.id, r.jurisdiction, organizationId, jurisdictions.join(', ') || 'none');
}

async function requireVisible(ctx: ServiceContext, actor: Actor, links: readonly IncidentLink[]): Promise<void> {
  if (ctx.linkVisible === undefined) return;
  for (const l of links) if (!(await ctx.linkVisible(actor, l))) throw new ERR_INCIDENT_LINK(l.kind, l.ref);
}

const linkSubjects = (links: readonly IncidentLink[]) => links.map((l) => ({ type: l.kind, id: l.ref }));

/** Creates an incident in `draft` for the reporter's own organisation. */
export async function createIncident(ctx: ServiceContext, actor: Actor, input: unknown): Promise<Incident> {
  requirePower(actor, 'report');
  const shape = checkCreateShape(input);
  requireOwnOrganization(actor, shape.organizationId);
  const org = await organization(ctx, shape.organizationId);
  const profile = profileOf(shape.regime);
  await requireApplicable(ctx, profile, org.id);
  const facts = checkFacts(profile, shape.anchors, shape.conditions, false);
  if (Object.keys(facts.anchors).length === 0) throw new ERR_INCIDENT_INVALID('/anchors', `give at least one of ${[...profile.anchors].join(', ')}`);
  const timeZone = checkTimeZone(profile, shape.timeZone);
  const now = ctx.clock.now();
  checkAnchorDates(facts.anchors, now, ctx.config.futureSkewMs, org);
  await requireVisible(ctx, actor, shape.links);
  const draft: Incident = {
    id: asId<IncidentId>(newId(now)),
    organizationId: asId<OrganizationId>(org.id),
    sector: org.sector,
    regime: shape.regime,
    title: shape.title,
    category: shape.category,
    state: 'draft',
    facts: { ...NO_FACTS, anchors: facts.anchors as Partial<Record<NamedAnchor, number>>, conditions: facts.conditions },
    timeZone,
    orderDueAt: null,
    nextDueAt: null,
    nextDueRef: null,
    overdue: false,
    nonCompliant: false,
    revision: 1,
    createdAt: now,
    createdBy: actor.userId,
    updatedAt: now,
    closedAt: null,
  };
  const s = evaluateIncident(draft, now, ctx); // refuses an unusable zone before anything is written
  const incident: Incident = { ...draft, nextDueAt: s.nextDueAt, nextDueRef: s.nextDueRef, overdue: s.overdue };
  return auditedWrite(
    ctx.db,
    ctx.audit,
    async (store, record) => {
      await store.insertIncident(incidentRow(incident));
      if (shape.links.length > 0) await store.addLinks(incident.id, shape.links, now, actor.userId);
      await timeline(store, incident.id, now, actor.userId, 'created', { regime: incident.regime, category: incident.category, anchors: incident.facts.anchors, links: shape.links.length });
      record(incidentAuditEvent({ actor, role: 'operator_reporter' }, 'incident.create', incident, { category: incident.category }, linkSubjects(shape.links)));
      return incident;
    },
    ctx.onAuditDrainError ?? (() => undefined),
  );
}

/**
 * Changes an incident's title, category, anchors, conditions or zone. An anchor or zone that
 * reports were already judged against cannot change (nor be removed); new anchors may be added at
 * any time (DORA's classification, NIS2's handling).
 */
export async function updateIncident(ctx: ServiceContext, actor: Actor, id: string, input: unknown): Promise<Incident> {
  const { incident, role } = await hold(ctx, actor, id, 'report');
  requireNotClosed(incident);
  const shape = checkUpdateShape(input);
  const profile = profileOf(incident.regime);
  const checked = checkFacts(profile, shape.anchors, shape.conditions, true);
  const submitted = Object.keys(incident.facts.submissions).length > 0;
  const anchors: Partial<Record<NamedAnchor, number>> = { ...incident.facts.anchors };
  const changed: string[] = [];
  for (const [name, at] of Object.entries(checked.anchors) as [NamedAnchor, number | null][]) {
    const old = anchors[name];
    if ((old ?? null) === at) continue;
    if (old !== undefined && submitted) throw new ERR_INCIDENT_STATE(id, `anchor ${name} cannot change: reports were judged against it`);
    if (at === null) delete anchors[name];
    else anchors[name] = at;
    changed.push(`anchors.${name}`);
  }
  if (Object.keys(anchors).length === 0) throw new ERR_INCIDENT_INVALID('/anchors', 'an incident keeps at least one anchor');
  const conditions = { ...incident.facts.conditions };
  for (const [name, v] of Object.entries(checked.conditions)) {
    if ((conditions[name] ?? false) === v) continue;
    conditions[name] = v;
    changed.push(`conditions.${name}`);
  }
  let timeZone = incident.timeZone;
  if ('timeZone' in shape) {
    const tz = checkTimeZone(profile, shape.timeZone);
    if (tz !== timeZone) {
      if (submitted) throw new ERR_INCIDENT_STATE(id, 'the time zone cannot change: reports were judged against it');
      timeZone = tz;
      changed.push('timeZone');
    }
  }
  if (shape.title !== undefined && shape.title !== incident.title) changed.push('title');
  if (shape.category !== undefined && shape.category !== incident.category) changed.push('category');
  if (changed.length === 0) return incident;
  const now = ctx.clock.now();
  checkAnchorDates(checked.anchors, now, ctx.config.futureSkewMs, await organization(ctx, incident.organizationId));
  const next: Incident = {
    ...incident,
    title: shape.title ?? incident.title,
    category: shape.category ?? incident.category,
    facts: { ...incident.facts, anchors, conditions },
    timeZone,
    revision: incident.revision + 1,
    updatedAt: now,
  };
  const s = evaluateIncident(next, now, ctx);
  return auditedWrite(
    ctx.db,
    ctx.audit,
    async (store, record) => {
      await claim(store, incident);
      await store.set(id, { title: next.title, category: next.category, facts: JSON.stringify(next.facts), time_zone: timeZone, updated_at: now, ...summaryColumns(s) });
      await timeline(store, id, now, actor.userId, 'updated', { changed, anchors: next.facts.anchors, conditions: next.facts.conditions });
      record(incidentAuditEvent({ actor, role }, 'incident.update', incident, { changed }));
      return { ...next, nextDueAt: s.nextDueAt, nextDueRef: s.nextDueRef, overdue: s.overdue };
    },
    ctx.onAuditDrainError ?? (() => undefined),
  );
}

/** Adds (`add`) or removes citations; links already there (or already gone) are left alone, and a call that changes nothing writes nothing. */
export async function changeLinks(ctx: ServiceContext, actor: Actor, id: string, input: unknown, add: boolean): Promise<IncidentLink[]> {
  const { incident, role } = await hold(ctx, actor, id, 'link');
  requireNotClosed(incident);
  const links = checkLinks(input);
  const present = new Set((await new IncidentStore(ctx.db).links(id)).map((l) => `${l.kind} ${l.ref}`));
  const todo = links.filter((l) => present.has(`${l.kind} ${l.ref}`) !== add);
  if (todo.length === 0) return [];
  if (add) await requireVisible(ctx, actor, todo);
  const now = ctx.clock.now();
  return auditedWrite(
    ctx.db,
    ctx.audit,
    async (store, record) => {
      // The claim makes the links read above current: every change of them claims the incident.
      await claim(store, incident);
      const done = add ? await store.addLinks(id, todo, now, actor.userId) : await store.removeLinks(id, todo);
      await store.set(id, { updated_at: now });
      await timeline(store, id, now, actor.userId, add ? 'linked' : 'unlinked', { links: done.map((l) => `${l.kind}:${l.ref}`) });
      record(incidentAuditEvent({ actor, role }, 'incident.link', incident, { change: add ? 'add' : 'remove', count: done.length }, linkSubjects(done)));
      return done;
    },
    ctx.onAuditDrainError ?? (() => undefined),
  );
}
