/**
 * For tests of incident reporting: the incident tables (migration 0018) in a test database even
 * while the platform's migration list does not include them yet, organisations and actors to
 * write for, audit sinks that record or fail, and row counts to show a refusal wrote nothing.
 */
import type { Kysely } from 'kysely';
import { type AuditEventInput, validateEvent } from '../../../core/audit-event.js';
import type { ManualClock } from '../../../core/clock.js';
import { asId, type OrganizationId, type UserId } from '../../../core/ids.js';
import type { Actor, Role } from '../../../core/roles.js';
import type { Sector } from '../../../core/sectors.js';
import { type Organization, OrganizationStore } from '../../../registry/organization-store.js';
import type { Database } from '../../../storage/database.js';
import { inTransaction } from '../../../storage/transaction.js';
import type { IncidentAuditSink } from '../incident-audit.js';
import { IncidentService } from '../incident-service.js';
import { up } from '../../migrations/0018-cooperation-incidents.js';
import type { IncidentTables } from '../tables.js';

/** The test database seen with the incident tables (until they are merged into `Database`). */
export function incidentDb(db: Kysely<Database>): Kysely<IncidentTables> {
  return db as unknown as Kysely<IncidentTables>;
}

/** Applies migration 0018 unless `incidents` exists already. */
export async function ensureIncidentTables(db: Kysely<Database>): Promise<void> {
  const tables = await db.introspection.getTables();
  if (tables.some((t) => t.name === 'incidents')) return;
  await inTransaction(db as unknown as Kysely<unknown>, (trx) => up(trx));
}

/** An audit sink that keeps what it is given, after checking it as the audit log would. */
export class RecordingAudit implements IncidentAuditSink {
  readonly events: AuditEventInput[] = [];
  /** When set, every append fails with it (the log is down) and nothing is kept. */
  failWith: Error | undefined;

  async append(event: AuditEventInput): Promise<unknown> {
    if (this.failWith !== undefined) throw this.failWith;
    // The actions are checked against core's list once registered; everything else is checked now.
    validateEvent({ ...event, action: 'report.submit' });
    this.events.push(event);
    return undefined;
  }

  actions(): string[] {
    return this.events.map((e) => e.action);
  }
}

/** The organisations of the tests: an electricity operator and a bank, entered at `SEEDED`. */
export interface IncidentFixture {
  readonly kaminari: Organization;
  readonly kohaku: Organization;
}

/** When the fixture's organisations are entered in the registry. */
export const SEEDED = Date.UTC(2026, 8, 1);

/** Registers the fixture's organisations with the clock at {@link SEEDED}. */
export async function seedOrganizations(db: Kysely<Database>, clock: ManualClock): Promise<IncidentFixture> {
  const at = clock.now();
  clock.set(SEEDED);
  const orgs = new OrganizationStore(db, clock);
  const kaminari = await orgs.create({ name: 'Kaminari Power', sector: 'electricity' });
  const kohaku = await orgs.create({ name: 'Kohaku Bank', sector: 'finance' });
  clock.set(at);
  return { kaminari, kohaku };
}

/** An actor in one role. */
export function actor(userId: string, role: Role, scope: { organizationId?: string; sector?: Sector } = {}): Actor {
  return {
    userId: asId<UserId>(userId),
    roles: [role],
    ...(scope.organizationId === undefined ? {} : { organizationId: asId<OrganizationId>(scope.organizationId) }),
    ...(scope.sector === undefined ? {} : { sector: scope.sector }),
  };
}

/** A service over the test database, with the organisations of the registry and `JP` (plus `EU` for ids in `eu`). */
export function testService(db: Kysely<Database>, clock: ManualClock, audit: IncidentAuditSink, options: { eu?: readonly string[] } = {}): IncidentService {
  const orgs = new OrganizationStore(db, clock);
  return new IncidentService({
    db: incidentDb(db),
    clock,
    audit,
    orgs,
    jurisdictionsOf: (id) => ((options.eu ?? []).includes(id) ? ['JP', 'EU'] : ['JP']),
  });
}

const TABLES = ['incidents', 'incident_report_versions', 'incident_report_drafts', 'incident_requests', 'incident_events', 'incident_links'] as const;

/** Rows in each incident table. */
export async function incidentRowCounts(db: Kysely<Database>): Promise<Record<(typeof TABLES)[number], number>> {
  const out = {} as Record<(typeof TABLES)[number], number>;
  for (const t of TABLES) {
    const r = await incidentDb(db)
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}
