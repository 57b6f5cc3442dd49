/**
 * The execution engine: puts approved (or emergency) actions in force through their executor,
 * keeps the per-target, per-peer state, retries failures, and takes every rule out of force on
 * time — on expiry, withdrawal or a withdrawal order.
 *
 * Security invariants enforced here:
 * - a rule is never applied before its deadline is stored (`begin` runs in the deciding
 *   transaction; `run` comes after the commit), so no restart can leave a rule without an end;
 * - at start, every live execution is reconciled: past its deadline it is expired without being
 *   applied again, otherwise re-applied and scheduled;
 * - operations on one execution are serialised, so a withdrawal never races its own apply.
 */
import type { Kysely } from 'kysely';
import type { BaseDeps, Component } from '../../core/component.js';
import type { Database } from '../../storage/database.js';
import { newId } from '../../storage/id.js';
import type { AuditActor } from '../../core/audit-event.js';
import { SYSTEM_AUDIT_ACTOR, type AuditSink } from '../audit.js';
import type { ActionOf } from '../catalogue/action.js';
import { isStanding, type Mechanism } from '../catalogue/mechanism.js';
import { ERR_OPERATIONS_NO_EXECUTOR, ERR_OPERATIONS_WITHDRAW_FAILED } from '../errors.js';
import type { OperationsMetrics } from '../metrics.js';
import { RequestStore } from '../requests/request-store.js';
import type { CountermeasureRequest } from '../requests/request.js';
import { endedEntry, reportEnded, reportStarted, startedEntries } from './engine-report.js';
import { stateAfterApply, type EndReason, type Execution, type ExecutionState, type TargetUpdate } from './execution.js';
import { ExecutionStore } from './execution-store.js';
import type { AnyExecutor, ExecutionContext, Executor, ExecutorRule } from './executor.js';
import { TargetBuffer } from './target-buffer.js';
import type { OperationsBus } from '../subjects.js';

/** Settings of the engine (from `operations.execution`). */
export interface EngineConfig {
  readonly retryAttempts: number;
  readonly retryDelayMs: number;
}

/** Collaborators of the engine. */
export interface EngineDeps extends BaseDeps {
  readonly db: Kysely<Database>;
  readonly executors: readonly AnyExecutor[];
  readonly audit: AuditSink;
  readonly bus: OperationsBus;
  readonly counters?: OperationsMetrics | undefined;
}

