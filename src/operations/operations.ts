/**
 * The operations component: cases, countermeasure requests, prior approval, the emergency path and
 * execution, behind the services the HTTP API calls. Started after storage, the bus and the BGP
 * speaker; on start it reconciles stored executions (expiring what ran out while it was down,
 * re-applying the rest) and then checks deadlines and overdue reviews periodically.
 *
 * @example
 * ```ts
 * const executors = createDefaultExecutors(config.operations, { clock, dataDir, speaker, attacks, registry });
 * const ops = createOperations(config.operations, { clock, logger, metrics, storage, bus, audit, attacks, registry, executors, sha256: nodeSha256 });
 * await ops.start();
 * const { request } = await ops.requests.create(officer, { caseId, action: { mechanism: 'flowspec', … }, … });
 * await ops.approvals.vote(memberA, request.id, { decision: 'approve', digest: request.digest });
 * ```
 */
import type { Kysely } from 'kysely';
import type { BaseDeps, Component } from '../core/component.js';
import { defineError } from '../core/errors.js';
import type { Sha256 } from '../core/sha256.js';
import type { Database } from '../storage/database.js';
import type { NetworkStore } from '../registry/network-store.js';
import type { OrganizationStore } from '../registry/organization-store.js';
import { OperatorRegistry } from '../registry/registry.js';
import type { AttackLookup } from './attacks.js';
import type { AuditSink } from './audit.js';
import type { OperationsConfig } from './config.js';
import { ExecutionEngine } from './execution/engine.js';
import { createOperationsMetrics, type OperationsMetrics } from './metrics.js';
import type { AnyExecutor } from './execution/executor.js';
import { ProportionalityGuards } from './requests/guards.js';
import { ApprovalService } from './services/approval-service.js';
import { CaseService } from './services/case-service.js';
import type { RegistryView, ServiceContext } from './services/context.js';
import { EmergencyService } from './services/emergency-service.js';
import { ExecutionService } from './services/execution-service.js';
import { RequestService } from './services/request-service.js';
import type { OperationsBus } from './subjects.js';
import type { IntelMarkings } from './intel-markings.js';

/** The component was used before `start()`. */
export const ERR_OPERATIONS_NOT_STARTED = defineError<[]>('SAKIMORI_ERR_OPERATIONS_NOT_STARTED', 'operations is not started', 503);

/** Collaborators of the operations component. */
export interface OperationsDeps extends BaseDeps {
  /** Storage (its `db` is read at start, after storage has started). */
  readonly storage: { readonly db: Kysely<Database> };
  readonly bus: OperationsBus;
  readonly audit: AuditSink;
  readonly attacks: AttackLookup;
  /** Defaults to the registry tables in the same database. */
  readonly registry?: RegistryView;
  readonly executors: readonly AnyExecutor[];
  readonly sha256: Sha256;
  /** Markings of stored intelligence, for the PAP check of requests citing it. */
  readonly intel?: IntelMarkings;
}

/** The registry view over the registry tables. */
export function registryView(stores: { readonly networks: NetworkStore; readonly organizations: OrganizationStore }): RegistryView {
  const { networks, organizations: orgs } = stores;
  return {
    networks: () => networks.listForDetection(),
    organization: async (id) => {
      const o = await orgs.get(id);
      return o === undefined ? undefined : { name: o.name, contactEmail: o.contactEmail };
    },
  };
}

interface Services {
  readonly engine: ExecutionEngine;
  readonly cases: CaseService;
  readonly requests: RequestService;
  readonly approvals: ApprovalService;
  readonly emergency: EmergencyService;
  readonly executions: ExecutionService;
}

/** The operations component. */
export class Operations implements Component {
  readonly name = 'operations';
  readonly #config: OperationsConfig;
  readonly #deps: OperationsDeps;
  readonly #guards: ProportionalityGuards;
  readonly #counters: OperationsMetrics;
  #services: Services | undefined;
  #interval: NodeJS.Timeout | undefined;
  #checking: Promise<void> | undefined;

  constructor(config: OperationsConfig, deps: OperationsDeps) {
    this.#config = config;
    this.#deps = deps;
    // Parsing the allowlist here makes a bad entry fail at creation, before anything starts.
    this.#guards = new ProportionalityGuards(config);
    this.#counters = createOperationsMetrics(deps.metrics, () => this.#services?.engine.liveCount ?? 0);
  }

  #need(): Services {
    if (this.#services === undefined) throw new ERR_OPERATIONS_NOT_STARTED();
    return this.#services;
  }

  /** Cases, evidence, notes. */
  get cases(): CaseService {
    return this.#need().cases;
  }
  /** Requests on the prior-approval path, and the catalogue. */
  get requests(): RequestService {
    return this.#need().requests;
  }
  /** Votes and gates. */
  get approvals(): ApprovalService {
    return this.#need().approvals;
  }
  /** Emergency actions and their review. */
  get emergency(): EmergencyService {
    return this.#need().emergency;
  }
  /** Withdrawal, retry, outcome reports, target state. */
  get executions(): ExecutionService {
    return this.#need().executions;
  }
  /** The execution engine (tests, benchmarks). */
  get engine(): ExecutionEngine {
    return this.#need().engine;
  }

  /** Builds the services, reconciles executions and starts the periodic checks. */
  async start(): Promise<void> {
    if (this.#services !== undefined) return;
    const d = this.#deps;
    const db = d.storage.db;
    const engine = new ExecutionEngine(this.#config.execution, { ...d, db, executors: d.executors, counters: this.#counters });
    const ctx: ServiceContext = {
      config: this.#config,
      db,
      clock: d.clock,
      logger: d.logger.child({ component: 'operations' }),
      bus: d.bus,
      audit: d.audit,
      attacks: d.attacks,
      registry: d.registry ?? registryView(new OperatorRegistry(db, d.clock)),
      engine,
      guards: this.#guards,
      sha256: d.sha256,
      counters: this.#counters,
      intel: d.intel,
    };
    await engine.start();
    this.#services = {
      engine,
      cases: new CaseService(ctx),
      requests: new RequestService(ctx),
      approvals: new ApprovalService(ctx),
      emergency: new EmergencyService(ctx),
      executions: new ExecutionService(ctx),
    };
    await this.check();
    this.#interval = setInterval(() => void this.check(), this.#config.execution.checkIntervalMs);
    this.#interval.unref();
  }

  /** Expires due executions and escalates overdue reviews (what the periodic check does). */
  check(): Promise<void> {
    if (this.#checking !== undefined) return this.#checking;
    const s = this.#need();
    this.#checking = (async () => {
      try {
        await s.engine.tick();
        await s.emergency.escalateOverdueReviews();
      } catch (err) {
        this.#deps.logger.error({ err }, 'operations check failed');
      } finally {
        this.#checking = undefined;
      }
    })();
    return this.#checking;
  }

  /** Stops the checks and the engine; rules in force stay, with their stored deadlines. */
  async stop(): Promise<void> {
    if (this.#interval !== undefined) clearInterval(this.#interval);
    this.#interval = undefined;
    await this.#checking;
    await this.#services?.engine.stop();
    this.#services = undefined;
  }
}

/** Creates the operations component. */
export function createOperations(config: OperationsConfig, deps: OperationsDeps): Operations {
  return new Operations(config, deps);
}
