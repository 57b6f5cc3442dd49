/**
 * How operations records its steps in the audit log: the sink interface (the oversight audit log
 * satisfies it) and helpers that build events without personal data in `details` — target
 * addresses go in `personal`, where the log keeps only their keyed hashes.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Kysely } from 'kysely';
import type { Actor, Role } from '../core/roles.js';
import type { Database } from '../storage/database.js';
import type { AuditActor, AuditEventInput, PersonalKind } from '../core/audit-event.js';
import type { CountermeasureAction } from './catalogue/action.js';

/** Where audit events go; `AuditLog` from `src/oversight/audit` implements it. */
export interface AuditSink {
  /** Appends an event on its own (a refusal: there is no change to commit with it). */
  append(event: AuditEventInput): Promise<unknown>;
  /**
   * Records an event in the transaction `trx` of the change it describes (the audit outbox): both
   * commit, or neither does. Throws for an invalid event, which rolls the change back.
   */
  record(trx: Kysely<Database>, event: AuditEventInput): Promise<void>;
  /** Appends what was recorded to the log; resolves when it is durable there. */
  drain(): Promise<void>;
}

/**
 * Most personal references one entry carries. An entry is at most 64 KiB; the action digest in
 * `details` still binds the complete target list, which the request record holds.
 */
export const MAX_PERSONAL_REFS = 256;

/** The audit actor for a service caller acting in `role` (the platform itself when it has no id). */
export function auditActor(actor: Actor, role?: Role): AuditActor {
  if (actor.userId === 'system') return { kind: 'system', id: 'sakimori' };
  const r = role ?? actor.roles[0];
  return r === undefined ? { kind: 'user', id: actor.userId } : { kind: 'user', id: actor.userId, role: r };
}

/** The platform acting on its own (expiry, escalation). */
export const SYSTEM_AUDIT_ACTOR: AuditActor = Object.freeze({ kind: 'system', id: 'sakimori' });

type PersonalValue = { readonly kind: PersonalKind; readonly value: string };

function asPersonal(target: string): PersonalValue {
  // A host prefix is an address: recorded as one, so a search by address finds it.
  const host = /^(.*)\/(32|128)$/.exec(target);
  if (host !== null && (host[2] === '128') === host[1]!.includes(':')) return { kind: 'ip', value: host[1]! };
  return target.includes('/') ? { kind: 'prefix', value: target } : { kind: 'ip', value: target };
}

/** The addresses and prefixes an action names, as personal references (capped). */
export function actionPersonal(a: CountermeasureAction): { personal: PersonalValue[]; truncated: boolean } {
  let all: string[];
  switch (a.mechanism) {
    case 'rtbh':
      all = [a.victim];
      break;
    case 'flowspec':
      all = a.match.kind === 'traffic' ? [a.match.destination] : [...(a.match.destination === null ? [] : [a.match.destination]), ...a.match.sources];
      break;
    case 'blocklist':
      all = [...a.prefixes];
      break;
    case 'abuse_notice':
      all = [...a.sources];
      break;
    case 'isp_notice':
      all = a.hosts.map((h) => h.address);
      break;
    case 'access_neutralisation':
      all = a.target.address === null ? [] : [a.target.address];
      break;
    case 'dns_rpz':
      all = [];
      break;
  }
  return { personal: all.slice(0, MAX_PERSONAL_REFS).map(asPersonal), truncated: all.length > MAX_PERSONAL_REFS };
}