const LIVE: readonly ExecutionState[] = ['pending', 'active'];
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The execution engine component. */
export class ExecutionEngine implements Component {
  readonly name = 'operations-engine';
  readonly store: ExecutionStore;
  readonly #config: EngineConfig;
  readonly #deps: EngineDeps;
  readonly #requests: RequestStore;
  readonly #executors = new Map<Mechanism, Executor>();
  readonly #buffer: TargetBuffer;
  /** Live executions with a deadline: id → expiresAt. */
  readonly #deadlines = new Map<string, number>();
  readonly #chains = new Map<string, Promise<unknown>>();
  readonly #offs: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(config: EngineConfig, deps: EngineDeps) {
    this.#config = config;
    this.#deps = deps;
    this.store = new ExecutionStore(deps.db, deps.clock);
    this.#requests = new RequestStore(deps.db);
    this.#buffer = new TargetBuffer(this.store, deps.logger);
    for (const e of deps.executors) this.#executors.set(e.mechanism, e as Executor);
  }

  /** True when an executor for the mechanism is configured. */
  hasExecutor(m: Mechanism): boolean {
    return this.#executors.has(m);
  }

  /** The rules an action would put in force; throws {@link ERR_OPERATIONS_NO_EXECUTOR}. */
  rules(action: ActionOf<Mechanism>): ExecutorRule[] {
    return this.#executor(action.mechanism).rules(action as never);
  }

  #executor(m: Mechanism): Executor {
    const e = this.#executors.get(m);
    if (e === undefined) throw new ERR_OPERATIONS_NO_EXECUTOR(m);
    return e;
  }

  /** Reconciles stored executions with the executors, then schedules deadlines. */
  async start(): Promise<void> {
    this.#running = true;
    for (const e of this.#executors.values()) {
      const off = e.onUpdate?.((u) => this.#buffer.push(u));
      if (off !== undefined) this.#offs.push(off);
    }
    const now = this.#deps.clock.now();
    // Independent executions are reconciled side by side; each one's steps stay in order.
    const live = await this.store.inStates(LIVE);
    await Promise.all(live.map((e) => (e.expiresAt !== null && e.expiresAt <= now ? this.end(e.id, 'expired', SYSTEM_AUDIT_ACTOR) : this.run(e.id, { restored: true }))));
    for (const e of this.#executors.values()) {
      // A rule file that cannot be written now is rewritten on the next change; it must not stop
      // the engine, which still has BGP rules to expire.
      await e.sync?.().catch((err: unknown) => this.#deps.logger.error({ err, mechanism: e.mechanism }, 'could not regenerate rule file at start'));
    }
    this.#schedule();
  }

  /** Stops timers and writes pending state. Rules stay in force: their deadlines are stored. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const off of this.#offs.splice(0)) off();
    await Promise.allSettled([...this.#chains.values()]);
    await this.#buffer.flush();
  }

  /**
   * Inside the deciding transaction: stores the execution with its deadline and marks the
   * request active. Call {@link run} after the commit.
   */
  async begin(trx: Kysely<Database>, request: CountermeasureRequest): Promise<Execution> {
    this.#executor(request.mechanism);
    const now = this.#deps.clock.now();
    const standing = isStanding(request.mechanism);
    const execution: Execution = {
      id: newId(now),
      requestId: request.id,
      mechanism: request.mechanism,
      state: 'pending',
      startedAt: now,
      expiresAt: standing && request.durationSeconds !== null ? now + request.durationSeconds * 1000 : null,
      endedAt: null,
      endReason: null,
      lastError: null,
      updatedAt: now,
    };
    await new ExecutionStore(trx, this.#deps.clock).insert(execution);
    await new RequestStore(trx).transition(request.id, ['approved'], 'active', { now });
    return execution;
  }

  /** Applies a stored execution (with retries); resolves its new state. */
  run(executionId: string, options: { restored?: boolean } = {}): Promise<Execution | undefined> {
    return this.#serial(executionId, () => this.#apply(executionId, options.restored === true));
  }

  /** Applies a failed execution again with its original deadline; resolves its new state. */
  async retry(executionId: string): Promise<Execution | undefined> {
    const e = await this.store.get(executionId);
    if (e === undefined || e.state !== 'failed') return e;
    await this.#deps.db.transaction().execute(async (trx) => {
      const now = this.#deps.clock.now();
      await new ExecutionStore(trx, this.#deps.clock).transition(executionId, ['failed'], { state: 'pending', endedAt: null, endReason: null, lastError: null });
      await new RequestStore(trx).transition(e.requestId, ['failed'], 'active', { now, endReason: null });
    });
    return this.run(executionId);
  }

  /** Takes an execution's rules out of force and ends it; no-op when it already ended. */
  end(executionId: string, reason: Exclude<EndReason, 'completed' | 'failed'>, actor: AuditActor, note?: string): Promise<Execution | undefined> {
    return this.#serial(executionId, () => this.#end(executionId, reason, actor, note ?? null));
  }

  /** Expires every execution whose deadline has passed. */
  async tick(): Promise<void> {
    const now = this.#deps.clock.now();
    const due = [...this.#deadlines].filter(([, t]) => t <= now).map(([id]) => id);
    await Promise.all(due.map((id) => this.end(id, 'expired', SYSTEM_AUDIT_ACTOR)));
    this.#schedule();
  }

  /** Writes buffered target states now (tests, shutdown). */
  flush(): Promise<void> {
    return this.#buffer.flush();
  }

  /** Number of live executions with a deadline. */
  get liveCount(): number {
    return this.#deadlines.size;
  }

  /** Earliest stored deadline of a live execution. */
  nextDeadline(): number | undefined {
    let min: number | undefined;
    for (const t of this.#deadlines.values()) if (min === undefined || t < min) min = t;
    return min;
  }

  #serial<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#chains.get(id) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.#chains.set(id, next);
    const clear = (): void => {
      if (this.#chains.get(id) === next) this.#chains.delete(id);
    };
    next.then(clear, clear);
    return next;
  }

  #context(e: Execution, request: CountermeasureRequest, attempt: number): ExecutionContext {
    return {
      executionId: e.id,
      requestId: request.id,
      caseId: request.caseId,
      action: request.action,
      startedAt: e.startedAt,
      expiresAt: e.expiresAt,
      attempt,
      finalAttempt: attempt >= this.#config.retryAttempts,
    } as ExecutionContext;
  }

  async #attempts(e: Execution, request: CountermeasureRequest, op: 'apply' | 'remove'): Promise<{ updates: TargetUpdate[]; error: string | null }> {
    const ex = this.#executor(e.mechanism);
    let error: string | null = null;
    for (let attempt = 1; attempt <= this.#config.retryAttempts; attempt++) {
      try {
        return { updates: await ex[op](this.#context(e, request, attempt) as never), error: null };
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
        this.#deps.logger.warn({ err, execution: e.id, attempt, op }, `${op} failed`);
        if (attempt < this.#config.retryAttempts && this.#config.retryDelayMs > 0) await new Promise((r) => setTimeout(r, this.#config.retryDelayMs));
      }
    }
    return { updates: [], error };
  }

  async #apply(id: string, restored: boolean): Promise<Execution | undefined> {
    const e = await this.store.get(id);
    if (e === undefined || !LIVE.includes(e.state)) return e;
    const request = await this.#requests.require(e.requestId);
    const { updates, error } = await this.#attempts(e, request, 'apply');
    // Queue the applied states before the first I/O wait: state changes the executor reports
    // from now on (a route becoming active) are newer and must be written after these.
    const written = this.#buffer.write(updates, { attempt: true });
    const now = this.#deps.clock.now();
    let state: ExecutionState = stateAfterApply(updates);
    if (state === 'failed') {
      // Whatever part went through is taken back: a failed execution holds nothing in force.
      await this.#attempts(e, request, 'remove');
    }
    const failures = updates.filter((u) => u.error !== undefined).map((u) => u.error);
    // The new state and its audit entries commit together.
    const after = await this.#deps.db.transaction().execute(async (trx) => {
      const es = new ExecutionStore(trx, this.#deps.clock);
      const rs = new RequestStore(trx);
      if (state === 'failed') {
        await es.transition(id, LIVE, { state, endedAt: now, endReason: 'failed', lastError: error ?? failures[0] ?? 'nothing could be applied' });
        await rs.transition(request.id, ['active'], 'failed', { now, endReason: error ?? failures[0] ?? 'nothing could be applied' });
      } else if (!isStanding(e.mechanism)) {
        state = 'completed';
        await es.transition(id, LIVE, { state, endedAt: now, endReason: 'completed', lastError: null });
        await rs.transition(request.id, ['active'], 'completed', { now, endReason: null });
      } else {
        await es.transition(id, LIVE, { state: 'active', lastError: null });
      }
      const done = (await es.get(id))!;
      for (const entry of startedEntries(done, request, updates, restored)) await this.#deps.audit.record(trx, entry);
      return done;
    });
    if (state === 'failed' || !isStanding(e.mechanism)) this.#deadlines.delete(id);
    else if (e.expiresAt !== null) this.#deadlines.set(id, e.expiresAt);
    await written;
    await this.#drainAudit();
    await reportStarted(this.#deps, after, request, updates);
    this.#schedule();
    return (await this.store.get(id))!;
  }

  /** Appends recorded entries to the log; they are safe in the outbox if it cannot now. */
  async #drainAudit(): Promise<void> {
    try {
      await this.#deps.audit.drain();
    } catch (err) {
      this.#deps.logger.error({ err }, 'audit drain failed; the entries stay in the outbox until the log appends them');
    }
  }

  async #end(id: string, reason: Exclude<EndReason, 'completed' | 'failed'>, actor: AuditActor, note: string | null): Promise<Execution | undefined> {
    const e = await this.store.get(id);
    if (e === undefined || !LIVE.includes(e.state)) {
      this.#deadlines.delete(id);
      return e;
    }
    const request = await this.#requests.require(e.requestId);
    this.#buffer.forget(id);
    const { updates, error } = await this.#attempts(e, request, 'remove');
    if (error !== null) {
      // Still in force: keep the deadline so the next tick tries again, and say so.
      await this.store.transition(id, LIVE, { lastError: `withdrawal failed: ${error}` });
      if (e.expiresAt !== null) this.#deadlines.set(id, Math.min(e.expiresAt, this.#deps.clock.now()));
      throw new ERR_OPERATIONS_WITHDRAW_FAILED(id, error);
    }
    const now = this.#deps.clock.now();
    const state: ExecutionState = reason === 'expired' ? 'expired' : 'withdrawn';
    // The rules are out of force now; the ended state and its audit entry commit together.
    const after = await this.#deps.db.transaction().execute(async (trx) => {
      const es = new ExecutionStore(trx, this.#deps.clock);
      await es.transition(id, LIVE, { state, endedAt: now, endReason: reason });
      await new RequestStore(trx).transition(request.id, ['active'], state, { now, endReason: note ?? reason });
      const done = (await es.get(id))!;
      await this.#deps.audit.record(trx, endedEntry(done, request, reason, actor, now));
      return done;
    });
    this.#deadlines.delete(id);
    await this.#buffer.write(updates);
    await this.store.setAllTargets(id, 'withdrawn');
    await this.#drainAudit();
    await reportEnded(this.#deps, after, request, reason);
    return (await this.store.get(id))!;
  }

  #schedule(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const next = this.nextDeadline();
    if (!this.#running || next === undefined) return;
    const delay = Math.min(Math.max(0, next - this.#deps.clock.now()), MAX_TIMER_MS);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.tick().catch((err: unknown) => this.#deps.logger.error({ err }, 'expiry check failed'));
    }, delay);
    this.#timer.unref();
  }
}
