/**
 * Reads and writes executions and their per-target, per-peer state. Target writes come in bulk
 * (10 000 FlowSpec rules × peers), so they are chunked and grouped by state into a few
 * statements instead of one per row.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Database } from '../../storage/database.js';
import type { ExecutionTargetsTable, ExecutionsTable } from '../tables.js';
import { inTransaction } from '../../storage/transaction.js';
import type { Mechanism } from '../catalogue/mechanism.js';
import type { EndReason, Execution, ExecutionState, ExecutionTarget, TargetState, TargetUpdate } from './execution.js';

/** Rows per INSERT: 7 parameters each stays far below SQLite's 32 766 and PostgreSQL's 65 535. */
const CHUNK = 1000;

function toExecution(r: Selectable<ExecutionsTable>): Execution {
  return {
    id: r.id,
    requestId: r.request_id,
    mechanism: r.mechanism as Mechanism,
    state: r.state as ExecutionState,
    startedAt: r.started_at,
    expiresAt: r.expires_at,
    endedAt: r.ended_at,
    endReason: r.end_reason as EndReason | null,
    lastError: r.last_error,
    updatedAt: r.updated_at,
  };
}

function toTarget(r: Selectable<ExecutionTargetsTable>): ExecutionTarget {
  return { executionId: r.execution_id, ruleKey: r.rule_key, peer: r.peer, state: r.state as TargetState, attempts: r.attempts, error: r.error, updatedAt: r.updated_at };
}

/** Changes to an execution row. */
export interface ExecutionPatch {
  readonly state?: ExecutionState;
  readonly endedAt?: number | null;
  readonly endReason?: EndReason | null;
  readonly lastError?: string | null;
}

/** Store of executions and targets. */
export class ExecutionStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Inserts an execution (its deadline is persisted before any rule is applied). */
  async insert(e: Execution): Promise<void> {
    await this.#db
      .insertInto('executions')
      .values({
        id: e.id,
        request_id: e.requestId,
        mechanism: e.mechanism,
        state: e.state,
        started_at: e.startedAt,
        expires_at: e.expiresAt,
        ended_at: e.endedAt,
        end_reason: e.endReason,
        last_error: e.lastError,
        updated_at: e.updatedAt,
      })
      .execute();
  }

  /** The execution, or undefined. */
  async get(id: string): Promise<Execution | undefined> {
    const r = await this.#db.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toExecution(r);
  }

  /** The execution of a request, or undefined. */
  async byRequest(requestId: string): Promise<Execution | undefined> {
    const r = await this.#db.selectFrom('executions').selectAll().where('request_id', '=', requestId).executeTakeFirst();
    return r === undefined ? undefined : toExecution(r);
  }

  /** Executions in any of `states`, earliest deadline first. */
  async inStates(states: readonly ExecutionState[]): Promise<Execution[]> {
    const rows = await this.#db
      .selectFrom('executions')
      .selectAll()
      .where('state', 'in', [...states])
      .orderBy('expires_at')
      .orderBy('id')
      .execute();
    return rows.map(toExecution);
  }

  /** Updates an execution only while it is in one of `from`; false when it was not. */
  async transition(id: string, from: readonly ExecutionState[], patch: ExecutionPatch): Promise<boolean> {
    const set: Partial<ExecutionsTable> = { updated_at: this.#clock.now() };
    if (patch.state !== undefined) set.state = patch.state;
    if (patch.endedAt !== undefined) set.ended_at = patch.endedAt;
    if (patch.endReason !== undefined) set.end_reason = patch.endReason;
    if (patch.lastError !== undefined) set.last_error = patch.lastError;
    const r = await this.#db
      .updateTable('executions')
      .set(set)
      .where('id', '=', id)
      .where('state', 'in', [...from])
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /**
   * Writes target states: new (execution, rule, peer) rows are inserted, existing ones updated.
   * `attempt` adds one to the attempt counter of the rows written (an apply or remove attempt).
   */
  async writeTargets(updates: readonly TargetUpdate[], options: { attempt?: boolean } = {}): Promise<void> {
    if (updates.length === 0) return;
    const now = this.#clock.now();
    const inc = options.attempt === true ? 1 : 0;
    await inTransaction(this.#db, async (trx) => {
      for (let i = 0; i < updates.length; i += CHUNK) {
        const rows = updates.slice(i, i + CHUNK).map((u) => ({
          execution_id: u.executionId,
          rule_key: u.ruleKey,
          peer: u.peer,
          state: u.state,
          attempts: inc,
          error: u.error ?? null,
          updated_at: now,
        }));
        await trx
          .insertInto('execution_targets')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['execution_id', 'rule_key', 'peer']).doUpdateSet((eb) => ({
              state: eb.ref('excluded.state'),
              error: eb.ref('excluded.error'),
              updated_at: eb.ref('excluded.updated_at'),
              attempts: sql<number>`execution_targets.attempts + ${inc}`,
            })),
          )
          .execute();
      }
    });
  }

  /** Marks every target of an execution `state` (e.g. all withdrawn on expiry). */
  async setAllTargets(executionId: string, state: TargetState, error: string | null = null): Promise<void> {
    await this.#db.updateTable('execution_targets').set({ state, error, updated_at: this.#clock.now() }).where('execution_id', '=', executionId).execute();
  }

  /** Targets of an execution, by rule then peer. */
  async targets(executionId: string): Promise<ExecutionTarget[]> {
    const rows = await this.#db.selectFrom('execution_targets').selectAll().where('execution_id', '=', executionId).orderBy('rule_key').orderBy('peer').execute();
    return rows.map(toTarget);
  }

  /** Target counts of an execution per peer and state. */
  async targetSummary(executionId: string): Promise<{ peer: string; state: TargetState; n: number }[]> {
    const rows = await this.#db
      .selectFrom('execution_targets')
      .select(['peer', 'state', sql<number>`count(*)`.as('n')])
      .where('execution_id', '=', executionId)
      .groupBy(['peer', 'state'])
      .orderBy('peer')
      .orderBy('state')
      .execute();
    return rows.map((r) => ({ peer: r.peer, state: r.state as TargetState, n: Number(r.n) }));
  }
}
