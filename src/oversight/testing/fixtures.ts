/** Helpers for oversight tests: actors, a case with a scope, and the audit entries a test produced. */
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { asId, type UserId } from '../../core/ids.js';
import type { Actor, Role } from '../../core/roles.js';
import type { Database } from '../../storage/database.js';
import { newId } from '../../storage/id.js';
import type { AuditEntry } from '../audit/entry.js';
import type { AuditStore } from '../audit/store/audit-store.js';

/** An actor with one role. */
export function actor(userId: string, ...roles: Role[]): Actor {
  return { userId: asId<UserId>(userId), roles };
}

/** Inserts a case row (operations' table) in `state`, created by `createdBy`; returns its id. */
export async function insertCase(
  db: Kysely<Database>,
  clock: Clock,
  state: 'open' | 'contained' | 'closed' = 'open',
  title = 'Botnet wave against Aozora Airlines',
  people: { readonly createdBy?: string; readonly assignee?: string } = {},
): Promise<string> {
  const now = clock.now();
  const id = newId(now);
  await db
    .insertInto('cases')
    .values({
      id,
      title,
      description: null,
      state,
      serious: 0,
      assignee: people.assignee ?? null,
      created_by: people.createdBy ?? 'usr_analyst',
      created_at: now,
      updated_at: now,
      closed_at: state === 'closed' ? now : null,
    })
    .execute();
  return id;
}

/** Links evidence to a case (operations' table), as a case worker would. */
export async function linkEvidence(db: Kysely<Database>, clock: Clock, caseId: string, kind: 'attack' | 'organization' | 'indicator', ref: string, addedBy = 'usr_analyst'): Promise<void> {
  const now = clock.now();
  await db
    .insertInto('case_evidence')
    .values({ id: newId(now), case_id: caseId, kind, ref, note: null, added_by: addedBy, added_at: now })
    .execute();
}

/** Inserts an attack row (detection's table) on `target`, ended at `endedAt` or still active. */
export async function insertAttack(db: Kysely<Database>, a: { readonly id: string; readonly target: string; readonly startedAt: number; readonly endedAt: number | null }): Promise<void> {
  const rates = JSON.stringify({});
  await db
    .insertInto('attacks')
    .values({
      id: a.id,
      scope: a.target.includes('/') ? 'prefix' : 'host',
      target: a.target,
      family: a.target.includes(':') ? 6 : 4,
      network_id: 'net_test',
      organization_id: 'org_test',
      network_prefix: a.target,
      state: a.endedAt === null ? 'active' : 'ended',
      started_at: a.startedAt,
      detected_at: a.startedAt,
      updated_at: a.endedAt ?? a.startedAt,
      ended_at: a.endedAt,
      end_reason: a.endedAt === null ? null : 'quiet',
      trigger: '{}',
      vectors: '[]',
      current_pps: 0,
      current_bps: 0,
      peak_pps: 0,
      peak_bps: 0,
      rates,
      peak: rates,
      thresholds: '{}',
      top_sources: '[]',
      source_count: 0,
      target_count: 1,
      total_packets: 0,
      total_bytes: 0,
    })
    .execute();
}

/** Every entry in an audit store, parsed. */
export async function auditEntries(store: AuditStore): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of store.entries(0, await store.size())) out.push(JSON.parse(new TextDecoder().decode(e.data)) as AuditEntry);
  return out;
}

/** The raw text of every entry (to check no personal value appears in the clear). */
export async function auditText(store: AuditStore): Promise<string> {
  const parts: string[] = [];
  for await (const e of store.entries(0, await store.size())) parts.push(new TextDecoder().decode(e.data));
  return parts.join('\n');
}
