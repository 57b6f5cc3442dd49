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

/** Inserts a case row (operations' table) in `state`; returns its id. */
export async function insertCase(db: Kysely<Database>, clock: Clock, state: 'open' | 'contained' | 'closed' = 'open', title = 'Botnet wave against Aozora Airlines'): Promise<string> {
  const now = clock.now();
  const id = newId(now);
  await db
    .insertInto('cases')
    .values({ id, title, description: null, state, serious: 0, assignee: null, created_by: 'usr_analyst', created_at: now, updated_at: now, closed_at: state === 'closed' ? now : null })
    .execute();
  return id;
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
