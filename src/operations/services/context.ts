/**
 * What every operations service shares: collaborators, role checks, the audit of refusals, and
 * the facts the guards need (protected networks, linked attacks).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { isSakimoriError } from '../../core/errors.js';
import { formatPrefix, type Prefix } from '../../core/ip.js';
import { hasRole, type Actor, type Role } from '../../core/roles.js';
import type { Sha256 } from '../../core/sha256.js';
import type { AuditAction, AuditEventInput, SubjectRef } from '../../core/audit-event.js';
import type { Database } from '../../storage/database.js';
import type { Logger } from 'pino';
import type { AttackLookup, AttackView } from '../attacks.js';
import type { IntelMarkings } from '../intel-markings.js';
import { auditActor, type AuditSink } from '../audit.js';
import { parseTarget } from '../catalogue/prefixes.js';
import type { OperationsConfig } from '../config.js';
import type { OperationsMetrics } from '../metrics.js';
import { ERR_OPERATIONS_ATTACK_NOT_FOUND, ERR_OPERATIONS_FORBIDDEN } from '../errors.js';
import type { ExecutionEngine } from '../execution/engine.js';
import { appendAudit, publish } from '../execution/engine-report.js';
import type { PolicySettings } from '../policy/request-policy.js';
import type { GuardNetwork, GuardVictim, ProportionalityGuards } from '../requests/guards.js';
import type { OperationsBus, OperationsPayload, OperationsSubject } from '../subjects.js';

/** A protected network as the registry lists it for detection (`NetworkStore.listForDetection`). */
export interface RegistryNetwork {
  readonly prefix: Prefix;
  readonly organizationId: string;
  readonly organizationName: string;
}

/** What operations reads from the operator registry. */
export interface RegistryView {
  /** Every protected network with its organisation. */
  networks(): Promise<readonly RegistryNetwork[]>;
  /** An organisation's name and security contact, or undefined. */
  organization(id: string): Promise<{ readonly name: string; readonly contactEmail: string | null } | undefined>;
}

/** Collaborators shared by the services. */
export interface ServiceContext {
  readonly config: OperationsConfig;
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly bus: OperationsBus;
  readonly audit: AuditSink;
  readonly attacks: AttackLookup;
  readonly registry: RegistryView;
  readonly engine: ExecutionEngine;
  readonly guards: ProportionalityGuards;
  readonly sha256: Sha256;
  readonly counters: OperationsMetrics;
  /** Markings of intelligence cited as evidence (PAP); absent: intelligence evidence cannot open a network action. */
  readonly intel: IntelMarkings | undefined;
}

/** Roles that work on cases. */
export const CASE_WORKERS: readonly Role[] = ['nco_analyst', 'designated_officer', 'defence_operator'];
/** Roles that may read cases and requests. */
export const READERS: readonly Role[] = [...CASE_WORKERS, 'commission_member'];

/** The request policy's settings from the configuration. */
export function policySettings(ctx: Pick<ServiceContext, 'config'>): PolicySettings {
  return { emergencyMechanisms: ctx.config.emergency.mechanisms };
}

/** Throws {@link ERR_OPERATIONS_FORBIDDEN} unless the actor holds one of `roles`. */
export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!hasRole(actor, ...roles)) throw new ERR_OPERATIONS_FORBIDDEN(what, roles.join(', '));
}

/**
 * Runs `fn`; when it refuses with a coded error, records the refusal in the audit log (outcome
 * `denied`, the error code in the details) before rethrowing, so attempts — a self-approval, a
 * vote on a changed action — are visible to oversight, not only successes.
 */
export async function auditRefusals<T>(ctx: ServiceContext, actor: Actor, action: AuditAction, subjects: readonly SubjectRef[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isSakimoriError(e) && e.statusCode < 500) {
      ctx.counters.refusals.inc({ code: e.code });
      await appendAudit(ctx, { actor: auditActor(actor), action, outcome: 'denied', subjects, details: { code: e.code } });
    }
    throw e;
  }
}

/** Records one audit event in the current transaction (see {@link withAudit}). */
export type RecordAudit = (event: AuditEventInput) => Promise<void>;

/**
 * Runs `fn` in one database transaction together with the audit entries it records, then appends
 * those entries to the log. The change and its entries commit together or not at all: an entry
 * that cannot be recorded (invalid, or the database refuses it) rolls the change back, so nothing
 * is ever acknowledged without its entry.
 */
export async function withAudit<T>(ctx: ServiceContext, fn: (trx: Kysely<Database>, record: RecordAudit) => Promise<T>): Promise<T> {
  const out = await ctx.db.transaction().execute((trx) => fn(trx, (event) => ctx.audit.record(trx, event)));
  await drainAudit(ctx);
  return out;
}

/**
 * Appends recorded entries to the log. A failure here loses nothing — the entries are committed
 * in the outbox and the log appends them when it can (at the latest at its next start) — so it
 * is logged, not thrown at a caller whose change already committed.
 */
export async function drainAudit(ctx: Pick<ServiceContext, 'audit' | 'logger'>): Promise<void> {
  try {
    await ctx.audit.drain();
  } catch (err) {
    ctx.logger.error({ err }, 'audit drain failed; the entries stay in the outbox until the log appends them');
  }
}

/** Publishes a bus event; failures are logged. */
export function emit<S extends OperationsSubject>(ctx: ServiceContext, subject: S, data: OperationsPayload<S>): Promise<void> {
  return publish(ctx, subject, data);
}

/** The guards' view of the protected networks. */
export async function guardNetworks(ctx: ServiceContext): Promise<GuardNetwork[]> {
  const nets = await ctx.registry.networks();
  return nets.map((n) => ({ prefix: n.prefix, text: formatPrefix(n.prefix), organizationId: n.organizationId, organizationName: n.organizationName }));
}

/** Loads the linked attacks; throws {@link ERR_OPERATIONS_ATTACK_NOT_FOUND} for an unknown one. */
export async function linkedAttacks(ctx: ServiceContext, ids: readonly string[]): Promise<{ attack: AttackView; active: boolean }[]> {
  const out: { attack: AttackView; active: boolean }[] = [];
  for (const id of ids) {
    const attack = await ctx.attacks.get(id);
    if (attack === undefined) throw new ERR_OPERATIONS_ATTACK_NOT_FOUND(JSON.stringify(id));
    out.push({ attack, active: await ctx.attacks.isActive(id) });
  }
  return out;
}

/** The victims of linked attacks, for the RTBH guard. */
export function guardVictims(attacks: readonly { attack: AttackView }[]): GuardVictim[] {
  return attacks.map(({ attack }) => ({ attackId: attack.id, target: parseTarget(attack.target, 'attack target').prefix }));
}
